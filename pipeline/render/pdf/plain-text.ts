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
  let shown = style.uppercase ? text.toUpperCase() : text
  while (plainWidth(ctx, shown, style) > maxWidth && shown.length > 1)
    shown = `${[...shown.replace(/…$/, '')].slice(0, -1).join('').trimEnd()}…`
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
