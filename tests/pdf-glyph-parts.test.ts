/**
 * A glyph that stands for part of a character copies as nothing. A file of its own: the bug lay in
 * glyphs cached per process, so the order in which this process first meets them matters.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { parseText } from './helpers/articles.ts'
import { comparable, extractText } from './helpers/extract.ts'
import { renderArticle } from './helpers/pdf.ts'

it('copies as nothing, even once the same glyph has stood for a character of its own', {
  timeout: 30_000,
}, async () => {
  // Noto Sans Devanagari draws ऐ with the glyph of the vowel sign े as its second half; here ऐ comes first.
  const sentence = 'ऐप बनाया, मैंने फिर से ऐप देखा'
  const { article } = await parseText(`---\ntitle: T\nlang: hi\n---\n\n${sentence}\n`)
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'galley-part-')), 'part.pdf')
  writeFileSync(file, await renderArticle(article!))
  for (const extractor of ['pdftotext-raw', 'mutool', 'pdfjs'] as const)
    expect(comparable(await extractText(file, extractor)), extractor).toContain(comparable(sentence))
})
