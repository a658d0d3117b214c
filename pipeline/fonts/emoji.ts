/**
 * Emoji drawings, shared by the formats that draw text themselves: Twemoji's SVG for a grapheme
 * (npm `@twemoji/svg`, named in `templates/shared/fonts.ts`), read once per process, and the same
 * rasterised to PNG for formats that cannot embed SVG (the PDF).
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { emojiSvgDir } from '../../templates/shared/fonts.ts'

const require = createRequire(import.meta.url)
const svgs = new Map<string, Buffer | undefined>()
const pngs = new Map<string, Uint8Array | undefined>()
let svgDir: string | undefined

const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u
const EVERY_PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/gu
// Emoji presentation by default, asked for with U+FE0F, a flag, a skin tone or a joined sequence.
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\ufe0f|\u200d/u
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Whether a grapheme is meant to be seen as an emoji (🙂, ☺️, 🇺🇦), not as text: a pictograph
 * with text presentation by default (↩, ©, ™) is a character like any other, drawn by the text
 * fonts when they have it.
 */
export const isEmoji = (grapheme: string) => PICTOGRAPHIC.test(grapheme) && EMOJI_PRESENTATION.test(grapheme)

/** Whether `text` holds a pictograph or a flag letter at all: the cheap test before any segmenting. */
export const hasPictograph = (text: string) => PICTOGRAPHIC.test(text)

/**
 * The distinct graphemes of `text` that hold a pictograph, found from the pictographs themselves:
 * segmenting a whole article into graphemes costs tens of milliseconds, and most have none.
 */
export function pictographs(text: string): string[] {
  if (!hasPictograph(text)) return []
  const segments = graphemes.segment(text)
  const found = new Set<string>()
  for (const match of text.matchAll(EVERY_PICTOGRAPHIC)) found.add(segments.containing(match.index)!.segment)
  return [...found]
}

/**
 * The candidate Twemoji file names for `segment`: code points in hex joined by `-`, U+FE0F dropped
 * unless the sequence has a zero-width joiner (Twemoji's own naming), then the other spelling.
 */
export function twemojiNames(segment: string): string[] {
  const codePoints = [...segment].map((char) => char.codePointAt(0)!.toString(16))
  const withoutVs = codePoints.filter((hex) => hex !== 'fe0f')
  const names = segment.includes('\u200d') ? [codePoints, withoutVs] : [withoutVs, codePoints]
  return [...new Set(names.map((points) => points.join('-')))]
}

/** Twemoji's SVG for the grapheme, or undefined when it has no drawing for it. */
export function emojiSvg(segment: string): Buffer | undefined {
  if (svgs.has(segment)) return svgs.get(segment)
  svgDir ??= path.dirname(require.resolve(`${emojiSvgDir}/package.json`))
  const file = twemojiNames(segment)
    .map((name) => path.join(svgDir!, `${name}.svg`))
    .find((candidate) => existsSync(candidate))
  const svg = file ? readFileSync(file) : undefined
  svgs.set(segment, svg)
  return svg
}

/** The emoji as a square PNG (`size` pixels), rasterised once per process. */
export function emojiPng(segment: string, size = 72): Uint8Array | undefined {
  const key = `${size}:${segment}`
  if (pngs.has(key)) return pngs.get(key)
  const svg = emojiSvg(segment)
  const png = svg
    ? new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng()
    : undefined
  pngs.set(key, png)
  return png
}
