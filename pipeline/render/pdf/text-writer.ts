/**
 * Glyphs written straight into the page's content stream: one text object for a stretch of a line,
 * each word placed by a TJ adjustment, instead of pdfkit's `text()`, which saves the graphics state,
 * flips the coordinates, opens a text object and re-measures for every word it is given. Spaces are
 * drawn as real space glyphs, so the text layer keeps its words apart, justified or not.
 */
import type { Face, FontBook, GlyphPosition } from './fonts.ts'

/** How one piece of text is drawn. */
export interface TextLook {
  face: Face
  size: number
  color: string
  /** Extra space after every glyph, in points (PDF `Tc`). */
  tracking?: number
}

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
  /** The TJ array being built: hex strings and adjustments. */
  private pending: string[] = []

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontBook,
  ) {}

  /** Draw `text` with its left end at `x` and its baseline at `baseline` (pdfkit's top-down points). */
  show(text: string, x: number, baseline: number, look: TextLook): void {
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
    this.glyphs(font.encode(text), x, baseline, look.size)
  }

  /** End the open text object: before anything else is drawn, tagged or marked. */
  close(): void {
    if (!this.open) return
    this.flush()
    // Character spacing is graphics state and outlives the text object; pdfkit assumes 0.
    if (this.tracking) this.add('0 Tc')
    this.add('ET')
    this.open = false
    this.tracking = 0
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
    this.doc.addContent(operator)
  }
}
