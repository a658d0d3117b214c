/**
 * One line of plain text in one style, with glyph fallback, emoji and the bidi algorithm but no
 * wrapping: list labels, kicker, running header and footer. Long text is shortened with an ellipsis
 * to fit `maxWidth`. Text drawn out of logical order carries its logical text as ActualText.
 */
import { emojiParts, EMOJI_EM, emojiImageKey } from './atoms.ts'
import { baseDirection, drawnText, embeddingLevels, hasRtl, visualOrder } from './bidi.ts'
import type { PdfContext } from './context.ts'
import type { Face } from './fonts.ts'
import type { TextStyle } from './template.ts'
import { withActualText } from './actual-text.ts'
import { drawEdgeMarker, showAsText } from './copyable-text.ts'

interface Piece {
  /** Position in logical order. */
  index: number
  text: string
  face?: Face
  emoji: boolean
  level: number
  width: number
}

/** Where `x` is: the line's left end (default) or its right end. */
export interface PlainTextOptions {
  anchor?: 'left' | 'right'
}

/** Draw `text` with its baseline at `baseline` from `x`; returns the width drawn. */
export function drawPlainText(
  ctx: PdfContext,
  text: string,
  x: number,
  baseline: number,
  style: TextStyle,
  maxWidth = Infinity,
  options: PlainTextOptions = {},
): number {
  const { palette, text: writer } = ctx
  // Shortened by halves, not a character at a time: a 4,000-character title took seconds.
  const shown = shorten(ctx, style.uppercase ? text.toUpperCase() : text, style, maxWidth)
  const logical = logicalPieces(ctx, shown, style)
  const pieces = hasRtl(shown) ? visualPieces(ctx, shown, style, logical) : logical
  const width = pieces.reduce((sum, piece) => sum + piece.width, 0)
  // Each piece at its place on the line, written in logical order (see TextWriter.show).
  let cursor = options.anchor === 'right' ? x - width : x
  const placed = pieces.map((piece) => {
    const at = cursor
    cursor += piece.width
    return { piece, x: at }
  })
  placed.sort((a, b) => a.piece.index - b.piece.index)
  const reordered = pieces.some((piece) => piece.level > 0)
  const look = (face: Face) => ({ face, size: style.size, color: palette[style.color ?? 'text'] })
  const draw = () => {
    // poppler spans an ActualText from its first glyph to its last: mark both ends of the line.
    const edgeFace = ctx.fonts.primary(style)
    if (reordered) drawEdgeMarker(ctx, edgeFace, cursor - width, baseline, style.size, look(edgeFace).color)
    for (const { piece, x: at } of placed) {
      if (piece.emoji) drawEmojiPicture(ctx, piece.text, at, baseline, style.size)
      else
        writer.show(
          drawnText(piece.text, piece.level),
          at,
          baseline,
          { face: piece.face!, size: style.size, color: palette[style.color ?? 'text'], tracking: style.tracking ?? 0 },
          { rightToLeft: piece.level % 2 === 1, mirrored: piece.level % 2 === 1 },
        )
    }
    if (reordered) drawEdgeMarker(ctx, edgeFace, cursor, baseline, style.size, look(edgeFace).color, 'end')
    writer.close()
  }
  // Reordered text copies as written: poppler reads an ActualText as characters standing left to
  // right (see draw-line.ts, visualText).
  if (reordered)
    withActualText(
      ctx,
      pieces.map((piece) => (piece.level % 2 === 1 ? [...piece.text].reverse().join('') : piece.text)).join(''),
      draw,
    )
  else draw()
  return width
}

/** Width of `text` as `drawPlainText` would draw it. */
export function plainWidth(ctx: PdfContext, text: string, style: TextStyle): number {
  const shown = style.uppercase ? text.toUpperCase() : text
  return logicalPieces(ctx, shown, style).reduce((sum, piece) => sum + piece.width, 0)
}

/** The text as runs of one face (or one emoji), in logical order, measured. */
function logicalPieces(ctx: PdfContext, text: string, style: TextStyle): Piece[] {
  const tracking = style.tracking ?? 0
  const pieces: Piece[] = []
  for (const part of emojiParts(ctx, text)) {
    if (part.emoji) {
      pieces.push({ index: 0, text: part.text, emoji: true, level: 0, width: style.size * EMOJI_EM })
      continue
    }
    for (const { text: run, face } of ctx.fonts.split(part.text, style))
      pieces.push({
        index: 0,
        text: run,
        face,
        emoji: false,
        level: 0,
        width: ctx.fonts.width(run, face, style.size) + tracking * [...run].length,
      })
  }
  pieces.forEach((piece, index) => {
    piece.index = index
  })
  return pieces
}

/** The pieces split where the bidi level changes and put in visual order (UAX #9 L2). */
function visualPieces(ctx: PdfContext, text: string, style: TextStyle, pieces: Piece[]): Piece[] {
  const levels = embeddingLevels(text, baseDirection(text, ctx.metadata.dir))
  const split: Piece[] = []
  let offset = 0
  for (const piece of pieces) {
    if (piece.emoji) {
      split.push({ ...piece, level: levels[offset] ?? 0 })
      offset += piece.text.length
      continue
    }
    let start = 0
    for (let index = 1; index <= piece.text.length; index++) {
      if (index < piece.text.length && levels[offset + index] === levels[offset + start]) continue
      const part = piece.text.slice(start, index)
      const width =
        part.length === piece.text.length
          ? piece.width
          : ctx.fonts.width(part, piece.face!, style.size) + (style.tracking ?? 0) * [...part].length
      const order = piece.index + start / (piece.text.length + 1)
      split.push({ ...piece, index: order, text: part, width, level: levels[offset + start] ?? 0 })
      start = index
    }
    offset += piece.text.length
  }
  return visualOrder(split)
}

/** An emoji's image at the pen, untagged: plain text is page furniture or a label already tagged. */
function drawEmojiPicture(ctx: PdfContext, grapheme: string, x: number, baseline: number, size: number): void {
  const image = ctx.images.get(emojiImageKey(grapheme))
  if (!image) return
  const side = size * EMOJI_EM * 0.92
  ctx.text.close()
  ctx.doc.image(image as unknown as Buffer, x + (size * EMOJI_EM - side) / 2, baseline - side * 0.84, {
    width: side,
    height: side,
  })
  // A space glyph under the picture that copies as the emoji.
  const face = ctx.fonts.primary({ role: 'heading' })
  showAsText(ctx, grapheme, () => ctx.text.show(' ', x, baseline, { face, size, color: '#000000' }))
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
