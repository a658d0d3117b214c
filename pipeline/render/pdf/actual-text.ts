/**
 * Marked content whose /ActualText is the logical text (ISO 32000-1 §14.9.4): glyphs drawn out of
 * reading order (right-to-left words, whose glyphs fontkit reverses; mirrored brackets; emoji
 * drawn as images) still copy, search and extract as written. poppler, MuPDF and pdf.js read
 * /ActualText from marked content, not from structure elements.
 */
import type { PdfContext } from './context.ts'

/** Run `draw` inside `/Span <</ActualText (…)>> BDC … EMC`, nested in whatever sequence is open. */
export function withActualText(ctx: PdfContext, text: string, draw: () => void): void {
  ctx.text.close()
  ctx.doc.addContent(`/Span <</ActualText ${hexString(text)}>> BDC`)
  try {
    draw()
  } finally {
    ctx.text.close()
    ctx.doc.addContent('EMC')
  }
}

/** A PDF text string in UTF-16BE with its byte order mark, as hex (any character, no escaping). */
function hexString(text: string): string {
  let hex = 'FEFF'
  for (let index = 0; index < text.length; index++) hex += text.charCodeAt(index).toString(16).padStart(4, '0')
  return `<${hex.toUpperCase()}>`
}
