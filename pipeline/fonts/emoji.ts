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

/** Whether a grapheme is an emoji a text font would draw as tofu. */
export const isEmoji = (grapheme: string) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(grapheme)

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
  const png = svg ? new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng() : undefined
  pngs.set(key, png)
  return png
}
