/**
 * The page cursor: where the next block goes, how much room is left, and the page break. Blocks
 * that decorate across a break (quote rules, code backgrounds) register a listener.
 */
import type { Tagger } from './tagger.ts'
import { PAGE_SIZES, TEMPLATE_DEFAULTS, type PdfTemplate } from './template.ts'

/** Called just before a page break, while the old page is current, with the y where content stopped. */
export type BreakListener = (bottomOfContent: number) => void

/** Vertical position, column box and page breaks of one document. */
export class Flow {
  y: number
  left: number
  width: number
  readonly top: number
  readonly bottom: number
  private readonly listeners: BreakListener[] = []

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly template: PdfTemplate,
    private readonly tagger: () => Tagger,
    private readonly paintPage: () => void,
  ) {
    const [width, height] = PAGE_SIZES[template.page.size]
    const { margins } = template.page
    this.top = margins.top
    this.bottom = height - margins.bottom
    this.left = margins.left
    this.width = width - margins.left - margins.right
    this.y = this.top
  }

  /** Room left on this page below the cursor. */
  get room(): number {
    return this.bottom - this.y
  }

  /** Whether nothing has been drawn on this page yet. */
  get atTop(): boolean {
    return this.y <= this.top + 0.01
  }

  /** Add vertical space, except at the top of a page, where it would only push content down. */
  space(amount: number): void {
    if (!this.atTop) this.y = Math.min(this.y + amount, this.bottom)
  }

  /** Break the page unless `height` fits below the cursor (or the page is still empty). */
  ensure(height: number): void {
    if (this.y + height > this.bottom + 0.01 && !this.atTop) this.newPage()
  }

  /** Start a new page: listeners close their decoration, the cursor goes to the top. */
  newPage(): void {
    this.tagger().endContent()
    for (const listener of [...this.listeners]) listener(this.y)
    this.doc.addPage(pageOptions(this.template))
    this.paintPage()
    this.y = this.top
  }

  /**
   * The indents `indent` applies for `start` and `end`: as asked, or scaled down so the column keeps
   * the template's minimum measure (deeply nested quotes and lists stop indenting, never go negative).
   */
  fit(start: number, end: number): [number, number] {
    const room = this.width - Math.min(this.width, this.template.page.minMeasure ?? TEMPLATE_DEFAULTS.minMeasure)
    if (start + end <= room) return [start, end]
    const scale = Math.max(0, room) / (start + end)
    return [start * scale, end * scale]
  }

  /** Run `draw` with the column narrowed by `start` on the left and `end` on the right (see `fit`). */
  indent<T>(start: number, end: number, draw: () => T): T {
    const [left, right] = this.fit(start, end)
    this.left += left
    this.width -= left + right
    try {
      return draw()
    } finally {
      this.left -= left
      this.width += left + right
    }
  }

  /** Call `listener` at every page break until `draw` returns. */
  onBreak<T>(listener: BreakListener, draw: () => T): T {
    this.listeners.push(listener)
    try {
      return draw()
    } finally {
      this.listeners.splice(this.listeners.indexOf(listener), 1)
    }
  }
}

/** pdfkit page options for the template's size. The bottom margin is 0 so the footer never adds a page. */
export function pageOptions(template: PdfTemplate): PDFKit.PDFDocumentOptions {
  const { margins, size } = template.page
  return { size: PAGE_SIZES[size], margins: { ...margins, bottom: 0 } }
}
