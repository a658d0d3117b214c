/**
 * Page furniture, drawn once every page exists (bufferPages): the running footer (site name and
 * `n of N`) on every page and the running header (the title) from page two. All artifacts.
 */
import { isRtl, type PdfContext } from './context.ts'
import { drawPlainText, plainWidth } from './plain-text.ts'

/** Draw header and footer on every buffered page. */
export function drawFurniture(ctx: PdfContext): void {
  const { doc, flow, metadata: m, palette, tagger, template } = ctx
  const { style, footerBaseline, headerBaseline } = template.furniture
  const range = doc.bufferedPageRange()
  const rtl = isRtl(ctx)
  for (let index = range.start; index < range.start + range.count; index++) {
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
        template.labels.footerLeft(m),
        start,
        footerY,
        style,
        flow.width - labelWidth - 24,
        anchor(start),
      )
      if (index > range.start)
        drawPlainText(ctx, template.labels.runningHeader(m), start, headerBaseline, style, flow.width, anchor(start))
    })
  }
}
