/**
 * What each fixture becomes in every format, and whether the formats tell one story.
 *
 * 1. Per-format goldens, in the manner of the unified collective's fixture loops: every fixture that
 *    is an article keeps `index.html` (formatted), `card.svg` (the card before rasterising), `pdf.txt`
 *    (what poppler, qpdf and MuPDF read) and `epub.txt` (entries, package document, navigation, text)
 *    beside its `input.md`. A missing golden is written; `UPDATE=1` rewrites them all.
 * 2. One consistency loop over every fixture and every post of the shared corpus (read in place): the
 *    title, language, headings and dates agree across the page, the card, the PDF, the EPUB and the
 *    site's feeds (`helpers/outputs/consistency.ts`).
 * Each article is rendered once, in this process, with a fixed build date.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectGolden } from './helpers/golden.ts'
import { formatCardSvg } from './helpers/outputs/card-svg.ts'
import { feedInconsistencies, inconsistencies } from './helpers/outputs/consistency.ts'
import { readFeeds } from './helpers/outputs/feed-facts.ts'
import { formatPage } from './helpers/outputs/html-facts.ts'
import { type ReadOutputs, readOutputs } from './helpers/outputs/read-outputs.ts'
import { type RenderedArticle, renderArticle } from './helpers/outputs/render.ts'
import { corpusSources, fixtureSources } from './helpers/outputs/sources.ts'
import { epubSummary, pdfSummary } from './helpers/outputs/summaries.ts'

const GOLDENS = ['index.html', 'card.svg', 'pdf.txt', 'epub.txt'] as const
const fixtures = fixtureSources()
const corpus = corpusSources()

type Read = { rendered: RenderedArticle; outputs: ReadOutputs }
// Each source rendered and read once: the goldens fill this, the consistency loop reuses it.
const reads = new Map<string, Promise<Read | undefined>>()
const read = (source: string) => {
  let loading = reads.get(source)
  if (!loading) {
    loading = (async () => {
      const rendered = await renderArticle(source)
      if (!rendered) return undefined
      const [outputs] = await readOutputs([rendered])
      return { rendered, outputs: outputs! }
    })()
    reads.set(source, loading)
  }
  return loading
}

describe('per-format goldens of every fixture', () => {
  it('finds the fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(50)
  })

  for (const source of fixtures) {
    const folder = path.dirname(source)
    it(`${folder}: the four formats are as recorded`, async () => {
      const done = await read(source)
      if (!done) {
        // Not an article (a fatal message, a draft): nothing is rendered, so nothing is recorded.
        for (const name of GOLDENS) expect(existsSync(path.join(folder, name)), `${folder}/${name}`).toBe(false)
        return
      }
      const { rendered, outputs } = done
      const goldens: Record<(typeof GOLDENS)[number], string> = {
        'index.html': formatPage(rendered.html),
        'card.svg': formatCardSvg(rendered.card),
        'pdf.txt': pdfSummary(outputs.pdf),
        'epub.txt': epubSummary(outputs.epub),
      }
      for (const name of GOLDENS) {
        // Nothing machine-specific: no path of this checkout.
        expect(goldens[name], `${folder}/${name}`).not.toContain(process.cwd())
        expectGolden(path.join(folder, name), goldens[name])
      }
    }, 60_000)
  }
})

describe('every format tells the same story', () => {
  const checked: RenderedArticle[] = []

  for (const source of [...fixtures, ...corpus]) {
    it(`${source}: title, language, headings and dates agree across formats and feeds`, async () => {
      const done = await read(source)
      if (!done) return // not an article; counted below
      // The feeds of a site of this one article (fixtures share slugs, so each gets a site of its own).
      const feeds = await readFeeds([done.rendered])
      expect([
        ...inconsistencies(done.rendered, done.outputs),
        ...feedInconsistencies(done.rendered, done.outputs, feeds),
      ]).toEqual([])
      checked.push(done.rendered)
    }, 60_000)
  }

  it('checked every fixture and corpus post that is an article', () => {
    // The sources that are not articles: broken front matter, drafts, a post with no title anywhere.
    expect(checked.length).toBeGreaterThanOrEqual(fixtures.length + corpus.length - 12)
    if (corpus.length)
      expect(checked.filter((rendered) => corpus.includes(rendered.source))).toHaveLength(corpus.length - 1)
  })
})

describe('the consistency check', () => {
  it('names each place where one format states the title, language, a heading or a date differently', async () => {
    const done = (await read('tests/fixtures/every-element/input.md'))!
    const outputs = structuredClone(done.outputs)
    outputs.pdf.info.Title = 'Another title'
    outputs.epub.metadata.language = ['fr']
    outputs.epub.nav = outputs.epub.nav.filter((entry) => entry.title !== 'A table')
    outputs.pdf.info.ModDate = '2030-01-01T00:00:00Z'
    outputs.page.meta['og:image:width'] = ['1080']
    expect(inconsistencies(done.rendered, outputs)).toEqual([
      'title: PDF /Title is "Another title", og:title is "Every element: a test article for all four formats"',
      'card size: metadata.card is "1200×630", og:image:width×height is "1080×630"',
      'card size: the card’s SVG is "1200×630", og:image:width×height is "1080×630"',
      'card size: the card’s PNG is "1200×630", og:image:width×height is "1080×630"',
      'language: OPF dc:language is "fr", <html lang> is "en"',
      'headings: h2 "A table" is not in the EPUB navigation (after entry 7)',
      'date of the last change: PDF ModDate is 2030-01-01T00:00:00Z, the page’s footer <time> is 2025-05-15',
    ])
  })
})
