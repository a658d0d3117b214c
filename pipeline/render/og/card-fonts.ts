/**
 * The card's fonts: which files a card needs (only the scripts its text uses), parsed once per process
 * for satori (drawing) and fontkit (measuring, for title fitting, and outlining right-to-left lines).
 */
import type { FallbackFamily, FontFamily } from '../../../templates/shared/fonts.ts'
import { sans } from '../../../templates/shared/fonts.ts'
import { hasPictograph } from '../../fonts/emoji.ts'
import { fallbackFor, fallbackOrder } from '../../fonts/fallback.ts'
import { parseFontFile, readFontFile } from '../../fonts/font-files.ts'
import { narrowCmap } from '../../fonts/narrow-cmap.ts'
import { loneCard } from './lone-card.ts'

/** What satori needs to know of one face (its `FontOptions`). */
export interface SatoriFont {
  name: string
  /**
   * The file's own memory: satori copies a Buffer's bytes out to an ArrayBuffer of their own before
   * it parses them (then HarfBuzz copies them again), and a worker that draws Japanese and Chinese
   * cards held each 5-10 MB face three times.
   */
  data: ArrayBuffer
  weight: 400 | 700
  style: 'normal'
}

/** The few fontkit calls the measuring uses (fontkit ships no types). */
export interface MeasuringFont {
  unitsPerEm: number
  hasGlyphForCodePoint(codePoint: number): boolean
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number }
}

/** The faces of one card, for one combination of scripts. */
export interface CardFonts {
  /** For satori; the same array object for the same scripts, so satori's per-array cache holds. */
  satori: SatoriFont[]
  /** The parsed face of each of `satori`'s, in the same order. */
  satoriFaces: MeasuringFont[]
  /** Faces to measure with, by weight, in fallback order. */
  measuring: Record<400 | 700, MeasuringFont[]>
  /** The family names, main face first: what `font-family` should list. */
  families: string[]
}

const cardFontsCache = new Map<string, CardFonts>()

/**
 * The fallback families a card showing `text` in `lang` needs, in the language's order: for each
 * character the card's main face lacks, the first family whose cmap has it.
 */
export function cardFallbacks(text: string, lang: string): FallbackFamily[] {
  const main = parseFontFile(sans.files.regular)
  const order = fallbackOrder(lang)
  const needed = new Set<FallbackFamily>()
  const seen = new Set<string>()
  for (const character of text) {
    if (seen.has(character)) continue
    seen.add(character)
    if (/\s/.test(character) || hasPictograph(character) || main.hasGlyphForCodePoint(character.codePointAt(0)!))
      continue
    const family = fallbackFor(character, order)
    if (family) needed.add(family)
  }
  return order.filter((family) => needed.has(family))
}

/** The fonts for a card using `families` (in fallback order), loaded and parsed once per process per combination. */
export function cardFonts(families: readonly FallbackFamily[]): CardFonts {
  const key = families.map((family) => family.name).join(',')
  let fonts = cardFontsCache.get(key)
  if (!fonts) {
    fonts = loadFamilies([sans, ...families])
    cardFontsCache.set(key, fonts)
  }
  return fonts
}

function loadFamilies(families: FontFamily[]): CardFonts {
  const satori: SatoriFont[] = []
  const satoriFaces: MeasuringFont[] = []
  const measuring: CardFonts['measuring'] = { 400: [], 700: [] }
  for (const family of families) {
    for (const [weight, file] of [
      [400, family.files.regular],
      [700, family.files.bold ?? family.files.regular],
    ] as const) {
      const data = readFontFile(file)
      assertSatoriCanRead(file, data)
      const face = parseFontFile(file) as unknown as MeasuringFont
      satori.push({ name: family.name, data: ownMemory(data), weight, style: 'normal' })
      satoriFaces.push(face)
      measuring[weight].push(face)
    }
  }
  return { satori, satoriFaces, measuring, families: families.map((family) => family.name) }
}

/**
 * The faces satori draws `text` with: `fonts.satori`, or, for a lone card, its faces for other
 * scripts with only `text`'s characters in their cmap. satori reads a face's whole cmap, one entry
 * a character: a CJK face's two weights were 130 ms of a one-article build, for a card that shows a
 * hundred of its 45,000 characters; a batch parses them once for all its cards. Composed and
 * decomposed forms are kept, for the shaper's normalisation, and the dotted circle it may insert.
 */
export function satoriFonts(fonts: CardFonts, text: string): SatoriFont[] {
  if (!loneCard) return fonts.satori
  const codePoints = new Set<number>([DOTTED_CIRCLE])
  for (const form of [text, text.normalize('NFC'), text.normalize('NFD')])
    for (const character of form) codePoints.add(character.codePointAt(0)!)
  return fonts.satori.map((font, index) => {
    if (font.name === sans.name) return font
    const face = fonts.satoriFaces[index]!
    const glyphOf = (codePoint: number) =>
      face.hasGlyphForCodePoint(codePoint) ? face.glyphForCodePoint(codePoint).id : 0
    return { ...font, data: ownMemory(narrowCmap(new Uint8Array(font.data), codePoints, glyphOf)) }
  })
}

const DOTTED_CIRCLE = 0x25cc

/** The ArrayBuffer holding exactly `bytes`: their own when they fill it (a file read whole), else a copy. */
function ownMemory(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes
  return byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer
    ? buffer
    : (buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer)
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
