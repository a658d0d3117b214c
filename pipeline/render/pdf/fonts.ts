/**
 * Fonts for the PDF: every face parsed once per process with fontkit (pdfkit would re-parse a
 * registered buffer for every document), registered lazily per document, and a glyph-by-glyph
 * fallback across the shared families, because pdfkit never falls back by itself.
 */
import type { Font } from 'fontkit'
import type { FallbackFamily, FontFamily, FontStyle } from '../../../templates/shared/fonts.ts'
import { fallbackFor, fallbackOrder, hasNoScript } from '../../fonts/fallback.ts'
import { fontFileFor, parseFontFile, sameCodePoints, type GlyphSource } from '../../fonts/font-files.ts'
import { withoutBidiControls } from './bidi.ts'
import type { FontRole } from './template.ts'

/** A parsed face, named by its package path. */
export interface Face {
  key: string
  font: Font
  /** Whether the face has a glyph for a BMP code point: 0 not asked yet, 1 yes, 2 no (see `hasGlyph`). */
  coverage: Uint8Array
}

/**
 * Whether `face` draws `codePoint`. Every character of a PDF's text is asked about, and fontkit
 * answers by walking the cmap each time: the BMP answers are kept per face.
 */
export function hasGlyph(face: Face, codePoint: number): boolean {
  if (codePoint > 0xffff) return face.font.hasGlyphForCodePoint(codePoint)
  let known = face.coverage[codePoint]!
  if (known === 0) face.coverage[codePoint] = known = face.font.hasGlyphForCodePoint(codePoint) ? 1 : 2
  return known === 1
}

const parsedFaces = new Map<string, Face>()

/** The face of a package-relative font file, parsed on first use and then shared by every document. */
export function loadFace(packagePath: string): Face {
  let face = parsedFaces.get(packagePath)
  if (!face) {
    face = { key: packagePath, font: parseFontFile(packagePath), coverage: new Uint8Array(0x10000) }
    readGlyphsOnce(face.font)
    parsedFaces.set(packagePath, face)
  }
  return face
}

/** pdfkit's font of one document (the parts Galley uses). */
export interface EmbeddedFont {
  id: string
  ref(): unknown
  layoutCache: Record<string, unknown>
  /** Shaped `text`, word by word through `layoutCache`; with `onlyWidth` its advance alone (1,000 an em). */
  layout(text: string, features: undefined, onlyWidth: true): { advanceWidth: number }
  /** Glyph codes (hex), their placements, and the glyphs (the code points each stands for, its outline). */
  encode(text: string): [string[], GlyphPosition[], ShapedGlyph[]]
}

/** A shaped glyph: the characters it stands for and its outline (font units, y up). */
export interface ShapedGlyph {
  id: number
  codePoints: number[]
  path: { toSVG(): string }
}

/** A shaped glyph's placement, in thousandths of an em (pdfkit's scale). */
export interface GlyphPosition {
  xAdvance: number
  xOffset: number
  yOffset: number
  advanceWidth: number
}

// Shaping a word with fontkit costs far more than drawing it, and newsroom prose repeats its words
// from article to article: every document of this process reads the same shaped words. pdfkit
// shapes space-separated pieces and keeps them in `layoutCache`; the runs it stores depend only on
// the face and the text, so one table per face serves every document. Bounded, then started afresh.
const LAYOUTS_PER_FACE = 50_000
const layouts = new Map<string, { table: Record<string, unknown>; documents: number }>()

function sharedLayouts(face: Face): Record<string, unknown> {
  let shared = layouts.get(face.key)
  // Counting the table's keys is not free: look every 32 documents.
  if (!shared || (++shared.documents % 32 === 0 && Object.keys(shared.table).length > LAYOUTS_PER_FACE)) {
    shared = { table: Object.create(null) as Record<string, unknown>, documents: 0 }
    layouts.set(face.key, shared)
  }
  return shared.table
}

// Line breaking measures the same words again and again, and pdfkit's widthOfString walks each text
// a character at a time to find its words before it looks them up: the advance of each text is kept
// per face for every document of the process, at 1,000 units an em. Bounded like the layouts.
const advances = new Map<string, Map<string, number>>()

function sharedAdvances(face: Face): Map<string, number> {
  let known = advances.get(face.key)
  if (!known || known.size > LAYOUTS_PER_FACE) advances.set(face.key, (known = new Map()))
  return known
}

