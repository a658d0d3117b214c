/**
 * One line of text as glyph outlines, with the Unicode bidirectional algorithm (bidi-js) and OpenType
 * shaping (fontkit): used for cards with right-to-left text, which satori orders but shapes badly.
 * Each character takes the first face that has it; each run of one level and one face is shaped on
 * its own, runs are placed in visual order (UAX #9, L2), brackets mirrored (L4).
 */
import bidiImport, { type Bidi } from 'bidi-js'
import type { MeasuringFont } from './card-fonts.ts'

/** The fontkit calls painting needs, beyond measuring. */
interface ShapingFont extends MeasuringFont {
  layout(text: string, features?: string[], script?: string, language?: string, direction?: 'ltr' | 'rtl'): GlyphRun
}
interface GlyphRun {
  glyphs: Array<{ path: GlyphPath }>
  positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>
}
interface GlyphPath {
  scale(x: number, y: number): GlyphPath
  translate(x: number, y: number): GlyphPath
  toSVG(): string
}

/** Where and how to draw a line: the edge the line starts from, its baseline, size and faces. */
export interface LineSpec {
  text: string
  /** Left edge of the line box (satori's layout) and its right edge. */
  left: number
  right: number
  baseline: number
  fontSize: number
  /** Faces in fallback order, all of the line's weight. */
  fonts: readonly MeasuringFont[]
}

// bidi-js is CommonJS typed as ESM: at run time the default import is already the factory.
const bidiFactory = ((bidiImport as unknown as { default?: () => Bidi }).default ?? bidiImport) as unknown as () => Bidi
const bidi = bidiFactory()
// Marks, spaces and punctuation keep the face of the letter before them, so shaping keeps its context.
const NEUTRAL = /[\s\p{P}\p{S}\p{N}\p{M}]/u

/** The paragraph direction by UAX #9 rule P2: the first strong character decides. */
export function paragraphDirection(text: string): 'ltr' | 'rtl' {
  // Without its isolates: P2 skips what they enclose, and a byline is isolates from end to end.
  return bidi.getEmbeddingLevels(text.replace(/[\u2066-\u2069]/g, ''), 'auto').paragraphs[0]?.level === 1
    ? 'rtl'
    : 'ltr'
}

/** The SVG path data of the line, anchored at its left edge (LTR) or right edge (RTL). */
export function paintLine(line: LineSpec): string {
  const direction = paragraphDirection(line.text)
  const levels = bidi.getEmbeddingLevels(line.text, direction)
  const mirrored = bidi.getMirroredCharactersMap(line.text, levels.levels)
  const runs = splitRuns(line.text, levels.levels, mirrored, line.fonts)
  const scale = (font: MeasuringFont) => line.fontSize / font.unitsPerEm

  // Shape every run in logical order, then place the runs in visual order.
  const shaped = runs.map((run) => ({
    run,
    glyphs: (run.font as ShapingFont).layout(run.text, [], undefined, undefined, run.level % 2 ? 'rtl' : 'ltr'),
  }))
  const width = shaped.reduce(
    (sum, { run, glyphs }) =>
      sum + glyphs.positions.reduce((total, position) => total + position.xAdvance, 0) * scale(run.font),
    0,
  )
  let pen = direction === 'rtl' ? line.right - width : line.left
  const parts: string[] = []
  for (const { run, glyphs } of visualOrder(shaped)) {
    const s = scale(run.font)
    glyphs.glyphs.forEach((glyph, index) => {
      const position = glyphs.positions[index]!
      const d = glyph.path
        .scale(s, -s)
        .translate(pen + position.xOffset * s, line.baseline - position.yOffset * s)
        .toSVG()
      if (d) parts.push(d)
      pen += position.xAdvance * s
    })
  }
  return parts.join('')
}

interface Run {
  text: string
  level: number
  font: MeasuringFont
}

function splitRuns(
  text: string,
  levels: Uint8Array,
  mirrored: Map<number, string>,
  fonts: readonly MeasuringFont[],
): Run[] {
  const runs: Run[] = []
  let index = 0
  for (const char of text) {
    const level = levels[index] ?? 0
    const drawn = mirrored.get(index) ?? char
    const codePoint = drawn.codePointAt(0)!
    const previous = runs.at(-1)
    const keepsFace = previous && NEUTRAL.test(char) && previous.font.hasGlyphForCodePoint(codePoint)
    const font = keepsFace ? previous.font : (fonts.find((face) => face.hasGlyphForCodePoint(codePoint)) ?? fonts[0]!)
    if (previous && previous.level === level && previous.font === font) previous.text += drawn
    else runs.push({ text: drawn, level, font })
    index += char.length
  }
  return runs
}

/** UAX #9 L2: from the highest level down to the lowest odd one, reverse every sequence at or above it. */
function visualOrder<T extends { run: Run }>(items: T[]): T[] {
  const order = [...items]
  const levels = order.map(({ run }) => run.level)
  const highest = Math.max(0, ...levels)
  const lowestOdd = Math.min(...levels.filter((level) => level % 2 === 1), highest + 1)
  for (let level = highest; level >= lowestOdd; level--) {
    for (let start = 0; start < order.length; start++) {
      if (order[start]!.run.level < level) continue
      let end = start
      while (end + 1 < order.length && order[end + 1]!.run.level >= level) end++
      order.splice(start, end - start + 1, ...order.slice(start, end + 1).reverse())
      start = end
    }
  }
  return order
}
