/**
 * Font files from npm packages, read and parsed once per process.
 */
import { create, type Font } from 'fontkit'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { FontFamily, FontStyle } from '../../templates/shared/fonts.ts'

const require = createRequire(import.meta.url)
const cache = new Map<string, Buffer>()

/** Absolute path of a package-relative font file such as `@expo-google-fonts/noto-sans/…ttf`. */
export function resolveFontPath(packagePath: string): string {
  return require.resolve(packagePath)
}

/** The bytes of a package-relative font file, read once per process. */
export function readFontFile(packagePath: string): Buffer {
  let data = cache.get(packagePath)
  if (!data) {
    data = readFileSync(resolveFontPath(packagePath))
    cache.set(packagePath, data)
  }
  return data
}

const parsed = new Map<string, Font>()

/**
 * A package-relative font file parsed by fontkit, once per process: the card measures and outlines
 * with the very faces the PDF embeds, instead of a second copy of fontkit parsing them again. Every
 * user gets the face with its cached glyphs kept right (see `keepCodePoints`).
 */
export function parseFontFile(packagePath: string): Font {
  let font = parsed.get(packagePath)
  if (!font) {
    font = postNamesOnFirstUse(layoutMarksOnlyWhenThere(keepCodePoints(create(readFontFile(packagePath)))))
    parsed.set(packagePath, font)
  }
  return font
}

/** The font files parsed so far in this process (package-relative paths). */
export function parsedFontFiles(): string[] {
  return [...parsed.keys()]
}

/** fontkit's glyph lookup, which its types do not declare. */
export type GlyphSource = { getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } }

/**
 * fontkit caches a glyph with the code points of its first request. Subsetting asks for the
 * components of composite glyphs (Greek Ε is drawn from Latin E) without code points, so in a
 * font shared across documents (and with the card) a later document found `E` with none and lost it from the text
 * layer (ToUnicode). Give a cached glyph its code points when a later request knows them.
 */
function keepCodePoints(font: Font): Font {
  const source = font as unknown as GlyphSource
  const getGlyph = source.getGlyph.bind(font)
  source.getGlyph = (id, asked) => {
    // Layout always names the code points (an empty list for a glyph that stands for none); the
    // subset's requests for the parts of composite glyphs name none.
    const requestedEmpty = asked !== undefined && asked.length === 0
    const codePoints = asked ?? []
    const glyph = getGlyph(id, codePoints)
    // In place: a document that already holds this array (pdfkit keeps it for ToUnicode) sees the fix too.
    if (codePoints.length && !glyph.codePoints.length) glyph.codePoints.push(...codePoints)
    // One glyph can stand for several characters: Arabic fonts draw the medial ب ت ث ن ي with one
    // dotless base and add the dots as marks. Give this use its own code points (the cached glyph
    // keeps the first ones) so the text layer says ي where the author wrote ي.
    if (codePoints.length && !sameCodePoints(glyph.codePoints, codePoints))
      return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } })
    // A shaper's extra glyph for part of a character (Thai ำ drawn as ํ then า, the second with no
    // code point) must not borrow the code points of the character whose shape it shares.
    // Always a view of its own: the cached glyph's list may gain code points later (see above), and
    // a layout kept for reuse would then name them too.
    if (requestedEmpty) return Object.create(glyph, { codePoints: { value: [], enumerable: true } })
    return glyph
  }
  return font
}

export const sameCodePoints = (a: readonly number[], b: readonly number[]) =>
  a === b || (a.length === b.length && a.every((codePoint, index) => codePoint === b[index]))

/** The file of `style` in `family`, falling back to regular or bold when the family lacks it. */
export function fontFileFor(family: FontFamily, style: FontStyle): string {
  const { files } = family
  if (style === 'boldItalic') return files.boldItalic ?? files.bold ?? files.regular
  return files[style] ?? files.regular
}

/** The parts of fontkit's GDEF glyph classes read here (OpenType ClassDef formats 1 and 2). */
type ClassDef =
  | { version: 1; startGlyph: number; classValueArray: number[] }
  | { version: 2; classRangeRecord: Array<{ start: number; end: number; class: number }> }