/** What fontkit's TrueType subset keeps of a glyph: its `glyf` bytes, components and metrics. */
interface SubsetGlyph {
  bytes: Uint8Array
  components: Array<{ glyphID: number; pos: number }> | undefined
  advance: number
  bearing: number
}
type TtfSubset = {
  font: Font & {
    loca: { offsets: number[] }
    _variationProcessor?: unknown
    _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array }
  }
  glyf: Uint8Array[]
  loca: { offsets: number[] }
  hmtx: { metrics: Array<{ advance: number; bearing: number }> }
  offset: number
  includeGlyph(id: number): number
  _addGlyph(id: number): number
}
const subsetGlyphs = new WeakMap<object, Map<number, SubsetGlyph>>()
const fastSubsets = new WeakSet<object>()

/**
 * fontkit's TrueType subset decodes every glyph it embeds with restructure, for every document: a
 * few milliseconds a PDF spent reading the same glyphs of the same faces again. Read each glyph
 * once per process (its bytes, its components, its metrics) and add it to each subset as fontkit
 * does; variable fonts keep fontkit's own path, which re-encodes outlines.
 */
function readGlyphsOnce(font: Font): void {
  const prototype = Object.getPrototypeOf((font as unknown as { createSubset(): object }).createSubset()) as TtfSubset
  if (fastSubsets.has(prototype) || typeof prototype._addGlyph !== 'function') return
  fastSubsets.add(prototype)
  const addGlyph = prototype._addGlyph
  prototype._addGlyph = function (this: TtfSubset, gid: number) {
    if (this.font._variationProcessor) return addGlyph.call(this, gid)
    let glyphs = subsetGlyphs.get(this.font)
    if (!glyphs) subsetGlyphs.set(this.font, (glyphs = new Map()))
    let glyph = glyphs.get(gid)
    if (!glyph) {
      const source = (this.font as unknown as GlyphSource).getGlyph(gid) as unknown as {
        _decode(): { numberOfContours: number; components?: Array<{ glyphID: number; pos: number }> } | null
        advanceWidth: number
        _getMetrics(): { leftBearing: number }
      }
      const decoded = source._decode()
      const stream = this.font._getTableStream('glyf')
      stream.pos += this.font.loca.offsets[gid]!
      const bytes = new Uint8Array(stream.readBuffer(this.font.loca.offsets[gid + 1]! - this.font.loca.offsets[gid]!))
      glyph = {
        bytes,
        components: decoded && decoded.numberOfContours < 0 ? decoded.components : undefined,
        advance: source.advanceWidth,
        bearing: source._getMetrics().leftBearing,
      }
      glyphs.set(gid, glyph)
    }
    let bytes = glyph.bytes
    if (glyph.components) {
      // A compound glyph names its parts by glyph id: renumber them for this subset, in a copy.
      bytes = new Uint8Array(bytes)
      const view = new DataView(bytes.buffer)
      for (const component of glyph.components) view.setUint16(component.pos, this.includeGlyph(component.glyphID))
    }
    this.glyf.push(bytes)
    this.loca.offsets.push(this.offset)
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing })
    this.offset += bytes.length
    return this.glyf.length - 1
  }
}

type EmbeddedFontLike = {
  subset: { includeGlyph(id: number): number; glyphs: number[] }
  unicode: number[][]
  widths: number[]
  scale: number
  layout(
    text: string,
    features?: unknown,
  ): {
    glyphs: Array<{ id: number; codePoints: number[]; advanceWidth: number; path: { toSVG(): string } }>
    positions: unknown[]
  }
}
const patched = new WeakSet<object>()
let codePointMap: ((codePoint: number) => number | number[]) | undefined

/**
 * Run `draw` with every glyph it encodes standing for `map(code point)` in the text layer: a
 * bracket drawn mirrored in right-to-left text (the glyph of `)` for `(`) copies as written.
 */
export function withCodePointMap<T>(map: (codePoint: number) => number | number[], draw: () => T): T {
  codePointMap = map
  try {
    return draw()
  } finally {
    codePointMap = undefined
  }
}

/**
 * pdfkit writes one ToUnicode entry per glyph of the subset, the first it saw. When one glyph is
 * used for different characters (see above), give each use its own copy of the glyph in the subset,
 * so each has its own entry and text extraction, search and screen readers get the real letters.
 */
