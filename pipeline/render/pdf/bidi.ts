/**
 * Right-to-left text in visual order: the Unicode Bidirectional Algorithm (bidi-js) gives each
 * character a level; a line's pieces are then reordered (rule L2) and mirrored (rule L4). fontkit
 * already reverses and shapes a run of Arabic or Hebrew letters, so only neutral runs at an odd
 * level are reversed here.
 */
import bidiModule from 'bidi-js'

// The package is CommonJS: under NodeNext its types see a namespace, at run time it is the factory.
type BidiFactory = typeof import('bidi-js').default
const bidi = ((bidiModule as unknown as { default?: BidiFactory }).default ?? (bidiModule as unknown as BidiFactory))()

const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u
const STRONG_ANY = /[\p{L}]/u

// Directional marks, embeddings and isolates: they steer the algorithm and draw nothing.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** `text` without its bidi control characters (what is drawn and measured). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/** Whether `text` has any right-to-left letter (most paragraphs do not, and skip the algorithm). */
export function hasRtl(text: string): boolean {
  return STRONG_RTL.test(text)
}

/** The direction of the first strong character, or `fallback` when there is none. */
export function baseDirection(text: string, fallback: 'ltr' | 'rtl'): 'ltr' | 'rtl' {
  const match = STRONG_ANY.exec(text)
  if (!match) return fallback
  return STRONG_RTL.test(match[0]) ? 'rtl' : 'ltr'
}

/** Embedding levels of every UTF-16 unit of `text` for a paragraph of base direction `dir`. */
export function embeddingLevels(text: string, dir: 'ltr' | 'rtl'): Uint8Array {
  return bidi.getEmbeddingLevels(text, dir).levels
}

/** Reorder items of a line from logical to visual order by their levels (UAX #9 rule L2). */
export function visualOrder<T extends { level: number }>(items: T[]): T[] {
  const result = [...items]
  const highest = Math.max(0, ...result.map((item) => item.level))
  const lowestOdd = Math.min(...result.map((item) => item.level).filter((level) => level % 2 === 1), highest + 1)
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < result.length; start++) {
      if (result[start]!.level < level) continue
      let end = start
      while (end + 1 < result.length && result[end + 1]!.level >= level) end++
      const reversed = result.slice(start, end + 1).reverse()
      result.splice(start, reversed.length, ...reversed)
      start = end
    }
  }
  return result
}

/**
 * The text of a piece as it must be drawn: at an odd level brackets and other mirrored characters
 * take their mirror image (UAX #9 L4), and a piece without right-to-left letters is reversed too
 * (fontkit reverses right-to-left letters itself, but neither mirrors nor reverses the rest).
 */
export function drawnText(text: string, level: number): string {
  if (level % 2 === 0) return text
  const mirrored = [...text].map(mirror)
  return (STRONG_RTL.test(text) ? mirrored : mirrored.reverse()).join('')
}

/** The mirror image of a character (`(` ↔ `)`), or the character itself. */
export const mirror = (character: string): string => bidi.getMirroredCharacter(character) ?? character

/** `mirror` for a code point. */
export const mirrorCodePoint = (codePoint: number): number => mirror(String.fromCodePoint(codePoint)).codePointAt(0)!
