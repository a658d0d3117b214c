/**
 * One line of plain text in one style, with glyph fallback but no wrapping: list labels, running
 * header and footer. Long text is shortened with an ellipsis to fit `maxWidth`.
 */
import type { PdfContext } from './context.ts'
import type { TextStyle } from './template.ts'

/** Draw `text` with its baseline at `baseline` starting at `x`; returns the width drawn. */
export function drawPlainText(
  ctx: PdfContext,
  text: string,
  x: number,
  baseline: number,
  style: TextStyle,
  maxWidth = Infinity,
): number {
  const { fonts, palette, text: writer } = ctx
  const shown = shorten(ctx, style.uppercase ? text.toUpperCase() : text, style, maxWidth)
  let cursor = x
  for (const piece of fonts.split(shown, style)) {
    writer.show(piece.text, cursor, baseline, {
      face: piece.face,
      size: style.size,
      color: palette[style.color ?? 'text'],
      tracking: style.tracking ?? 0,
    })
    cursor += fonts.width(piece.text, piece.face, style.size) + (style.tracking ?? 0) * [...piece.text].length
  }
  writer.close()
  return cursor - x
}

/** Width of `text` as `drawPlainText` would draw it. */
export function plainWidth(ctx: PdfContext, text: string, style: TextStyle): number {
  const shown = style.uppercase ? text.toUpperCase() : text
  return ctx.fonts
    .split(shown, style)
    .reduce(
      (sum, piece) =>
        sum + ctx.fonts.width(piece.text, piece.face, style.size) + (style.tracking ?? 0) * [...piece.text].length,
      0,
    )
}

/**
 * `text`, or its longest head that fits `maxWidth` with an ellipsis: a binary search over the
 * characters that could fit (no glyph is narrower than a fifth of an em), so a title of thousands
 * of characters costs a dozen short measurements, not one per character.
 */
function shorten(ctx: PdfContext, text: string, style: TextStyle, maxWidth: number): string {
  const characters = [...text]
  const bound = Math.ceil(maxWidth / (style.size * 0.2)) + 1
  if (characters.length <= bound && plainWidth(ctx, text, style) <= maxWidth) return text
  const head = (count: number) => `${characters.slice(0, count).join('').trimEnd()}…`
  let low = 0
  let high = Math.min(characters.length, bound)
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (plainWidth(ctx, head(middle), style) <= maxWidth) low = middle
    else high = middle - 1
  }
  return head(Math.max(low, 1))
}
