/**
 * The EPUB renderer: epubcheck-clean books for every input article and the fixtures, metadata read
 * back from the package document, navigation that follows the headings, covers, notes, right-to-left
 * text, and byte-identical rebuilds.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { headingRank } from 'hast-util-heading-rank'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { beforeAll, describe, expect, it } from 'vitest'
import { toTimestamp } from '../pipeline/metadata/extract-metadata.ts'
import { renderEpub, type EpubTemplate } from '../pipeline/render/epub/index.ts'
import { loadTemplate } from '../pipeline/render/index.ts'
import type { Article, Asset, Format } from '../pipeline/types.ts'
import { parseFixture, testConfig } from './helpers/articles.ts'
import JSZip from 'jszip'
import { ZLIB_DEFLATE } from '../pipeline/render/epub/zlib-deflate.ts'
import { entryText, epubcheck, openEpub, readOpfMetadata, type EpubcheckResult } from './helpers/epub.ts'

const SOURCES = {
  firstInput: 'input/russia-ukraine-largest-prisoner-exchange.md',
  secondInput: 'input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md',
  everyElement: 'tests/fixtures/every-element/input.md',
  arabic: 'tests/fixtures/epub/rtl-arabic/input.md',
} as const
type Case = keyof typeof SOURCES

let template: EpubTemplate
let card: Uint8Array
const articles = {} as Record<Case, Article>

/** Render an article as the build does; `artifacts` and `assets` may be replaced. */
async function render(
  article: Article,
  options: { artifacts?: Map<Format, Uint8Array>; assets?: Map<string, Asset> } = {},
) {
  // A fresh file per render, so each test sees only the renderer's own messages.
  const file = new VFile({ path: article.file.path })
  const bytes = await renderEpub({
    tree: article.tree,
    metadata: article.metadata,
    template,
    assets: options.assets ?? article.assets,
    file,
    artifacts: options.artifacts ?? new Map(),
  })
  return { bytes, messages: file.messages }
}

const xhtmlEntries = (zip: Awaited<ReturnType<typeof openEpub>>) =>
  Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'))

beforeAll(async () => {
  template = await loadTemplate<EpubTemplate>('epub', testConfig)
  card = new Uint8Array(await readFile('tests/fixtures/epub/card.png'))
  for (const [name, source] of Object.entries(SOURCES) as Array<[Case, string]>) {
    const { article, file } = await parseFixture(source)
    if (!article) throw new Error(`${source} did not parse: ${file.messages.join('\n')}`)
    articles[name] = article
  }
})

describe('epubcheck', () => {
  const books = new Map<string, Uint8Array>()
  let results: EpubcheckResult[]

  beforeAll(async () => {
    for (const name of Object.keys(SOURCES) as Case[]) books.set(name, (await render(articles[name])).bytes)
    books.set(
      'every-element with the social card as cover',
      (await render(articles.everyElement, { artifacts: new Map([['og', card]]) })).bytes,
    )
    books.set(
      'first input with the social card as cover',
      (await render(articles.firstInput, { artifacts: new Map([['og', card]]) })).bytes,
    )
    books.set(
      'every-element with a broken image',
      (await render(articles.everyElement, { assets: brokenAssets(articles.everyElement) })).bytes,
    )
    const folder = await mkdtemp(path.join(tmpdir(), 'galley-epub-test-'))
    const files: string[] = []
    for (const [index, bytes] of [...books.values()].entries()) {
      const file = path.join(folder, `book-${index}.epub`)
      await writeFile(file, bytes)
      files.push(file)
    }
    results = await epubcheck(files)
  }, 120_000)

  it('reports no error and no warning for any book', () => {
    const names = [...books.keys()]
    const verdicts = results.map((result, index) => ({
      book: names[index],
      exitCode: result.exitCode,
      problems: result.problems,
    }))
    expect(verdicts).toEqual(names.map((book) => ({ book, exitCode: 0, problems: [] })))
    for (const result of results) expect(result.output).toMatch(/Messages: 0 fatals \/ 0 errors \/ 0 warnings/)
  })
})

