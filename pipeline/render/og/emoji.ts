/**
 * Emoji for satori: Twemoji's SVG for a grapheme as a data URI (text fonts would draw tofu).
 */
import { emojiSvg } from '../../fonts/emoji.ts'

/** The emoji's SVG as a data URI, or undefined when Twemoji has no drawing for it. */
export function emojiDataUri(segment: string): string | undefined {
  const svg = emojiSvg(segment)
  return svg ? `data:image/svg+xml;base64,${svg.toString('base64')}` : undefined
}
