/**
 * Title fitting: pick the largest font size at which a text wraps into its line budget, and when
 * even the smallest size is too small, cut at a word boundary and end with an ellipsis.
 * Widths are estimated from the fonts' advance widths; the template's line clamp is the backstop.
 */
import type { MeasuringFont } from './card-fonts.ts'
import { hasPictograph } from '../../fonts/emoji.ts'

/** One size to try: font size in px and the most lines the text may take at that size. */
export interface FitStep {
  fontSize: number
  maxLines: number
}

/** The outcome: the size chosen, the text to draw (ellipsised when cut) and the estimated lines. */
export interface FittedText {
  text: string
  fontSize: number
  maxLines: number
  lines: string[]
  truncated: boolean
}

/** Width in px of `text` at `fontSize`. */
export type Measure = (text: string, fontSize: number) => number

const ELLIPSIS = '…'
// Han, kana and CJK punctuation break between any two characters (UAX #14 class ID).
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Fit `text` into a box `width` px wide. `steps` go from the largest size down; the last one is
 * used, cut with an ellipsis, when no step holds the whole text.
 */
export function fitText(
  text: string,
  options: { steps: readonly FitStep[]; width: number; measure: Measure },
): FittedText {
  const { steps, width, measure } = options
  const clean = text.replace(/\s+/g, ' ').trim()
  if (steps.length === 0) throw new Error('fitText needs at least one size step')
  for (const step of steps) {
    const lines = wrap(clean, width, (part) => measure(part, step.fontSize))
    if (lines.length <= step.maxLines)
      return { text: clean, fontSize: step.fontSize, maxLines: step.maxLines, lines, truncated: false }
  }
  const last = steps[steps.length - 1]!
  const lines = truncate(clean, width, last.maxLines, (part) => measure(part, last.fontSize))
  return {
    text: rejoined(clean, lines),
    fontSize: last.fontSize,
    maxLines: last.maxLines,
    lines,
    truncated: true,
  }
}

/**
 * The wrapped lines as one text again: a space where a line ended at one, none where it broke
 * between ideographs or Thai words (joining with spaces put one in the middle of a Chinese phrase).
 * Each line is the next slice of `text`, less the space its break took; the last one may be cut.
 */
function rejoined(text: string, lines: string[]): string {
  let joined = ''
  let at = 0
  for (const line of lines) {
    if (joined && text[at] === ' ') {
      joined += ' '
      at++
    }
    joined += line
    at += line.length
  }
  return joined
}

// Scripts written without spaces between words (UAX #14 class SA): they break between dictionary words.
const NO_SPACES = /[\p{sc=Thai}\p{sc=Laoo}\p{sc=Khmr}\p{sc=Mymr}]/u
const words = new Intl.Segmenter(undefined, { granularity: 'word' })

/** Break opportunities: after a run of spaces, around every ideograph, between Thai words. */
export function breakUnits(text: string): string[] {
  const units: string[] = []
  let current = ''
  if (NO_SPACES.test(text)) {
    for (const { segment, isWordLike } of words.segment(text)) {
      // A new unit at each Thai word; spaces, punctuation and other words join the unit before.
      if (current && isWordLike && NO_SPACES.test(segment) && !/\s$/.test(current)) {
        units.push(current)
        current = ''
      }
      current += segment
      if (/\s$/.test(segment)) {
        units.push(current)
        current = ''
      }
    }
    if (current) units.push(current)
    return units
  }
  for (const { segment } of graphemes.segment(text)) {
    if (IDEOGRAPHIC.test(segment) && current && !/\s$/.test(current)) {
      units.push(current)
      current = ''
    }
    current += segment
    if (IDEOGRAPHIC.test(segment) || segment === ' ') {
      // keep a space attached to the unit it ends, and close the unit after an ideograph
      units.push(current)
      current = ''
    }
  }
  if (current) units.push(current)
  // merge lone spaces into the preceding unit
  return units.reduce<string[]>((merged, unit) => {
    if (unit === ' ' && merged.length) merged[merged.length - 1] += unit
    else merged.push(unit)
    return merged
  }, [])
}

