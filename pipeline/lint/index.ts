/**
 * The lint pass: per-article rules on the raw source, and the batch rule (two sources telling the same story) over
 * every article of a build. Warnings by default; `strict` makes them errors.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import type { FrontMatter } from '../source/front-matter.ts'
import { distinctWords, fingerprint, isNearDuplicate, similarity, type Fingerprint } from './near-duplicates.ts'
import { RULES } from './rules.ts'

export const LINT_SOURCE = 'galley:lint'

/** Run every per-article rule on the raw (untransformed) mdast. */
export function lintSource(tree: Root, frontMatter: FrontMatter, file: VFile): void {
  for (const rule of RULES) rule({ tree, frontMatter, file })
}

/** A built or parsed article as the batch rules see it. */
export interface LintEntry {
  file: VFile
  /** The plain text, or how to read it (a cached article's text is read only when compared in full). */
  text: string | (() => string)
  /** The text's distinct content words, when already known (from the build cache). */
  words?: string[]
  /** What identifies the text (its source's hash), for the verdicts kept between builds. */
  id?: string
}

/**
 * The same-story verdicts of compared pairs, by the two texts' ids: the share of shared words when
 * they tell the same story, null when not. A build passes the last build's; pairs of unchanged
 * articles are then not compared again, nor their texts read.
 */
export type SameStoryVerdicts = Record<string, number | null>

/**
 * Batch rules: two sources that tell the same story. Comparing every pair is quadratic (half a
 * million pairs for 1,000 articles), so candidates come from an inverted index of content words:
 * only articles that share words few other articles use are compared in full.
 */
export function lintBatch(entries: LintEntry[], known: SameStoryVerdicts = {}): SameStoryVerdicts {
  const verdicts: SameStoryVerdicts = {}
  const commonAt = Math.max(3, Math.ceil(entries.length * 0.05))
  const postings = new Map<string, number[]>()
  entries.forEach((entry, index) => {
    for (const word of entry.words ?? distinctWords(textOf(entry))) {
      const list = postings.get(word)
      if (list) list.push(index)
      else postings.set(word, [index])
    }
  })
  const shared = new Map<number, number>()
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > commonAt) continue
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) {
      const key = list[a]! * entries.length + list[b]!
      shared.set(key, (shared.get(key) ?? 0) + 1)
    }
  }
  const candidates = [...shared].filter(([, count]) => count >= MIN_DISTINCT_SHARED).map(([key]) => [Math.floor(key / entries.length), key % entries.length] as const)
  // Only candidates get the full fingerprint (word pairs too), once each however many pairs they are in.
  const fingerprints = new Map<number, Fingerprint>()
  const fingerprintOf = (index: number) => fingerprints.get(index) ?? fingerprints.set(index, fingerprint(textOf(entries[index]!))).get(index)!
  for (const [earlier, later] of candidates.sort((x, y) => x[1] - y[1] || x[0] - y[0])) {
    const ids = [entries[earlier]!.id, entries[later]!.id]
    const key = ids[0] && ids[1] ? `${ids[0]} ${ids[1]}` : undefined
    let words: number | null | undefined = key && key in known ? known[key] : undefined
    if (words === undefined) {
      const a = fingerprintOf(earlier)
      const b = fingerprintOf(later)
      words = isNearDuplicate(a, b) ? similarity(a, b)!.words : null
    }
    if (key) verdicts[key] = words
    if (words === null) continue
    entries[later]!.file.message(
      `This article tells the same story as ${entries[earlier]!.file.path} (${Math.round(words * 100)}% of the shorter one’s words are shared); publish one, or merge them`,
      { place: { line: 1, column: 1 }, ruleId: 'near-duplicate', source: LINT_SOURCE },
    )
  }
  return verdicts
}

const textOf = (entry: LintEntry) => (typeof entry.text === 'string' ? entry.text : entry.text())

/** Distinctive words two articles must share before they are compared in full. */
const MIN_DISTINCT_SHARED = 8

/** Turn lint warnings into errors (`--strict`). */
export function makeLintStrict(file: VFile): void {
  for (const message of file.messages) if (message.source === LINT_SOURCE && message.fatal === false) message.fatal = true
}