/** The every-element assets with the valley image emptied: it must never be zipped. */
function brokenAssets(article: Article): Map<string, Asset> {
  return new Map([...article.assets].map(([src, asset]) => [src, { ...asset, data: new Uint8Array() }]))
}

describe('package document', () => {
  it.each(Object.keys(SOURCES) as Case[])('states the metadata of %s as the metadata object has it', async (name) => {
    const m = articles[name].metadata
    const zip = await openEpub((await render(articles[name])).bytes)
    const opf = readOpfMetadata(await entryText(zip, 'OEBPS/content.opf'))
    expect(opf.identifier).toEqual([`urn:uuid:${m.identifier}`])
    expect(opf.title).toEqual([m.title])
    expect(opf.language).toEqual([m.lang])
    expect(opf.packageLang).toBe(m.lang)
    expect(opf.packageDir).toBe(m.dir)
    expect(opf.creator).toEqual(m.authors)
    expect(opf.date).toEqual(m.published ? [m.published.hasTime ? toTimestamp(m.published) : m.published.iso] : [])
    expect(opf.properties['dcterms:modified']).toEqual([
      (m.modified ?? m.published) ? toTimestamp((m.modified ?? m.published)!) : m.buildDate,
    ])
    expect(opf.properties['dcterms:modified']![0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(opf.publisher).toEqual([m.siteName])
    expect(opf.description).toEqual([m.description])
    expect(opf.subject).toEqual(m.tags)
    expect(opf.source).toEqual(m.source ? [m.source] : [])
  })

  it('carries accessibility metadata that matches the images in the book', async () => {
    const withImage = readOpfMetadata(
      await entryText(await openEpub((await render(articles.everyElement)).bytes), 'OEBPS/content.opf'),
    )
    expect(withImage.properties['schema:accessMode']).toEqual(['textual', 'visual'])
    expect(withImage.properties['schema:accessibilityFeature']).toContain('alternativeText')
    expect(withImage.properties['schema:accessibilityFeature']).toContain('tableOfContents')
    expect(withImage.properties['schema:accessibilityHazard']).toEqual(['none'])
    expect(withImage.properties['schema:accessibilitySummary']?.[0]).toMatch(/Every image has a text alternative/)
    const textOnly = readOpfMetadata(
      await entryText(await openEpub((await render(articles.firstInput)).bytes), 'OEBPS/content.opf'),
    )
    expect(textOnly.properties['schema:accessMode']).toEqual(['textual'])
    expect(textOnly.properties['schema:accessModeSufficient']).toEqual(['textual'])
    expect(textOnly.properties['schema:accessibilityFeature']).not.toContain('alternativeText')
  })
})

describe('cover', () => {
  it('uses the social card when the og renderer ran, declared the EPUB 3 and the EPUB 2 way', async () => {
    const zip = await openEpub((await render(articles.everyElement, { artifacts: new Map([['og', card]]) })).bytes)
    const opf = await entryText(zip, 'OEBPS/content.opf')
    const item = /<item id="([^"]+)" href="([^"]+)" media-type="image\/png" properties="cover-image"\/>/.exec(opf)
    expect(item).not.toBeNull()
    expect(readOpfMetadata(opf).coverMeta).toBe(item![1])
    expect(await zip.file(`OEBPS/${item![2]}`)!.async('uint8array')).toEqual(card)
    expect(await entryText(zip, 'OEBPS/cover.xhtml')).toContain(`src="${item![2]}"`)
    // The article's own image is then shown on the title page, as a separate file.
    expect(await entryText(zip, 'OEBPS/title.xhtml')).toMatch(
      /<figure class="lead-image"><img src="images\/image-\d\.png"/,
    )
  })

  it('falls back to the article image, then to no cover at all', async () => {
    const fromImage = await openEpub((await render(articles.everyElement)).bytes)
    const valley = articles.everyElement.assets.get('valley.png')!.data
    expect(await fromImage.file('OEBPS/images/cover-image.png')!.async('uint8array')).toEqual(new Uint8Array(valley))
    const none = await openEpub((await render(articles.secondInput)).bytes)
    expect(await entryText(none, 'OEBPS/content.opf')).not.toMatch(/cover-image|name="cover"/)
    expect(none.file('OEBPS/cover.xhtml')).toBeNull()
  })

  it('never zips an empty image, and reports it at the image', async () => {
    const { bytes, messages } = await render(articles.everyElement, { assets: brokenAssets(articles.everyElement) })
    const zip = await openEpub(bytes)
    expect(Object.keys(zip.files).filter((name) => name.includes('images/'))).toEqual([])
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain(
      '<span class="image-missing">[A flat illustration of a valley',
    )
    expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['67:1 epub-unusable-image'])
  })
})

describe('content documents', () => {
  it('lists every heading of the article in the navigation document and the NCX, in order', async () => {
    for (const name of Object.keys(SOURCES) as Case[]) {
      const zip = await openEpub((await render(articles[name])).bytes)
      const headings: string[] = []
      visit(articles[name].tree, 'element', (node) => {
        if (headingRank(node)) headings.push(`article.xhtml#${node.properties.id}`)
      })
      const nav = await entryText(zip, 'OEBPS/toc.xhtml')
      const toc = nav.slice(nav.indexOf('epub:type="toc"'), nav.indexOf('epub:type="landmarks"'))
      const navTargets = [...toc.matchAll(/href="([^"]+)"/g)].map((match) => match[1])
      const ncxTargets = [...(await entryText(zip, 'OEBPS/toc.ncx')).matchAll(/<content src="([^"]+)"/g)].map(
        (match) => match[1],
      )
      expect(navTargets).toEqual(['title.xhtml', ...headings])
      expect(ncxTargets).toEqual(navTargets)
    }
  })

  it('writes footnotes as EPUB noterefs and footnotes that point at each other', async () => {
    const article = await entryText(await openEpub((await render(articles.everyElement)).bytes), 'OEBPS/article.xhtml')
    const refs = [
      ...article.matchAll(
        /<a href="#([^"]+)" id="([^"]+)" class="noteref" epub:type="noteref" role="doc-noteref">(\d+)<\/a>/g,
      ),
    ]
    expect(refs.map((match) => match[3])).toEqual(['1', '2'])
    for (const [, noteId, refId, number] of refs) {
      expect(article).toContain(`<aside class="footnote" id="${noteId}" epub:type="footnote" role="doc-footnote">`)
      expect(article).toContain(`<a class="footnote-number" href="#${refId}" role="doc-backlink">${number}.</a>`)
    }
    expect(article).not.toContain('↩')
  })

  it('uses no named entity beyond the five of XML, and writes text as UTF-8', async () => {
    for (const name of Object.keys(SOURCES) as Case[]) {
      const zip = await openEpub((await render(articles[name])).bytes)
      for (const entry of [...xhtmlEntries(zip), 'OEBPS/content.opf', 'OEBPS/toc.ncx']) {
        const text = await entryText(zip, entry)
        expect(
          [...text.matchAll(/&([a-z][a-z\d]*);/gi)]
            .map((match) => match[1])
            .filter((n) => !['amp', 'lt', 'gt', 'quot', 'apos'].includes(n!)),
        ).toEqual([])
      }
    }
    const article = await entryText(await openEpub((await render(articles.everyElement)).bytes), 'OEBPS/article.xhtml')
    expect(article).toContain('北京是中国的首都。')
    expect(article).toContain('Киев — столица Украины.')
  })

  it('gives every document the language and direction, right to left for Arabic, the nav too', async () => {
    const zip = await openEpub((await render(articles.arabic)).bytes)
    const documents = xhtmlEntries(zip)
    expect(documents).toEqual(expect.arrayContaining(['OEBPS/toc.xhtml', 'OEBPS/title.xhtml', 'OEBPS/article.xhtml']))
    for (const entry of documents)
      expect(await entryText(zip, entry)).toMatch(/<html [^>]*xml:lang="ar" lang="ar" dir="rtl">/)
    expect(await entryText(zip, 'OEBPS/content.opf')).toContain('<spine toc="ncx" page-progression-direction="rtl">')
    const article = await entryText(zip, 'OEBPS/article.xhtml')
    expect(article).toContain('<pre dir="ltr">')
    expect(article).toContain('<span class="list-number">3.</span> البند الثالث')
    expect(article).toContain('<h2 id="footnote-label">الحواشي</h2>')
  })

  it('leaves the shared tree as it found it', async () => {
    const before = structuredClone(articles.everyElement.tree) as Root
    await render(articles.everyElement, { artifacts: new Map([['og', card]]) })
    expect(articles.everyElement.tree).toEqual(before)
    expect(toString(articles.everyElement.tree)).toContain('↩')
  })
})

