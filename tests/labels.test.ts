/**
 * Localised words, the same in every format: the reading time, the byline's words, "page n of N",
 * "Contents" and the notes heading come from one table and Intl, in the article's language, in the
 * HTML page, the card, the PDF and the EPUB.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { JSXNode } from 'satori/jsx'
import { describe, expect, it } from 'vitest'
import { build } from '../pipeline/index.ts'
import { textOf } from '../pipeline/render/og/check-tree.ts'
import { labelsFor } from '../templates/shared/labels.ts'
import { testConfig } from './helpers/articles.ts'
import { entryText, openEpub } from './helpers/epub.ts'
import { ogContext, renderOgSvg } from './helpers/og.ts'
import { comparable, extractText } from './helpers/extract.ts'

/** The card's text as the template drew it, bidi isolates removed. */
async function cardText(source: string): Promise<string> {
  const ctx = await ogContext(source)
  let drawn: JSXNode | undefined
  const template = {
    ...ctx.template,
    render: (input: Parameters<typeof ctx.template.render>[0]) => (drawn = ctx.template.render(input)),
  }
  await renderOgSvg({ ...ctx, template })
  return textOf(drawn!).replace(/[\u2066-\u2069]/g, '')
}

describe.each([
  ['russian', 'ru', 'минута'],
  ['arabic', 'ar', 'دقيقة'],
  ['japanese', 'ja', '分'],
])('the words around the %s article', (name, lang, unit) => {
  it('are in its language and the same in the page, the card, the PDF and the book', { timeout: 60_000 }, async () => {
    const source = `tests/fixtures/language/${name}/input.md`
    const out = mkdtempSync(path.join(os.tmpdir(), 'galley-labels-'))
    const result = await build({ targets: [source], outDir: out, config: { config: testConfig } })
    expect(result.exitCode).toBe(0)
    const article = result.articles[0]!
    const words = labelsFor(lang)
    const reading = words.readingTime(article.metadata!.readingMinutes)
    expect(reading).toContain(unit)

    const html = readFileSync(path.join(out, article.artifacts.html!.path), 'utf8')
    // Compared without white space and direction marks (poppler adds those to right-to-left text).
    const pdf = comparable(await extractText(path.join(out, article.artifacts.pdf!.path), 'pdftotext-raw'))
    const book = await openEpub(readFileSync(path.join(out, article.artifacts.epub!.path)))
    const titlePage = await entryText(book, 'OEBPS/title.xhtml')
    const nav = await entryText(book, 'OEBPS/toc.xhtml')
    const card = await cardText(source)

    for (const [format, text] of Object.entries({ html, titlePage, card })) expect(text, format).toContain(reading)
    expect(pdf).toContain(comparable(reading))
    expect(pdf).toContain(comparable(words.pageOf(1, 1)))
    expect(nav).toContain(`>${words.contents}<`)
    expect(html).not.toContain('min read')
  })
})
