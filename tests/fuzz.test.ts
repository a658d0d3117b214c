/**
 * Property: random and mutated Markdown, seeded from the CommonMark spec's 652 examples, goes through
 * the whole pipeline (parse, metadata, every renderer) and always ends in output or a message,
 * never an uncaught exception. `FUZZ_RUNS=2000 npm run fuzz` runs longer.
 */
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { availableFormats, loadTemplate, RENDERERS } from '../pipeline/render/index.ts'
import { parseText, testConfig } from './helpers/articles.ts'

const { tests: examples } = createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string }> }
const snippets = examples.map((example) => example.markdown)
const runs = Number(process.env.FUZZ_RUNS ?? 40)

/** Markdown built from spec examples: concatenated, cut, with random characters spliced in. */
const markdown = fc
  .tuple(
    fc.array(fc.constantFrom(...snippets), { minLength: 1, maxLength: 6 }),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.constantFrom(
            '*',
            '_',
            '`',
            '[',
            ']',
            '(',
            ')',
            '<',
            '>',
            '|',
            '#',
            '-',
            '\n',
            '\n\n',
            '---\n',
            '"',
            "'",
            '\\',
          ),
        ),
      ),
      { maxLength: 8 },
    ),
    fc.option(
      fc.constantFrom(
        '---\ntitle: Fuzz\n---\n\n',
        '+++\ntitle = "Fuzz"\n+++\n\n',
        'title: Fuzz\n---\n\n',
        '---\ntitle: [\n---\n',
        '',
      ),
      { nil: '' },
    ),
  )
  .map(([parts, edits, front]) => {
    let text = parts.join('\n')
    for (const [position, insert] of edits) {
      const at = position % (text.length + 1)
      text = text.slice(0, at) + insert + text.slice(at)
    }
    return front + text
  })

const templates = new Map(
  await Promise.all(
    availableFormats().map(async (format) => [format, await loadTemplate(format, testConfig)] as const),
  ),
)

async function throughThePipeline(source: string): Promise<void> {
  const { article, file } = await parseText(source, testConfig, { lint: true })
  if (!article) {
    // Refused: there must be a fatal message saying why.
    expect(file.messages.some((message) => message.fatal)).toBe(true)
    return
  }
  const artifacts = new Map()
  for (const format of availableFormats()) {
    const bytes = await RENDERERS[format]!.render({ ...article, template: templates.get(format), artifacts })
    expect(bytes.byteLength).toBeGreaterThan(0)
    artifacts.set(format, bytes)
  }
}

describe('random Markdown through the whole pipeline', () => {
  it('every CommonMark example builds or is refused with a message', async () => {
    // The spec examples themselves, each with a title, as HTML and EPUB (the card and PDF are slower).
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

  it(`${runs} mutated documents end in output or a message, never an exception`, async () => {
    await fc.assert(fc.asyncProperty(markdown, throughThePipeline), {
      numRuns: runs,
      seed: Number(process.env.FUZZ_SEED ?? 20261123),
    })
  }, 600_000)
})
