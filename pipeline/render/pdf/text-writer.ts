/**
 * Glyphs written straight into the page's content stream: one text object for a stretch of a line,
 * each word placed by a TJ adjustment, instead of pdfkit's `text()`, which saves the graphics state,
 * flips the coordinates, opens a text object and re-measures for every word it is given. Spaces are
 * drawn as real space glyphs, so the text layer keeps its words apart, justified or not.
 */
import { mirrorCodePoint, withoutBidiControls } from './bidi.ts'
import { type Face, type FontBook, type GlyphPosition, type ShapedGlyph, withCodePointMap } from './fonts.ts'

const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u
const MARK = /^\p{Mn}$/u
// Scripts whose shaper moves vowel signs before or around their consonant (Indic, Myanmar, Khmer).
const REORDERED =
  /[\p{sc=Deva}\p{sc=Beng}\p{sc=Guru}\p{sc=Gujr}\p{sc=Orya}\p{sc=Taml}\p{sc=Telu}\p{sc=Knda}\p{sc=Mlym}\p{sc=Sinh}\p{sc=Mymr}\p{sc=Khmr}]/u

/**
 * The glyph indices in the order of the characters they stand for, or undefined when the glyphs
 * already come in that order. Each glyph takes the place of the first unclaimed occurrence of its
 * code points; a glyph standing for none (part of a decomposed character) follows the one before it.
 */
export function logicalOrder(text: string, codePoints: readonly (readonly number[])[]): number[] | undefined {
  // Shapers decompose (Bengali ো is drawn as ে and া, each glyph naming its part): match against the decomposed text.
  const characters = [...text.normalize('NFD')].map((character) => character.codePointAt(0)!)
  const claimed = new Uint8Array(characters.length)
  const keys: number[] = []
  codePoints.forEach((named, index) => {
    let key = Number.POSITIVE_INFINITY
    // A glyph may name a precomposed letter (য় U+09DF) the decomposed text spells in two.
    const points = [...String.fromCodePoint(...named).normalize('NFD')].map((character) => character.codePointAt(0)!)
    for (const point of points) {
      const at = characters.findIndex((character, position) => character === point && !claimed[position])
      if (at < 0) continue
      claimed[at] = 1
      key = Math.min(key, at)
    }
    keys.push(Number.isFinite(key) ? key : (keys[index - 1] ?? -1) + 0.5)
  })
  if (keys.every((key, index) => index === 0 || key >= keys[index - 1]!)) return undefined
  return keys.map((_, index) => index).sort((a, b) => keys[a]! - keys[b]! || a - b)
}

/** How the glyphs of a piece relate to its text. */
export interface ShowOptions {
  /** The piece was reversed to be drawn (a neutral run in right-to-left text): write its glyphs last first. */
  rightToLeft?: boolean
  /** Its mirrored characters were swapped for their mirror images: each glyph copies as the character before the swap. */
  mirrored?: boolean
}

/** How one piece of text is drawn. */
export interface TextLook {
  face: Face
  size: number
  color: string
  /** Extra space after every glyph, in points (PDF `Tc`). */
  tracking?: number
}

// Outlines by face and glyph, for the process (see `outlineOf`).
const outlineOperators = new Map<string, Buffer>()

// Two decimals of a point (or of a thousandth of an em) is far below what any device shows.
const number = (value: number) => String(Math.round(value * 100) / 100)

