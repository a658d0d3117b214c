/**
 * Code blocks: monospace on a tinted panel, long lines wrapped (at a space or punctuation when one
 * is near, else between characters) and never cut; a block longer than the room left continues on
 * the next page with its own panel.
 */
import type { Element } from 'hast'
import { toText } from 'hast-util-to-text'
import type { PdfContext } from './context.ts'
import { emojiParts } from './atoms.ts'
import { drawEmojiImage } from './copyable-text.ts'
import { baselineOffset } from './paragraph.ts'

/** Draw a `<pre>`. */
export function renderCode(ctx: PdfContext, node: Element): void {
  const { flow, template, tagger } = ctx
  const { style, padding } = template.code
  const code = toText(node, { whitespace: 'pre' }).replace(/\t/g, '  ').replace(/\n$/, '')
  const charWidth = ctx.fonts.width('0', ctx.fonts.primary(style), style.size)
  const columns = Math.max(8, Math.floor((flow.width - 2 * padding) / charWidth))
  const lines = code.split('\n').flatMap((line) => wrapCodeLine(line, columns))
  flow.space(style.spaceBefore)
  tagger.wrap('Code', () => {
    let index = 0
    while (index < lines.length) {
      const fit = Math.floor((flow.room - 2 * padding) / style.leading)
      const count = Math.min(lines.length - index, fit)
      if (count < Math.min(2, lines.length - index) && !flow.atTop) {
        flow.newPage()
        continue
      }
      const chunk = lines.slice(index, index + Math.max(count, 1))
      drawPanel(ctx, chunk.length * style.leading + 2 * padding)
      flow.y += padding
      for (const line of chunk) {
        drawCodeLine(ctx, line, flow.left + padding, flow.y + baselineOffset(style))
        flow.y += style.leading
      }
      flow.y += padding
      index += chunk.length
      if (index < lines.length) flow.newPage()
    }
  })
  flow.y += style.spaceAfter
}

/** Split a line of code into pieces of at most `columns` characters, continuation lines indented like the first. */
export function wrapCodeLine(line: string, columns: number): string[] {
  const characters = [...line]
  if (characters.length <= columns) return [line]
  const indent = /^\s*/.exec(line)![0].slice(0, Math.floor(columns / 3))
  const pieces: string[] = []
  let rest = characters
  let first = true
  while (rest.length > (first ? columns : columns - indent.length)) {
    const room = first ? columns : columns - indent.length
    let cut = room
    // Prefer a break after a space or punctuation in the last third of the line.
    for (let at = room; at > room * 0.66; at--) {
      if (/[\s,;({[=+&|.]/.test(rest[at - 1]!)) {
        cut = at
        break
      }
    }
    pieces.push((first ? '' : indent) + rest.slice(0, cut).join(''))
    rest = rest.slice(cut)
    first = false
  }
  pieces.push((first ? '' : indent) + rest.join(''))
  return pieces
}

function drawPanel(ctx: PdfContext, height: number): void {
  const { doc, flow, palette, tagger, template } = ctx
  tagger.artifact(() =>
    doc.roundedRect(flow.left, flow.y, flow.width, height, template.code.radius).fill(palette.codeBackground),
  )
}

function drawCodeLine(ctx: PdfContext, line: string, x: number, baseline: number): void {
  const { fonts, palette, tagger, template, text } = ctx
  const { style } = template.code
  tagger.content()
  let cursor = x
  // A space keeps an empty line in the extracted text.
  for (const part of emojiParts(ctx, line || ' ')) {
    if (part.emoji) {
      // Emoji keep one column each, as a terminal would show them, two characters wide.
      text.close()
      drawEmojiImage(ctx, part.text, cursor, baseline, style.size)
      tagger.content()
      cursor += fonts.width('00', fonts.primary(style), style.size)
      continue
    }
    for (const piece of fonts.split(part.text, style)) {
      text.show(piece.text, cursor, baseline, {
        face: piece.face,
        size: style.size,
        color: palette[style.color ?? 'text'],
      })
      cursor += fonts.width(piece.text, piece.face, style.size)
    }
  }
  text.close()
}
