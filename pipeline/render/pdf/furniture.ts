/**
 * Page furniture, drawn once every page exists (bufferPages): the running footer (site name and
 * `n of N`) on every page and the running header (the title) from page two. All artifacts.
 */
import type { PdfContext } from './context.ts'
import { drawPlainText, plainWidth } from './plain-text.ts'

/** Draw header and footer on every buffered page. */
export function drawFurniture(ctx: PdfContext): void {
  const { doc, flow, metadata: m, palette, tagger, template } = ctx
  const { style, footerBaseline, headerBaseline } = template.furniture
  const range = doc.bufferedPageRange()
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
      const pageLabel = template.labels.pageNumber(index - range.start + 1, range.count)
      const labelWidth = plainWidth(ctx, pageLabel, style)
      drawPlainText(ctx, pageLabel, right - labelWidth, footerY, style)
      drawPlainText(ctx, template.labels.footerLeft(m), flow.left, footerY, style, flow.width - labelWidth - 24)
      if (index > range.start)
        drawPlainText(ctx, template.labels.runningHeader(m), flow.left, headerBaseline, style, flow.width)
    })
  }
}
