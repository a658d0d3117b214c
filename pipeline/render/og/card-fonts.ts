/**
 * The card's fonts: which files a card needs (only the scripts its text uses), parsed once per process
 * for satori (drawing) and fontkit (measuring, for title fitting, and outlining right-to-left lines).
 */
import type { FontFamily } from '../../../templates/shared/fonts.ts'
import { fallbacks, sans } from '../../../templates/shared/fonts.ts'
import { parseFontFile, readFontFile, scriptsIn, type FallbackScript } from '../../fonts/font-files.ts'

/** What satori needs to know of one face (its `FontOptions`). */
export interface SatoriFont {
  name: string
  data: Buffer
  weight: 400 | 700
  style: 'normal'
}

/** The few fontkit calls the measuring uses (fontkit ships no types). */
export interface MeasuringFont {
  unitsPerEm: number
  hasGlyphForCodePoint(codePoint: number): boolean
  glyphForCodePoint(codePoint: number): { advanceWidth: number }
}

/** The faces of one card, for one combination of scripts. */
export interface CardFonts {
  /** For satori; the same array object for the same scripts, so satori's per-array cache holds. */
  satori: SatoriFont[]
  /** Faces to measure with, by weight, in fallback order. */
  measuring: Record<400 | 700, MeasuringFont[]>
  /** The family names, main face first: what `font-family` should list. */
  families: string[]
}

const cardFontsCache = new Map<string, CardFonts>()

/** Script order is fixed so that the cache key (and the fallback order) is too. */
const SCRIPT_ORDER: FallbackScript[] = ['arabic', 'hebrew', 'korean', 'cjk']

/** The fallback scripts a card showing `text` needs. */
export function cardScripts(text: string): FallbackScript[] {
  const used = new Set(scriptsIn(text))
  return SCRIPT_ORDER.filter((script) => used.has(script))
}

/** The fonts for a card using `scripts`, loaded and parsed once per process per combination. */
export function cardFonts(scripts: readonly FallbackScript[]): CardFonts {
  const key = SCRIPT_ORDER.filter((script) => scripts.includes(script)).join(',')
  let fonts = cardFontsCache.get(key)
  if (!fonts) {
    const families = [
      sans,
      ...SCRIPT_ORDER.filter((script) => scripts.includes(script)).map((script) => fallbacks[script]),
    ]
    fonts = loadFamilies(families)
    cardFontsCache.set(key, fonts)
  }
  return fonts
}

function loadFamilies(families: FontFamily[]): CardFonts {
  const satori: SatoriFont[] = []
  const measuring: CardFonts['measuring'] = { 400: [], 700: [] }
  for (const family of families) {
    for (const [weight, file] of [
      [400, family.files.regular],
      [700, family.files.bold ?? family.files.regular],
    ] as const) {
      const data = readFontFile(file)
      assertSatoriCanRead(file, data)
      satori.push({ name: family.name, data, weight, style: 'normal' })
      measuring[weight].push(parseFontFile(file) as unknown as MeasuringFont)
    }
  }
  return { satori, measuring, families: families.map((family) => family.name) }
}

/** Satori reads TTF, OTF and WOFF; a WOFF2 gives no error and no text, so refuse it loudly. */
function assertSatoriCanRead(file: string, data: Buffer): void {
  const magic = data.subarray(0, 4).toString('latin1')
  const known = magic === '\u0000\u0001\u0000\u0000' || magic === 'OTTO' || magic === 'true' || magic === 'wOFF'
  if (!known)
    throw new Error(
      `${file}: the social card needs a TTF, OTF or WOFF font (satori draws no text from ${magic === 'wOF2' ? 'WOFF2' : 'this format'})`,
    )
}
