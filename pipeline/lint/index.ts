/**
 * The lint pass: per-article rules on the raw source, and the batch rule (two sources telling the same story) over
 * every article of a build. Warnings by default; `strict` makes them errors.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
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
  const { shared } = wordIndex(entries)
  const candidates = [...shared]
    .filter(([, count]) => count >= MIN_DISTINCT_SHARED)
    .map(([key]) => [Math.floor(key / entries.length), key % entries.length] as const)
  // Only candidates get the full fingerprint (word pairs too), once each however many pairs they are in.
  const fingerprints = new Map<number, Fingerprint>()
  const fingerprintOf = (index: number) =>
    fingerprints.get(index) ?? fingerprints.set(index, fingerprint(textOf(entries[index]!))).get(index)!
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

/** The candidates' inverted index: per content word the entries using it, per pair of entries how many of their words are shared by few others. */
interface WordIndex {
  words: string[][]
  commonAt: number
  postings: Map<string, number[]>
  /** Per pair `earlier * entries + later`, the words they share that at most `commonAt` entries use. */
  shared: Map<number, number>
}

// The index of the last batch, kept for the next: a watch save changes one article's words.
let lastIndex: WordIndex | undefined

/** The index of `entries`: the last batch's updated where it differs at a few places, else made anew. */
function wordIndex(entries: LintEntry[]): WordIndex {
  const words = entries.map((entry) => entry.words ?? distinctWords(textOf(entry)))
  const commonAt = Math.max(3, Math.ceil(entries.length * 0.05))
  const last = lastIndex
  const changed =
    last && last.words.length === words.length && last.commonAt === commonAt
      ? words.flatMap((list, index) => (list === last.words[index] ? [] : [index]))
      : undefined
  if (!last || !changed || changed.length > entries.length / 10) return (lastIndex = freshIndex(words, commonAt))
  // A word's pairs are counted while its list is short enough: taken out before the list changes, put back after.
  const count = (list: number[], by: 1 | -1) => countPairs(last.shared, list, words.length, commonAt, by)
  for (const index of changed) {
    const before = new Set(last.words[index])
    const after = new Set(words[index])
    for (const word of before)
      if (!after.has(word)) {
        const list = last.postings.get(word)!
        count(list, -1)
        list.splice(list.indexOf(index), 1)
        if (list.length === 0) last.postings.delete(word)
        else count(list, 1)
      }
    for (const word of after)
      if (!before.has(word)) {
        let list = last.postings.get(word)
        if (!list) last.postings.set(word, (list = []))
        count(list, -1)
        // Kept in index order, as a fresh index has them.
        const at = list.findIndex((other) => other > index)
        list.splice(at === -1 ? list.length : at, 0, index)
        count(list, 1)
      }
    last.words[index] = words[index]!
  }
  return last
}

function freshIndex(words: string[][], commonAt: number): WordIndex {
  const postings = new Map<string, number[]>()
  words.forEach((list, index) => {
    for (const word of list) {
      const entries = postings.get(word)
      if (entries) entries.push(index)
      else postings.set(word, [index])
    }
  })
  const shared = new Map<number, number>()
  for (const list of postings.values()) countPairs(shared, list, words.length, commonAt, 1)
  return { words: [...words], commonAt, postings, shared }
}

/** Add `by` to the shared count of every pair in `list`, a word's entries, when at most `commonAt` entries use the word. */
function countPairs(shared: Map<number, number>, list: number[], entries: number, commonAt: number, by: 1 | -1): void {
  if (list.length < 2 || list.length > commonAt) return
  for (let a = 0; a < list.length; a++)
    for (let b = a + 1; b < list.length; b++) {
      const key = list[a]! * entries + list[b]!
      const total = (shared.get(key) ?? 0) + by
      if (total === 0) shared.delete(key)
      else shared.set(key, total)
    }
}

/** Distinctive words two articles must share before they are compared in full. */
const MIN_DISTINCT_SHARED = 8

/** Turn lint warnings into errors (`--strict`). */
export function makeLintStrict(file: VFile): void {
  // Copies, not changed in place: a restored message is shared with later builds (see `restoreMessages`).
  file.messages = file.messages.map((message) =>
    message.source === LINT_SOURCE && message.fatal === false
      ? Object.assign(Object.create(Object.getPrototypeOf(message) as object) as VFileMessage, message, { fatal: true })
      : message,
  )
}
