/**
 * Property: generated hostile articles (tests/fuzz-arbitraries.ts) go through the whole pipeline and
 * always end in output or a refusal with a message, never an uncaught exception. CI runs a fixed
 * seed, so a green run never depends on chance; `npm run fuzz` explores new seeds and saves what it
 * finds in tests/fixtures/fuzz-regressions/, every one of which must build here in all four formats.
 */
import { readdirSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { processArticle } from '../pipeline/build/process-article.ts'
import { availableFormats, loadTemplate, RENDERERS } from '../pipeline/render/index.ts'
import type { Format } from '../pipeline/types.ts'
import { fuzzDocument, snippets } from './fuzz-arbitraries.ts'
import { throughThePipeline } from './fuzz-property.ts'
import { parseText, testConfig } from './helpers/articles.ts'

/** The seed CI runs; `FUZZ_SEED` and `FUZZ_RUNS` replay another run of this file. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261123)
const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const REGRESSIONS = 'tests/fixtures/fuzz-regressions'

describe('random Markdown through the whole pipeline', () => {
  it('every CommonMark example builds or is refused with a message', async () => {
    // The spec examples themselves, each with a title, as HTML and EPUB (the card and PDF are slower).
    const templates = new Map<Format, unknown>()
    for (const format of ['html', 'epub'] as const) templates.set(format, await loadTemplate(format, testConfig))
    for (const snippet of snippets) {
      const { article, file } = await parseText(`---\ntitle: Example\n---\n\n${snippet}`, testConfig, { lint: true })
      if (!article) {
        expect(file.messages.some((message) => message.fatal)).toBe(true)
        continue
      }
      for (const format of ['html', 'epub'] as const) {
        const bytes = await RENDERERS[format]!.render({
          ...article,
          template: templates.get(format),
          artifacts: new Map(),
        })
        expect(bytes.byteLength).toBeGreaterThan(0)
      }
    }
  }, 120_000)

  it(`${RUNS} generated documents (seed ${SEED}) end in output or a message, never an exception`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzDocument, async (document) => {
        await throughThePipeline(document)
      }),
      { numRuns: RUNS, seed: SEED },
    )
  }, 600_000)
})

describe('every counterexample the fuzzer ever found', () => {
  const cases = readdirSync(REGRESSIONS, { withFileTypes: true }).filter((entry) => entry.isDirectory())

  it('has some to build', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  it.each(cases.map((entry) => entry.name))(
    '%s builds in all four formats with no render failure',
    async (name) => {
      const result = await processArticle({
        sourcePath: `${REGRESSIONS}/${name}/input.md`,
        cwd: process.cwd(),
        config: testConfig,
        formats: availableFormats(),
        strict: false,
        templateVersions: {},
      })
      const failures = result.messages.filter(
        (message) => message.ruleId === 'render-failed' || message.ruleId === 'parse-failed',
      )
      expect(failures).toEqual([])
      expect(Object.keys(result.outputs).sort()).toEqual([...availableFormats()].sort())
      for (const bytes of Object.values(result.outputs)) expect(bytes.byteLength).toBeGreaterThan(0)
    },
    60_000,
  )
})