export class TextWriter {
  private open = false
  private color: string | undefined
  private fontId: string | undefined
  private size = 0
  private tracking = 0
  /** Where the next glyph would land with no adjustment (x), and the baseline in use (y). */
  private penX = 0
  private penY = 0
  /** The open text object's operators, written to the page when it closes: nothing else is drawn meanwhile. */
  private written = ''
  /** The TJ array being built: hex strings and adjustments. */
  private pending: string[] = []
  /** Glyphs to draw as outlines once the text object is closed. */
  private readonly outlines: Array<{
    operators: Buffer
    x: number
    y: number
    size: number
    color: string
    unitsPerEm: number
  }> = []

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontBook,
  ) {}

  /**
   * Draw `text` with its left end at `x` and its baseline at `baseline` (pdfkit's top-down points).
   * Glyphs the shaper put out of the text's order (right-to-left words, Indic vowel signs written
   * before their consonant) are each placed where they belong but written in the text's order, so
   * the content stream reads as written for extractors that follow it (MuPDF, pdf.js).
   */
  show(shown: string, x: number, baseline: number, look: TextLook, options: ShowOptions = {}): void {
    const text = withoutBidiControls(shown)
    if (!text) return
    const tracking = look.tracking ?? 0
    if (this.open && look.color !== this.color) this.close()
    const font = this.fonts.use(look.face, look.size)
    const page = this.doc.page as unknown as { fonts: Record<string, unknown> }
    page.fonts[font.id] ??= font.ref()
    if (!this.open) {
      // Colour is set outside the text object, where pdfkit's own drawing expects it.
      this.doc.fillColor(look.color)
      this.add('BT')
      this.open = true
      this.color = look.color
      this.fontId = undefined
      this.moveTo(x, baseline)
    }
    if (font.id !== this.fontId || look.size !== this.size) {
      this.flush()
      this.add(`/${font.id} ${number(look.size)} Tf`)
      this.fontId = font.id
      this.size = look.size
    }
    if (tracking !== this.tracking) {
      this.flush()
      this.add(`${number(tracking)} Tc`)
      this.tracking = tracking
    }
    if (baseline !== this.penY) this.moveTo(x, baseline)
    else if (Math.abs(x - this.penX) > 0.005) this.pending.push(number(((this.penX - x) * 1000) / look.size))
    const [codes, positions, glyphs] = options.mirrored
      ? withCodePointMap(mirrorCodePoint, () => font.encode(text))
      : font.encode(text)
    // fontkit shapes a right-to-left run in logical order and hands the glyphs back reversed.
    const order =
      RIGHT_TO_LEFT.test(text) || options.rightToLeft
        ? glyphs.map((_, index) => glyphs.length - 1 - index)
        : REORDERED.test(text)
          ? logicalOrder(
              text,
              glyphs.map((glyph) => glyph.codePoints),
            )
          : undefined
    if (order || glyphs.some((glyph) => !glyph.codePoints.length))
      this.glyphsInOrder(
        codes,
        positions,
        glyphs,
        order ?? glyphs.map((_, index) => index),
        x,
        baseline,
        look,
        RIGHT_TO_LEFT.test(text) || options.rightToLeft === true,
      )
    else this.glyphs([codes, positions], x, baseline, look.size)
  }

  /** End the open text object: before anything else is drawn, tagged or marked. */
  close(): void {
    if (!this.open) return
    this.flush()
    // Character spacing is graphics state and outlives the text object; pdfkit assumes 0.
    if (this.tracking) this.add('0 Tc')
    this.add('ET')
    // As bytes: pdfkit turns a string into bytes a character at a time in JavaScript, and text
    // objects are most of a page's content.
    this.doc.addContent(Buffer.from(this.written, 'latin1'))
    this.written = ''
    this.open = false
    this.tracking = 0
    for (const outline of this.outlines.splice(0)) {
      const scale = outline.size / outline.unitsPerEm
      this.doc.save()
      this.doc.transform(scale, 0, 0, -scale, outline.x, outline.y)
      this.doc.addContent(outline.operators).fill(outline.color)
      this.doc.restore()
    }
  }

  private glyphs([codes, positions]: [string[], GlyphPosition[]], x: number, baseline: number, size: number): void {
    const scale = size / 1000
    let pen = x
    let hex = ''
    let displaced = false
    positions.forEach((position, index) => {
      if (position.xOffset || position.yOffset) {
        // A mark placed off the pen (Arabic vowels, stacked accents): its own move, then back.
        if (hex) this.pending.push(`<${hex}>`)
        hex = ''
        this.moveTo(pen + position.xOffset * scale, baseline - position.yOffset * scale)
        this.pending.push(`<${codes[index]}>`)
        displaced = true
      } else {
        if (displaced) {
          this.moveTo(pen, baseline)
          displaced = false
        }
        hex += codes[index]
        const kerning = position.xAdvance - position.advanceWidth
        if (kerning) {
          this.pending.push(`<${hex}>`, number(-kerning))
          hex = ''
        }
      }
      pen += position.xAdvance * scale + this.tracking
    })
    if (hex) this.pending.push(`<${hex}>`)
    if (displaced) this.moveTo(pen, baseline)
    // What the viewer advances by: the glyphs' widths and kerning, plus the tracking per glyph.
    this.penX = pen
    this.penY = baseline
  }

  /**
   * Glyphs placed left to right but written in `order` (glyph indices), each moved to its place.
   * A glyph that stands for no character (the second half of a decomposed Thai ำ or Bengali ো) is
   * drawn as an outline after the text object: as text it would copy as some other character.
   */
  private glyphsInOrder(
    codes: string[],
    positions: GlyphPosition[],
    glyphs: ShapedGlyph[],
    order: number[],
    x: number,
    baseline: number,
    look: TextLook,
    rightToLeft: boolean,
  ): void {
    const scale = look.size / 1000
    const pens: number[] = []
    let pen = x
    for (const position of positions) {
      pens.push(pen)
      pen += position.xAdvance * scale + this.tracking
    }
    for (const index of order) {
      const position = positions[index]!
      const at = { x: pens[index]! + position.xOffset * scale, y: baseline - position.yOffset * scale }
      if (!glyphs[index]!.codePoints.length) {
        const operators = this.outlineOf(look.face, glyphs[index]!)
        if (operators.length)
          this.outlines.push({
            operators,
            ...at,
            size: look.size,
            color: look.color,
            unitsPerEm: look.face.font.unitsPerEm,
          })
        continue
      }
      if (rightToLeft && glyphs[index]!.codePoints.every((point) => MARK.test(String.fromCodePoint(point)))) {
        // pdf.js adds a mark to the text item before it whatever its position, then reverses a
        // right-to-left item as if drawn in visual order (its base letter would follow it): a text
        // object of its own, in marked content, starts a new item.
        this.flush()
        this.add('ET /Span BMC BT')
        this.moveTo(at.x, at.y)
        this.pending.push(`<${codes[index]}>`)
        this.flush()
        this.add('ET EMC BT')
        continue
      }
      this.moveTo(at.x, at.y)
      this.pending.push(`<${codes[index]}>`)
    }
    // The next glyph goes after the rightmost one.
    this.moveTo(pen, baseline)
  }

  /**
   * A glyph's outline in font units, as the bytes pdfkit's `path()` writes for it. The same few glyphs
   * recur on every line of a Thai or Bengali article: drawing each from its SVG path again (parsed,
   * then each operator turned into bytes a character at a time) was 5 % of a batch's CPU.
   */
  private outlineOf(face: Face, glyph: ShapedGlyph): Buffer {
    const key = `${face.key} ${glyph.id}`
    let operators = outlineOperators.get(key)
    if (!operators) {
      const path = glyph.path.toSVG()
      const written: string[] = []
      if (path) {
        const doc = this.doc as unknown as { addContent(data: string): unknown }
        const addContent = doc.addContent
        // pdfkit writes a string with its line end.
        doc.addContent = (data: string) => {
          written.push(`${data}\n`)
          return doc
        }
        try {
          this.doc.path(path)
        } finally {
          doc.addContent = addContent
        }
      }
      operators = Buffer.from(written.join(''), 'latin1')
      outlineOperators.set(key, operators)
    }
    return operators
  }

  /** Put the next glyph at (x, baseline). The text matrix flips y back up: pdfkit's page is flipped. */
  private moveTo(x: number, baseline: number): void {
    this.flush()
    this.add(`1 0 0 -1 ${number(x)} ${number(baseline)} Tm`)
    this.penX = x
    this.penY = baseline
  }

  private flush(): void {
    if (!this.pending.length) return
    this.add(`[${this.pending.join(' ')}] TJ`)
    this.pending = []
  }

  private add(operator: string): void {
    // With the line end pdfkit would add; the text object goes to the page as one piece when closed.
    this.written += `${operator}\n`
  }
}
