import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintSources } from '../pipeline/lint/lint-sources.ts'
import { VFile } from 'vfile'
import { lintBatch, type LintEntry } from '../pipeline/lint/index.ts'
import { distinctWords, fingerprint, isNearDuplicate } from '../pipeline/lint/near-duplicates.ts'
import { testConfig } from './helpers/articles.ts'

const root = 'tests/fixtures/lint'
const config = { config: testConfig }

async function lintOne(file: string, strict = false) {
  const { files } = await lintSources({ targets: [file], config, strict })
  return files[0]!
}

describe('each lint rule', () => {
  for (const rule of readdirSync(root).sort()) {
    it(`${rule}: finds nothing in the passing fixture`, async () => {
      const file = await lintOne(path.join(root, rule, 'pass.md'))
      expect(file.messages.map((message) => message.ruleId)).toEqual([])
    })

    it(`${rule}: explains the problem in the failing fixture, with a position`, async () => {
      const file = await lintOne(path.join(root, rule, 'fail.md'))
      const found = file.messages.filter((message) => message.ruleId === rule)
      expect(found).toHaveLength(1)
      expect(found[0]!.line).toBeGreaterThan(0)
      expect(found[0]!.fatal).toBe(false)
      expect(found[0]!.reason.length).toBeGreaterThan(40)
    })
  }

  it('points a split paragraph at the line where the lower-case half starts', async () => {
    const file = await lintOne(path.join(root, 'split-paragraph', 'fail.md'))
    expect([file.messages[0]!.line, file.messages[0]!.column]).toEqual([8, 1])
  })

  it('points straight quotes and doubled spaces at their column', async () => {
    expect([(await lintOne(path.join(root, 'straight-quotes', 'fail.md'))).messages[0]!.column]).toEqual([10])
    expect([(await lintOne(path.join(root, 'doubled-space', 'fail.md'))).messages[0]!.column]).toEqual([12])
  })

  it('makes every finding an error with --strict', async () => {
    const file = await lintOne(path.join(root, 'placeholder-text', 'fail.md'), true)
    expect(file.messages.every((message) => message.fatal === true)).toBe(true)
  })
})

describe('batch rules', () => {
  it('finds the two seed articles tell the same story', async () => {
    const { files } = await lintSources({ targets: ['input'], config })
    const duplicates = files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'near-duplicate'))
    expect(duplicates).toHaveLength(1)
    expect(duplicates[0]!.reason).toContain('input/')
  })

  it('does not confuse unrelated articles on a similar subject', () => {
    const seed = readFileSync('input/russia-ukraine-largest-prisoner-exchange.md', 'utf8')
    const other = readFileSync('tests/fixtures/every-element/input.md', 'utf8')
    expect(isNearDuplicate(fingerprint(seed), fingerprint(other))).toBe(false)
  })

  it('finds the same pairs when it updates the last batch’s index as when it makes one anew', () => {
    // Thirty texts with words of their own, then one of them rewritten as a copy of another, then back.
    const text = (n: number) => Array.from({ length: 80 }, (_, word) => `story${n}x${word}`).join(' ')
    // The same words array for the same text, as the build cache gives an unchanged article's.
    const wordsOf = new Map<string, string[]>()
    const words = (value: string) => wordsOf.get(value) ?? wordsOf.set(value, distinctWords(value)).get(value)!
    const batch = (texts: string[]) =>
      texts.map(
        (value, index): LintEntry => ({
          file: new VFile({ path: `article-${index}.md` }),
          text: value,
          words: words(value),
          id: `${index}:${value.slice(0, 12)}`,
        }),
      )
    const found = (entries: LintEntry[]) => {
      lintBatch(entries)
      return entries.flatMap((entry) =>
        entry.file.messages.map((message) => `${entry.file.path}: ${message.reason.replace(/ \(.*/, '')}`),
      )
    }
    const original = Array.from({ length: 30 }, (_, n) => text(n))
    const copied = original.map((value, n) => (n === 17 ? original[4]! : value))
    expect(found(batch(original))).toEqual([])
    // Updated from the last batch: one article of thirty changed.
    const updated = found(batch(copied))
    expect(updated).toEqual(['article-17.md: This article tells the same story as article-4.md'])
    expect(found(batch(original))).toEqual([])
    // Made anew: a batch of another size comes first.
    found(batch(original.slice(0, 3)))
    expect(found(batch(copied))).toEqual(updated)
  })

  it('keeps its updated index equal to a fresh one over random edits', () => {
    // A seeded generator: texts share words from a small pool, so words cross both limits of the index.
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const pool = Array.from({ length: 40 }, (_, n) => `shared${n}`)
    const fresh = (n: number) =>
      [
        ...Array.from({ length: 50 }, (_, word) => `own${n}x${word}x${Math.floor(random() * 1e6)}`),
        ...Array.from({ length: 14 }, () => pool[Math.floor(random() * pool.length)]!),
      ].join(' ')
    const texts = Array.from({ length: 30 }, (_, n) => fresh(n))
    const wordsOf = new Map<string, string[]>()
    const batch = () =>
      texts.map(
        (value, index): LintEntry => ({
          file: new VFile({ path: `article-${index}.md` }),
          text: value,
          words: wordsOf.get(value) ?? wordsOf.set(value, distinctWords(value)).get(value)!,
          id: `${index}:${value}`,
        }),
      )
    for (let edit = 0; edit < 60; edit++) {
      const at = Math.floor(random() * texts.length)
      texts[at] = random() < 0.3 ? texts[Math.floor(random() * texts.length)]! : fresh(100 + edit)
      const updated = lintBatch(batch())
      lintBatch(batch().slice(0, 2))
      expect(lintBatch(batch())).toEqual(updated)
      // Back to updating for the next edit.
      lintBatch(batch())
    }
  })

  it('reports two sources with the same slug', async () => {
    const { files } = await lintSources({
      targets: [path.join(root, 'empty-link', 'fail.md'), path.join(root, 'doubled-space', 'fail.md')],
      config,
    })
    // Both fixtures are called fail.md, so both take the slug `fail`.
    expect(files[1]!.messages.map((message) => message.ruleId)).toContain('duplicate-slug')
  })
})