function mapEachUseOfAGlyph(embedded: object): void {
  const prototype = Object.getPrototypeOf(embedded) as EmbeddedFontLike
  if (patched.has(prototype)) return
  patched.add(prototype)
  layoutWordByWord(prototype)
  ;(prototype as unknown as { encode: (text: string, features?: unknown) => [string[], unknown[], unknown[]] }).encode =
    function encode(this: EmbeddedFontLike & { uses?: Map<string, number> }, text, features) {
      const { glyphs: shaped, positions } = this.layout(text, features)
      const map = codePointMap
      const glyphs = map
        ? shaped.map((glyph) => Object.create(glyph, { codePoints: { value: glyph.codePoints.flatMap(map) } }))
        : shaped
      this.uses ??= new Map()
      const codes = glyphs.map((glyph) => {
        let gid = this.subset.includeGlyph(glyph.id)
        const known = this.unicode[gid]
        // A glyph the shaper added for part of a character (Thai ำ is drawn as ํ and า, and only the
        // first carries the code point) must not copy as the character its shape also serves.
        if (known && !sameCodePoints(known, glyph.codePoints)) {
          const key = `${glyph.id}:${glyph.codePoints}`
          gid = this.uses!.get(key) ?? this.subset.glyphs.push(glyph.id) - 1
          this.uses!.set(key, gid)
        }
        this.widths[gid] ??= glyph.advanceWidth * this.scale
        this.unicode[gid] ??= glyph.codePoints
        return `0000${gid.toString(16)}`.slice(-4)
      })
      return [codes, positions, glyphs]
    }
}

/** What `layoutWordByWord` reads of pdfkit's embedded font. */
interface LayingOut {
  layoutRun(text: string, features: unknown): LaidOut
  layoutCached(text: string): LaidOut
}
interface LaidOut {
  glyphs: unknown[]
  positions: unknown[]
  advanceWidth: number
}

/**
 * pdfkit's `layout` finds the words of a text a character at a time, making an array for each
 * character to test it against space and tab, and copies every glyph before a word to add the
 * word's (quadratic in a long text): 1 % of a batch's CPU. This one hands the same pieces (each up
 * to and with its space or tab, then the rest) to the same `layoutCached`, in the same order, so the
 * glyphs, positions and advance are the same. pdfkit's own stays reachable as `upstream`.
 */
function layoutWordByWord(prototype: object): void {
  const target = prototype as { layout: ((...args: never[]) => unknown) & { upstream?: unknown } }
  const upstream = target.layout
  target.layout = Object.assign(
    function layout(this: LayingOut, text: string, features?: unknown, onlyWidth?: boolean): LaidOut | object {
      if (features) return this.layoutRun(text, features)
      const glyphs: unknown[] | null = onlyWidth ? null : []
      const positions: unknown[] | null = onlyWidth ? null : []
      let advanceWidth = 0
      const add = (piece: string) => {
        const run = this.layoutCached(piece)
        if (glyphs && positions) {
          for (const glyph of run.glyphs) glyphs.push(glyph)
          for (const position of run.positions) positions.push(position)
        }
        advanceWidth += run.advanceWidth
      }
      let last = 0
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index)
        if (code === 0x20 || code === 0x09) {
          add(text.slice(last, index + 1))
          last = index + 1
        }
      }
      if (last < text.length) add(text.slice(last))
      return { glyphs, positions, advanceWidth }
    },
    { upstream },
  )
}

/** A style request: role plus weight and slant. */
export interface FaceRequest {
  role: FontRole
  bold?: boolean | undefined
  italic?: boolean | undefined
}

/** A piece of text and the face that has all its glyphs. */
export interface FacedText {
  text: string
  face: Face
}

const styleOf = (request: FaceRequest): FontStyle =>
  request.bold ? (request.italic ? 'boldItalic' : 'bold') : request.italic ? 'italic' : 'regular'

// Characters that take the face of their neighbours: joiners, variation selectors, marks, spaces.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: one code point at a time; \p{M} is a class, not a mark
const CLINGS = /[\p{M}\u200c-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufe00-\ufe0f\s]/u

