/**
 * Which characters each fallback family's regular face has, from an index made once from the font
 * files (`npm run fonts:coverage`, checked by a test) rather than by reading them: a character no
 * main face has would otherwise make every fallback face be read to look for it (40 MB of CJK faces
 * for a Latin article's ↩). A face whose file size differs from the index's is asked directly.
 */
import { readFileSync, statSync } from 'node:fs'
import type { FallbackFamily } from '../../templates/shared/fonts.ts'
import { resolveFontPath } from './font-files.ts'

/** Per package-relative font file: its size in bytes, and its characters as sorted `[first, last]` ranges. */
export type CoverageIndex = Record<string, { bytes: number; ranges: Array<[number, number]> }>

export const COVERAGE_FILE = new URL('../../templates/shared/font-coverage.json', import.meta.url)

let index: CoverageIndex | undefined
const usable = new Map<string, Array<[number, number]> | undefined>()

/** The ranges the index has for `family`'s regular face, when its file is the one indexed. */
function rangesOf(family: FallbackFamily): Array<[number, number]> | undefined {
  const file = family.files.regular
  if (usable.has(file)) return usable.get(file)
  index ??= readIndex()
  const entry = index[file]
  const ranges =
    entry && statSync(resolveFontPath(file), { throwIfNoEntry: false })?.size === entry.bytes ? entry.ranges : undefined
  usable.set(file, ranges)
  return ranges
}

function readIndex(): CoverageIndex {
  try {
    return JSON.parse(readFileSync(COVERAGE_FILE, 'utf8')) as CoverageIndex
  } catch {
    return {}
  }
}

/** Whether the index says `family` has `codePoint`; undefined when the index does not know the face. */
export function indexedCoverage(family: FallbackFamily, codePoint: number): boolean | undefined {
  const ranges = rangesOf(family)
  if (!ranges) return undefined
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const [first, last] = ranges[middle]!
    if (codePoint < first) high = middle - 1
    else if (codePoint > last) low = middle + 1
    else return true
  }
  return false
}

/** The index entry for a font's characters (`characterSet` from fontkit), for the generator and its test. */
export function coverageEntry(bytes: number, characters: readonly number[]): CoverageIndex[string] {
  const ranges: Array<[number, number]> = []
  for (const codePoint of [...characters].sort((a, b) => a - b)) {
    const last = ranges.at(-1)
    if (last && codePoint <= last[1] + 1) last[1] = Math.max(last[1], codePoint)
    else ranges.push([codePoint, codePoint])
  }
  return { bytes, ranges }
}
