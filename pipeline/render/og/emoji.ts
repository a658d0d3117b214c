/**
 * Emoji for satori: Twemoji's SVG for a grapheme, as a data URI, read once per process from the npm
 * package named in `templates/shared/fonts.ts` (text fonts would draw tofu).
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { emojiSvgDir } from '../../../templates/shared/fonts.ts'

const require = createRequire(import.meta.url)
const cache = new Map<string, string | undefined>()
let svgDir: string | undefined

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

/** The emoji's SVG as a data URI, or undefined when Twemoji has no drawing for it. */
export function emojiDataUri(segment: string): string | undefined {
  if (cache.has(segment)) return cache.get(segment)
  svgDir ??= path.dirname(require.resolve(`${emojiSvgDir}/package.json`))
  const file = twemojiNames(segment)
    .map((name) => path.join(svgDir!, `${name}.svg`))
    .find((candidate) => existsSync(candidate))
  const uri = file ? `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}` : undefined
  cache.set(segment, uri)
  return uri
}
