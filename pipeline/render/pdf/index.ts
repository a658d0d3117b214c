/**
 * The newsletter PDF renderer: the shared tree drawn with pdfkit into a small, tagged, reproducible
 * document. Steps, in order: open the document, draw the article (masthead, body), finish (footer
 * furniture, bytes); see book.ts, which a digest uses to draw several articles into one document.
 */
import type { Renderer } from '../../types.ts'
import { drawArticle, finishPdf, openPdf, pageCount, prepareArticle } from './book.ts'
import type { PdfTemplate } from './template.ts'

export type { PdfTemplate } from './template.ts'

/** Render an article as the newsletter PDF. Reads nothing but its fonts; the tree is not changed. */
export const renderPdf: Renderer<PdfTemplate> = async ({ tree, metadata, template, assets, file }) => {
  const book = openPdf(metadata, template)
  const ctx = await prepareArticle(book, { tree, metadata, assets, file })
  drawArticle(ctx, tree)
  // The running header (the title) from page two: page one has the masthead.
  const header = template.labels.runningHeader(metadata)
  return finishPdf(
    book,
    Array.from({ length: pageCount(book) }, (_, index) => ({ ctx, ...(index > 0 ? { header } : {}) })),
  )
}