/** The GDEF class of glyph `id` (3 is a mark), as fontkit's own `getClassID` finds it. */
function glyphClass(classDef: ClassDef, id: number): number {
  if (classDef.version === 1) return classDef.classValueArray[id - classDef.startGlyph] ?? 0
  return classDef.classRangeRecord.find((range) => range.start <= id && id <= range.end)?.class ?? 0
}

type LayoutArguments = [text: string, features?: unknown, script?: string, language?: string, direction?: string]
type Layout = (...args: LayoutArguments) => { glyphs: Array<{ id: number }> }

const COMBINING_MARK = /\p{M}/u

/**
 * fontkit decodes a GPOS lookup whole the first time a feature needs it, and Noto's mark and
 * mark-to-mark lookups (anchors for every base glyph) took 40 ms a face, 8 faces in a Latin article's
 * PDF: a fifth of a one-article build. Those lookups move mark glyphs only, so text with no combining
 * mark is shaped without them, and shaped again with them should a mark glyph come out after all.
 */
function layoutMarksOnlyWhenThere(font: Font): Font {
  const classDef = (font as unknown as { GDEF?: { glyphClassDef?: ClassDef } }).GDEF?.glyphClassDef
  if (!classDef) return font
  const shaper = font as unknown as { layout: Layout }
  const layout = shaper.layout.bind(font)
  shaper.layout = (text, features, ...rest) => {
    const overrides = withoutMarkFeatures(features)
    if (!overrides || COMBINING_MARK.test(text)) return layout(text, features, ...rest)
    const run = layout(text, overrides, ...rest)
    return run.glyphs.some((glyph) => glyphClass(classDef, glyph.id) === 3) ? layout(text, features, ...rest) : run
  }
  return font
}

/** `features` (fontkit's list or map of features) with mark and mkmk turned off; none when asked for. */
function withoutMarkFeatures(features: unknown): Record<string, boolean> | undefined {
  const map: Record<string, boolean> = Array.isArray(features)
    ? Object.fromEntries(features.map((tag: string) => [tag, true]))
    : { ...(features as Record<string, boolean> | undefined) }
  if (map.mark || map.mkmk) return undefined
  return { ...map, mark: false, mkmk: false }
}

/** The parts of a fontkit face that `postNamesOnFirstUse` reaches (restructure's table machinery). */
interface TableInternals {
  directory: { tables: Record<string, { tag: string; offset: number; length: number } | undefined> }
  stream: { buffer: Uint8Array }
  _tables: Record<string, unknown>
  _decodeTable(record: { tag: string; offset: number; length: number }): Record<string, unknown>
}

/** The fields of a version 2 `post` table after its fixed header: the glyph names. */
export const POST_NAME_FIELDS = ['numberOfGlyphs', 'glyphNameIndex', 'names'] as const

/**
 * fontkit decodes a face's `post` table whole on first use, a string for each of the 3,000 glyph
 * names of a Noto face, and pdfkit reads it to embed the face for two numbers of its fixed header
 * (`italicAngle`, `isFixedPitch`). A version 2 table gets its header read from the file at once, as
 * fontkit reads it, and its glyph names decoded by fontkit itself the first time something asks for
 * them (a glyph's `name`).
 */
export function postNamesOnFirstUse(font: Font): Font {
  const internals = font as unknown as TableInternals
  const record = internals.directory.tables.post
  if (!record || 'post' in internals._tables) return font
  const bytes = internals.stream.buffer
  const view = new DataView(bytes.buffer, bytes.byteOffset + record.offset, Math.min(record.length, 32))
  if (view.byteLength < 32 || view.getUint32(0) !== 0x00020000) return font
  let whole: Record<string, unknown> | undefined
  const post: Record<string, unknown> = {
    version: 2,
    italicAngle: view.getInt32(4) / 0x10000,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
    minMemType42: view.getUint32(16),
    maxMemType42: view.getUint32(20),
    minMemType1: view.getUint32(24),
    maxMemType1: view.getUint32(28),
  }
  for (const field of POST_NAME_FIELDS)
    Object.defineProperty(post, field, {
      enumerable: true,
      get: () => (whole ??= internals._decodeTable(record))[field],
    })
  internals._tables.post = post
  return font
}