/** Greedy wrapping like a browser's: a unit wider than the line is broken between graphemes. */
export function wrap(text: string, width: number, widthOf: (part: string) => number): string[] {
  const lines: string[] = []
  let line = ''
  for (const unit of breakUnits(text)) {
    if (widthOf((line + unit).trimEnd()) <= width) {
      line += unit
      continue
    }
    if (line) lines.push(line.trimEnd())
    line = ''
    if (widthOf(unit.trimEnd()) <= width) {
      line = unit
      continue
    }
    for (const { segment } of graphemes.segment(unit)) {
      if (line && widthOf((line + segment).trimEnd()) > width) {
        lines.push(line.trimEnd())
        line = ''
      }
      line += segment
    }
  }
  if (line.trim()) lines.push(line.trimEnd())
  return lines
}

/** The first `maxLines` lines, the last one ending at a word boundary with an ellipsis. */
function truncate(text: string, width: number, maxLines: number, widthOf: (part: string) => number): string[] {
  const lines = wrap(text, width, widthOf).slice(0, maxLines)
  const lastLine = lines.pop() ?? ''
  let units = breakUnits(lastLine)
  const fits = (parts: string[]) => widthOf(withEllipsis(parts.join(''))) <= width
  while (units.length > 1 && !fits(units)) units = units.slice(0, -1)
  let ending = units.join('')
  if (!fits(units)) {
    // One unbreakable unit: cut between graphemes, the only boundary there is.
    const chars = [...graphemes.segment(ending)].map((part) => part.segment)
    while (chars.length > 1 && widthOf(withEllipsis(chars.join(''))) > width) chars.pop()
    ending = chars.join('')
  }
  return [...lines, withEllipsis(ending)]
}

/** `text` with its trailing spaces and punctuation replaced by one ellipsis. */
function withEllipsis(text: string): string {
  return text.replace(/[\s,;:.\-–—·،、，。]+$/u, '') + ELLIPSIS
}

/**
 * Characters that never join a neighbour of the same set into one grapheme: Latin, Greek and
 * Cyrillic letters without combining marks, and the punctuation of General Punctuation (curly
 * quotes, dashes, the ellipsis) but not its joiners and format characters. Text made only of them
 * splits into one grapheme per character, so it is measured a character at a time, without the
 * grapheme segmenter, which took most of the time of fitting.
 */
const OWN_GRAPHEMES = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u048a-\u04ff\u2010-\u2027\u2030-\u205e]*$/

// One measure per list of fonts: the card's fonts are the same arrays for the same scripts
// (see card-fonts.ts), so the advances learnt on one card serve the next.
const measures = new WeakMap<readonly MeasuringFont[], Measure>()

/**
 * A `Measure` over fonts in fallback order: each character takes the advance of the first font that
 * has it; emoji are drawn as square images a little wider than 1em. Kerning is ignored, so callers
 * leave a margin.
 */
export function advanceMeasure(fonts: readonly MeasuringFont[]): Measure {
  let measure = measures.get(fonts)
  if (measure) return measure
  const advances = new Map<string, number>()
  const advanceOf = (grapheme: string): number => {
    let advance = advances.get(grapheme)
    if (advance === undefined) {
      advance = hasPictograph(grapheme) ? 1.1 : 0
      if (advance === 0)
        for (const char of grapheme) {
          const codePoint = char.codePointAt(0)!
          const font = fonts.find((candidate) => candidate.hasGlyphForCodePoint(codePoint)) ?? fonts[0]
          if (font) advance += font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm
        }
      advances.set(grapheme, advance)
    }
    return advance
  }
  measure = (text, fontSize) => {
    let em = 0
    if (OWN_GRAPHEMES.test(text)) for (let index = 0; index < text.length; index++) em += advanceOf(text[index]!)
    else for (const { segment } of graphemes.segment(text)) em += advanceOf(segment)
    return em * fontSize
  }
  measures.set(fonts, measure)
  return measure
}
