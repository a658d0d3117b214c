/**
 * Image files that cannot be decoded (damaged, truncated, zero-sized) never cost an article its
 * outputs: the PDF shows their alt text and the card is drawn without its lead image, each with a
 * warning at the image. One of them used to end the whole process from a zlib callback in png-js.
 */
import { describe, expect, it } from 'vitest'
import { processArticle } from '../pipeline/build/process-article.ts'
import { availableFormats } from '../pipeline/render/index.ts'
import { testConfig } from './helpers/articles.ts'
import { pdfText, renderFixture, tool } from './helpers/pdf.ts'

const FIXTURE = 'tests/fixtures/damaged-images/input.md'

describe('damaged image files', () => {
  it('build in all four formats, each damaged image reported once where it is', async () => {
    const result = await processArticle({
      sourcePath: FIXTURE,
      cwd: process.cwd(),
      config: testConfig,
      formats: availableFormats(),
      strict: false,
      templateVersions: {},
    })
    expect(result.messages.filter((message) => message.fatal)).toEqual([])
    expect(Object.keys(result.outputs).sort()).toEqual([...availableFormats()].sort())
    const warnings = result.messages
      .filter((message) => /image-unreadable/.test(message.ruleId ?? ''))
      .map((message) => `${message.line ?? ''}:${message.column ?? ''} ${message.ruleId} ${message.source}`)
    expect(warnings.sort()).toEqual(
      [
        ': og-image-unreadable galley:og',
        // The lead image, drawn under the masthead: it has no place in the body.
        ': pdf-image-unreadable galley:pdf',
        '13:1 pdf-image-unreadable galley:pdf',
        '15:1 pdf-image-unreadable galley:pdf',
        '17:1 pdf-image-unreadable galley:pdf',
        '19:1 pdf-image-unreadable galley:pdf',
        '21:1 pdf-image-unreadable galley:pdf',
      ].sort(),
    )
  }, 60_000)

  it('show their alt text in a PDF that passes qpdf --check', async () => {
    const { file } = await renderFixture(FIXTURE)
    expect(await tool('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/)
    const text = await pdfText(file)
    for (const alt of [
      'A PNG signature with a broken header',
      'A JPEG marker and then garbage',
      'A PNG with transparency whose data is not zlib',
      'A PNG whose data is not zlib',
      'A PNG of zero by zero pixels',
    ])
      expect(text).toContain(`[${alt}]`)
    expect(text).toMatch(/Before the images\..*After the images\./)
  })
})
