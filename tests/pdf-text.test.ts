/**
 * Text that copies right: every paragraph, heading, list item and table cell of the per-script
 * fixtures (real sentences, no `lang` given) comes out of the PDF in logical order, from poppler's
 * pdftotext -raw, MuPDF and pdf.js; and no fixture reports a missing glyph.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { Element } from 'hast'
import { toText } from 'hast-util-to-text'
import { visit } from 'unist-util-visit'
import { beforeAll, describe, expect, it } from 'vitest'
import { comparable, extractText } from './helpers/extract.ts'
import { type RenderedPdf, renderFixture } from './helpers/pdf.ts'

const root = 'tests/fixtures/language'
const cases = readdirSync(root)
  .filter((name) => !['declared-mismatch', 'unknown-lang'].includes(name))
  .sort()

/** The text blocks of the article, as written. */
function blocks(rendered: RenderedPdf): string[] {
  const found: string[] = []
  visit(rendered.article.tree, 'element', (node: Element) => {
    if (!['p', 'li', 'h2', 'h3', 'td', 'th', 'blockquote'].includes(node.tagName)) return undefined
    if (node.tagName !== 'blockquote') found.push(toText(node))
    return node.tagName === 'blockquote' ? undefined : 'skip'
  })
  return found
}

describe.each(cases)('the PDF of %s', (name) => {
  let rendered: RenderedPdf
  beforeAll(async () => {
    rendered = await renderFixture(path.join(root, name, 'input.md'))
  }, 60_000)

  it('reports no missing glyph', () => {
    expect(rendered.article.file.messages.filter((message) => message.ruleId === 'pdf-missing-glyph')).toEqual([])
  })

  for (const extractor of ['pdftotext-raw', 'mutool', 'pdfjs'] as const) {
    it(`gives every paragraph in logical order to ${extractor}`, { timeout: 30_000 }, async () => {
      const text = comparable(await extractText(rendered.file, extractor))
      const missing = blocks(rendered).filter((block) => !text.includes(comparable(block)))
      expect(missing).toEqual([])
    })
  }
})
