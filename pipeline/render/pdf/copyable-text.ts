/**
 * What the PDF's text layer says where the glyphs alone would say something else: right-to-left
 * runs (ActualText for poppler, cut where its -raw mode cuts), the invisible markers that give an
 * ActualText its box, and emoji drawn as pictures over a glyph that copies as the emoji.
 */
import { EMOJI_EM, emojiImageKey, measure, type Atom } from './atoms.ts'
import { hasRtl } from './bidi.ts'
import type { PdfContext } from './context.ts'
import type { Placed } from './draw-line.ts'
import { type Face, withCodePointMap } from './fonts.ts'

/**
 * The right-to-left run starting at `start` (in logical order): pieces at an odd bidi level, with
 * one link, no emoji and no broken-word hyphen, up to its last right-to-left letter. Empty when
 * none starts there.
 */
export function rightToLeftRun(placed: Placed[], start: number): Placed[] {
  const first = placed[start]!.atom
  if (first.kind !== 'text' || first.level % 2 === 0 || 'isHyphen' in first) return []
  let end = start + 1
  while (end < placed.length) {
    const atom = placed[end]!.atom
    if (atom.link !== first.link || 'isHyphen' in atom || atom.level % 2 === 0) break
    if (atom.kind !== 'text' && atom.kind !== 'space') break
    end++
  }
  while (end > start && !hasRtl(placed[end - 1]!.atom.text)) end--
  return placed.slice(start, end)
}

// Right-to-left letters and the marks on them; anything else in a run (punctuation, Arabic's own ، ؛ ؟
// included, a digit, a space) is not.
const LETTER = String.raw`(?:(?=[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])[\p{L}\p{M}]|\p{M})`
const LETTERS = new RegExp(`${LETTER}+|[^]`, 'gu')
const IS_LETTERS = new RegExp(`^${LETTER}`, 'u')

/** A stretch of a run drawn together: letters (and the spaces between them) with their ActualText, or one other piece. */
interface Segment {
  items: Placed[]
  actual?: string
}

/**
 * The run cut where poppler's pdftotext -raw would cut it: it reorders an ActualText as one
 * right-to-left section only while it holds right-to-left letters and spaces (a full stop, a
 * comma or a digit starts a left-to-right one, printed first). So letters and the spaces between
 * them get an ActualText, and each piece of punctuation is drawn on its own, in logical order.
 */
export function segments(ctx: PdfContext, run: Placed[]): Segment[] {
  const parts: Placed[] = []
  for (const item of run) {
    const pieces = item.atom.kind === 'text' ? (item.atom.text.match(LETTERS) ?? []) : []
    if (pieces.length < 2) {
      parts.push(item)
      continue
    }
    // Logical order runs right to left across the piece's box.
    let right = item.x + item.atom.width
    pieces.forEach((piece, index) => {
      const width = measure(ctx, piece, item.atom.face, item.atom.style)
      const { anchor, ...rest } = item.atom
      const atom = { ...rest, text: piece, width, ...(index === 0 && anchor ? { anchor } : {}) }
      parts.push({ atom, x: right - width })
      right -= width
    })
  }
  const result: Segment[] = []
  let open: Placed[] = []
  const close = () => {
    const spaces: Placed[] = []
    while (open.length && open[open.length - 1]!.atom.kind === 'space') spaces.unshift(open.pop()!)
    if (open.length) result.push({ items: open, actual: visualText(open) })
    for (const space of spaces) result.push({ items: [space] })
    open = []
  }
  for (const part of parts) {
    if (IS_LETTERS.test(part.atom.text)) open.push(part)
    else if (part.atom.kind === 'space' && open.length) open.push(part)
    else {
      close()
      result.push({ items: [part] })
    }
  }
  close()
  return result
}

/**
 * The letters' characters as they stand on the line, left to right: the ActualText poppler wants.
 * poppler (22.12) places an ActualText's characters left to right over the glyphs' box and then
 * reorders right-to-left sections as it does glyphs drawn in visual order; given the logical text
 * it printed every word backwards. MuPDF 1.21 and pdf.js 5 ignore ActualText and read the glyphs,
 * written in logical order (see TextWriter.show).
 */
function visualText(run: Placed[]): string {
  const visual = [...run]
    .reverse()
    .map(({ atom }) => [...atom.text].reverse().join(''))
    .join('')
  // A mark ending the run (the tanween of مجاناً) would stand first, where poppler keeps
  // anything that is not a right-to-left letter in front: a right-to-left mark (U+200F) leads instead.
  return /^\p{M}/u.test(visual) ? `\u200f${visual}` : visual
}

/**
 * An invisible glyph at `x` (the space's, copying as a right-to-left mark, U+200F): the edges of a
 * right-to-left ActualText for poppler. pdf.js drops the mark; MuPDF keeps it, where it is harmless.
 */
export function edgeMarker(
  ctx: PdfContext,
  atom: Atom,
  x: number,
  baseline: number,
  edge: 'start' | 'end' = 'start',
): void {
  const { style } = atom
  drawEdgeMarker(ctx, ctx.fonts.primary(style), x, baseline - style.shift, style.size, style.color, edge)
}

/** `edgeMarker` in a given face, size and colour; `end`: the glyph ends at `x` rather than starting there. */
export function drawEdgeMarker(
  ctx: PdfContext,
  face: Face,
  x: number,
  baseline: number,
  size: number,
  color: string,
  edge: 'start' | 'end' = 'start',
): void {
  const at = edge === 'end' ? x - ctx.fonts.width(' ', face, size) : x
  withCodePointMap(
    () => 0x200f,
    () => ctx.text.show(' ', at, baseline, { face, size, color }),
  )
}

/** Draw a space glyph (in `draw`) that copies as `text`: an emoji drawn as a picture. */
export function showAsText(ctx: PdfContext, text: string, draw: () => void): void {
  const codePoints = [...text].map((character) => character.codePointAt(0)!)
  withCodePointMap(() => codePoints, draw)
  ctx.text.close()
}

/** The emoji `grapheme`'s image, one em (`size`) and a little wide from `x`, in a Span whose ActualText is the emoji. */
export function drawEmojiImage(ctx: PdfContext, grapheme: string, x: number, baseline: number, size: number): void {
  const image = ctx.images.get(emojiImageKey(grapheme))
  if (!image) return
  const side = size * EMOJI_EM * 0.92
  // A Span of its own whose ActualText is the emoji, so the tagged text keeps the character; and a
  // space glyph under the picture whose text layer says the emoji, where extractors and search find it.
  ctx.tagger.wrap(
    'Span',
    () => {
      ctx.tagger.content()
      ctx.doc.image(image as unknown as Buffer, x + (size * EMOJI_EM - side) / 2, baseline - side * 0.84, {
        width: side,
        height: side,
      })
      const face = ctx.fonts.primary({ role: 'body' })
      showAsText(ctx, grapheme, () =>
        ctx.text.show(' ', x + (size * EMOJI_EM - ctx.fonts.width(' ', face, size)) / 2, baseline, {
          face,
          size,
          color: '#000000',
        }),
      )
    },
    { actual: grapheme },
  )
}