/** The faces of one document: registers each with pdfkit once, measures and splits text by glyph coverage. */
export class FontBook {
  private readonly registered = new Set<string>()
  private readonly missing = new Set<string>()
  private order: FallbackFamily[]

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly families: Record<FontRole, FontFamily>,
    /** The article's language: it orders the fallback faces (Japanese forms for `ja`…). */
    lang: string,
  ) {
    this.order = fallbackOrder(lang)
  }

  /** Order the fallback faces for `lang` from now on (the next article of a digest). */
  useLanguage(lang: string): void {
    this.order = fallbackOrder(lang)
  }

  /** The characters no face could draw since the last call, in the order met (each shows as the main face's box). */
  takeMissingCharacters(): string[] {
    const missing = [...this.missing]
    this.missing.clear()
    return missing
  }

  /** The main face of a role and style. */
  primary(request: FaceRequest): Face {
    return loadFace(fontFileFor(this.families[request.role], styleOf(request)))
  }

  /**
   * Split `text` into runs, each in the first face (primary, fallbacks for the character's script,
   * other roles, any fallback) that has its glyphs. Punctuation, digits, spaces and marks stay in
   * the face of the run they follow when it has them, so 「。」 after Japanese stays Japanese.
   */
  split(text: string, request: FaceRequest): FacedText[] {
    const primary = this.primary(request)
    const runs: FacedText[] = []
    for (const character of text) {
      const last = runs[runs.length - 1]
      const codePoint = character.codePointAt(0)!
      // In a run of the primary face, a character it has stays in it, clinging or not.
      const face =
        last?.face === primary && hasGlyph(primary, codePoint)
          ? primary
          : last && (CLINGS.test(character) || hasNoScript(character)) && hasGlyph(last.face, codePoint)
            ? last.face
            : this.faceFor(codePoint, character, primary, request)
      if (last && last.face === face) last.text += character
      else runs.push({ text: character, face })
    }
    return runs
  }

  /** Whether some face has a glyph for every visible character of `text`. */
  canDraw(text: string): boolean {
    const style = 'regular'
    return [...text].every(
      (character) => CLINGS.test(character) || this.findFace(character.codePointAt(0)!, character, style) !== undefined,
    )
  }

  /** Select `face` at `size` in the document, registering it on first use; returns pdfkit's font. */
  use(face: Face, size: number): EmbeddedFont {
    if (!this.registered.has(face.key)) {
      // pdfkit accepts a fontkit font object: no second parse.
      this.doc.registerFont(face.key, face.font as unknown as string)
      this.registered.add(face.key)
      this.doc.font(face.key, size)
      const embedded = (this.doc as unknown as { _font: EmbeddedFont })._font
      mapEachUseOfAGlyph(embedded)
      embedded.layoutCache = sharedLayouts(face)
    }
    this.doc.font(face.key, size)
    return (this.doc as unknown as { _font: EmbeddedFont })._font
  }

  /** Advance width of `text` in `face` at `size`, shaped as pdfkit will draw it (bidi controls take none). */
  width(text: string, face: Face, size: number): number {
    const known = sharedAdvances(face)
    let advance = known.get(text)
    // A face measured in a document is registered in it, as pdfkit's own measuring did.
    if (advance === undefined || !this.registered.has(face.key)) {
      advance = this.use(face, size).layout(withoutBidiControls(text), undefined, true).advanceWidth
      known.set(text, advance)
    }
    // As pdfkit's widthOfString scales it, so the width is the same to the last bit.
    return advance * (size / 1000)
  }

  private faceFor(codePoint: number, character: string, primary: Face, request: FaceRequest): Face {
    // Bidi controls are never drawn: no face needs them.
    if (hasGlyph(primary, codePoint) || withoutBidiControls(character) === '') return primary
    const face = this.findFace(codePoint, character, styleOf(request))
    if (face) return face
    if (!CLINGS.test(character)) this.missing.add(character)
    return primary
  }

  /** The first face that has the character: fallbacks made for its script, the roles, then any fallback. */
  private findFace(codePoint: number, character: string, style: FontStyle): Face | undefined {
    const made = fallbackFor(character, this.order, { anyScript: false })
    if (made) return this.styled(made, style, codePoint)
    for (const role of ['body', 'heading', 'mono'] as const) {
      const face = loadFace(fontFileFor(this.families[role], style))
      if (hasGlyph(face, codePoint)) return face
    }
    const any = fallbackFor(character, this.order)
    return any ? this.styled(any, style, codePoint) : undefined
  }

  /** The family's face of `style`, or its regular face when that style lacks the glyph. */
  private styled(family: FontFamily, style: FontStyle, codePoint: number): Face {
    const face = loadFace(fontFileFor(family, style))
    return hasGlyph(face, codePoint) ? face : loadFace(family.files.regular)
  }
}
