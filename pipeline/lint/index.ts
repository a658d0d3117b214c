/**
 * The lint pass: per-article rules on the raw source, and batch rules (same slug, same story) over
 * every article of a build. Warnings by default; `strict` makes them errors.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import type { FrontMatter } from '../source/front-matter.ts'
import { fingerprint, isNearDuplicate, similarity, type Fingerprint } from './near-duplicates.ts'
import { RULES } from './rules.ts'

export const LINT_SOURCE = 'galley:lint'

/** Run every per-article rule on the raw (untransformed) mdast. */
export function lintSource(tree: Root, frontMatter: FrontMatter, file: VFile): void {
  for (const rule of RULES) rule({ tree, frontMatter, file })
}

/** A built or parsed article as the batch rules see it. */
export interface LintEntry {
  file: VFile
  slug: string
  text: string
}

/** Batch rules: two sources with one slug, and two sources that tell the same story. */
export function lintBatch(entries: LintEntry[]): void {
  const prints: Array<{ entry: LintEntry; print: Fingerprint }> = entries.map((entry) => ({ entry, print: fingerprint(entry.text) }))
  for (let later = 1; later < prints.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const a = prints[earlier]!
      const b = prints[later]!
      if (!isNearDuplicate(a.print, b.print)) continue
      const measured = similarity(a.print, b.print)!
      b.entry.file.message(
        `This article tells the same story as ${a.entry.file.path} (${Math.round(measured.words * 100)}% of the shorter one’s words are shared); publish one, or merge them`,
        { place: { line: 1, column: 1 }, ruleId: 'near-duplicate', source: LINT_SOURCE },
      )
    }
  }
}

/** Turn lint warnings into errors (`--strict`). */
export function makeLintStrict(file: VFile): void {
  for (const message of file.messages) if (message.source === LINT_SOURCE && message.fatal === false) message.fatal = true
}

