/**
 * The card's SVG as a reviewer reads it: one element a line, nested elements indented, the texts the
 * template drew listed first (the SVG holds them only as glyph outlines), and every long value (a
 * glyph outline, an embedded image) replaced by its length and digest, so a change to a colour, a
 * box or a position reads as one line while a changed outline still changes the golden.
 */
import { createHash } from 'node:crypto'
import type { CardSvg } from '../../../pipeline/render/og.ts'

/** Attribute values longer than this are shown by length and digest. */
const LONGEST_SHOWN = 120

export function formatCardSvg(card: CardSvg): string {
  const lines = [
    `<!-- ${card.width} × ${card.height}; glyphs outlined by ${card.outlinedByGalley ? 'Galley' : 'satori'} -->`,
    ...card.texts.map((text) => `<!-- text: ${text.replace(/--/g, '‐‐')} -->`),
  ]
  let depth = 0
  for (const [tag] of card.svg.matchAll(/<[^>]+>|[^<]+/g)) {
    if (!tag.startsWith('<')) {
      if (tag.trim()) lines.push(`${'  '.repeat(depth)}${tag.trim()}`)
      continue
    }
    const closing = tag.startsWith('</')
    if (closing) depth = Math.max(0, depth - 1)
    lines.push(`${'  '.repeat(depth)}${shorten(tag)}`)
    if (!closing && !tag.endsWith('/>')) depth++
  }
  return `${lines.join('\n')}\n`
}

function shorten(tag: string): string {
  return tag.replace(/="([^"]*)"/g, (whole, value: string) => {
    if (value.length <= LONGEST_SHOWN) return whole
    const digest = createHash('sha256').update(value).digest('hex').slice(0, 16)
    const kind = value.startsWith('data:') ? `${value.slice(0, value.indexOf(',') + 1)}…` : `${value.slice(0, 24)}…`
    return `="${kind} (${value.length} characters, sha256:${digest})"`
  })
}
