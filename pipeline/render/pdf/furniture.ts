/**
 * Page furniture, drawn once every page exists (bufferPages): the running footer (site name and
 * `n of N`) and, where a page asks for one, the running header (the article's title). All artifacts.
 */
import type { PdfBook } from './book.ts'
import { isRtl, type PdfContext } from './context.ts'
import { drawPlainText, plainWidth } from './plain-text.ts'

/** What one page's furniture shows: the article it belongs to (words, direction, site) and its header. */
export interface PageFurniture {
  ctx: PdfContext
  /** The running header; none on an article's first page, which has its masthead. */
  header?: string
}

/** Draw header and footer on every buffered page that has furniture. */
export function drawFurniture(book: PdfBook, pages: ReadonlyArray<PageFurniture | undefined>): void {
  const { doc, flow, palette, tagger, template } = book
  const { style, footerBaseline, headerBaseline } = template.furniture
  const range = doc.bufferedPageRange()
  for (let index = range.start; index < range.start + range.count; index++) {
    const page = pages[index]
    if (!page) continue
    const { ctx, header } = page
    // The page's article's language orders the fallback faces (Japanese or Chinese forms of Han).
    ctx.fonts.useLanguage(ctx.metadata.lang)
    const rtl = isRtl(ctx)
    doc.switchToPage(index)
    const pageHeight = doc.page.height
    const right = flow.left + flow.width
    tagger.artifact(() => {
      const footerY = pageHeight - footerBaseline
      doc
        .moveTo(flow.left, footerY - style.size * 1.6)
        .lineTo(right, footerY - style.size * 1.6)
        .lineWidth(0.5)
        .stroke(palette.rule)
      const pageLabel = template.labels.pageNumber(index - range.start + 1, range.count, ctx.words)
      const labelWidth = plainWidth(ctx, pageLabel, style)
      // The site name stands where lines start, the page number at the other end: mirrored in RTL.
      const [start, end] = rtl ? [right, flow.left] : [flow.left, right]
      const anchor = (side: number) => ({ anchor: side === right ? ('right' as const) : ('left' as const) })
      drawPlainText(ctx, pageLabel, end, footerY, style, Infinity, anchor(end))
      drawPlainText(
        ctx,
        template.labels.footerLeft(ctx.metadata),
        start,
        footerY,
        style,
        flow.width - labelWidth - 24,
        anchor(start),
      )
      if (header !== undefined) drawPlainText(ctx, header, start, headerBaseline, style, flow.width, anchor(start))
    })
  }
}