describe('zip container', () => {
  it('is byte-identical when the same article is rendered twice', async () => {
    for (const name of Object.keys(SOURCES) as Case[]) {
      const options = { artifacts: new Map<Format, Uint8Array>([['og', card]]) }
      expect(
        Buffer.from((await render(articles[name], options)).bytes).equals(
          Buffer.from((await render(articles[name], options)).bytes),
        ),
      ).toBe(true)
    }
  })

  it('stores mimetype first, uncompressed and without extra field, as OCF requires', async () => {
    const bytes = (await render(articles.everyElement)).bytes
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    expect(view.getUint32(0, true)).toBe(0x04034b50) // local file header
    expect(view.getUint16(8, true)).toBe(0) // compression method: stored
    const nameLength = view.getUint16(26, true)
    expect(view.getUint16(28, true)).toBe(0) // extra field length
    const text = new TextDecoder().decode(bytes.subarray(30, 30 + nameLength + 20))
    expect(text).toBe('mimetypeapplication/epub+zip')
  })

  it('deflates with Node’s zlib into entries any zip reader inflates back to the same bytes', async () => {
    const zip = new JSZip()
    const text = 'Ukraine and Russia exchanged prisoners. '.repeat(400)
    zip.file('a.xhtml', text)
    zip.file('empty.css', '')
    // An empty file whose size JSZip learns only when it streams it is deflated, not stored.
    zip.file('later.css', Promise.resolve(''))
    const bytes = await zip.generateAsync({
      type: 'uint8array',
      compression: ZLIB_DEFLATE as 'DEFLATE',
      compressionOptions: { level: 6 },
    })
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    expect(view.getUint16(8, true)).toBe(8) // compression method: deflate
    expect(view.getUint32(18, true)).toBeLessThan(text.length / 10) // compressed size
    const readBack = await JSZip.loadAsync(bytes, { checkCRC32: true })
    expect(await readBack.file('a.xhtml')!.async('string')).toBe(text)
    expect(await readBack.file('empty.css')!.async('string')).toBe('')
    expect(await readBack.file('later.css')!.async('string')).toBe('')
    // The book itself: every entry inflates to bytes that match the CRC-32 JSZip computed before deflating.
    const book = await JSZip.loadAsync((await render(articles.everyElement)).bytes, { checkCRC32: true })
    const entries = Object.values(book.files).filter((entry) => !entry.dir)
    expect(entries.length).toBeGreaterThan(5)
    for (const entry of entries) await expect(entry.async('uint8array')).resolves.toBeInstanceOf(Uint8Array)
  })

  it('dates every entry with the build date, never the clock', async () => {
    const m = articles.secondInput.metadata
    const zip = await openEpub((await render(articles.secondInput)).bytes)
    const expected = new Date(m.buildDate)
    for (const entry of Object.values(zip.files)) {
      // A zip time has no zone: the book stores the build date's UTC fields, which JSZip reads back as UTC.
      const d = entry.date
      expect([d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]).toEqual([
        expected.getUTCFullYear(),
        expected.getUTCMonth(),
        expected.getUTCDate(),
        expected.getUTCHours(),
        expected.getUTCMinutes(),
      ])
    }
  })
})
