/**
 * The newsletter PDF, read back with real readers: poppler (pdftotext, pdfinfo, pdffonts) and qpdf.
 */
import { toText } from 'hast-util-to-text'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import { wrapCodeLine } from '../pipeline/render/pdf/code.ts'
import { hyphenatorFor } from '../pipeline/render/pdf/hyphenate.ts'
import { breakablePieces } from '../pipeline/render/pdf/atoms.ts'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isEmoji, pictographs } from '../pipeline/fonts/emoji.ts'
import { comparable, extractText } from './helpers/extract.ts'
import { parseFixture, parseText } from './helpers/articles.ts'
import {
  pdfInfo,
  pdfObjects,
  pdfOutline,
  pdfText,
  renderArticle,
  renderFixture,
  tool,
  type RenderedPdf,
} from './helpers/pdf.ts'

const EVERY = 'tests/fixtures/every-element/input.md'
const SEEDS = [
  'input/russia-ukraine-largest-prisoner-exchange.md',
  'input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md',
]

let every: RenderedPdf
beforeAll(async () => {
  every = await renderFixture(EVERY)
}, 30_000)

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

describe('the every-element article', () => {
  it('passes qpdf --check', async () => {
    expect(await tool('qpdf', ['--check', every.file])).toMatch(/No syntax or stream encoding errors/)
  })

  it('gives back every block of text in reading order', async () => {
    const text = await pdfText(every.file)
    const expected = [
      'Every element: a test article for all four formats',
      'Headings, lists, tables, code, footnotes, an image',
      'By Ada Lovelace and Grace Hopper',
      'The opening paragraph has emphasis, strong text, inline code, struck text',
      'Lists',
      'An unordered item',
      'First nested, ordered',
      'Third level',
      'A finished task',
      'An open task',
      'Ordered two',
      'A sixth-level heading'.toUpperCase(),
      'A block quote that carries on long enough',
      '— Someone quotable',
      'export function greet(name: string): string {',
      'instead of being cut off.`',
      'A table',
      'City Country Population',
      'Tokyo Japan 14,094,034',
      'The valley at noon',
      'Cyrillic: Киев — столица Украины.',
      'Η Αθήνα είναι η πρωτεύουσα',
      '北京是中国的首都',
      '東京は日本の首都です',
      'A sentence with a footnote.',
      'More detail',
      'NOTES',
      'The first footnote, with a link',
      'The second footnote.',
    ]
    let from = 0
    for (const fragment of expected) {
      const at = text.indexOf(fragment, from)
      expect(at, `“${fragment}” after offset ${from}`).toBeGreaterThanOrEqual(from)
      from = at + fragment.length
    }
  })

  it('embeds and subsets every font, with Unicode maps', async () => {
    const rows = (await tool('pdffonts', [every.file])).split('\n').slice(2).filter(Boolean)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const row of rows) expect(row).toMatch(/\byes\s+yes\s+yes\b/)
    expect(rows.join('\n')).toMatch(/NotoSansSC/)
  })

  it('writes the metadata object into the Info dictionary, with language and display title', async () => {
    const m = every.article.metadata
    const info = await pdfInfo(every.file)
    expect(info.Title).toBe(m.title)
    expect(info.Author).toBe(m.authors.join(', '))
    expect(info.Subject).toBe(m.description)
    expect(info.Keywords).toBe(m.tags.join(', '))
    expect(info.CreationDate).toBe('2025-05-14T07:30:00Z')
    expect(info.ModDate).toBe('2025-05-15T00:00:00Z')
    expect(info.Tagged).toBe('yes')
    const objects = Object.values(await pdfObjects(every.file)).map((object) => object.value ?? {})
    const catalog = objects.find((value) => value['/Type'] === '/Catalog')!
    expect(catalog['/Lang']).toBe(`u:${m.lang}`)
    const viewer = objects.find((value) => value['/DisplayDocTitle'] !== undefined)
    expect(viewer?.['/DisplayDocTitle']).toBe(true)
  })

  it('makes links annotations with the right targets, external and internal', async () => {
    const objects = Object.values(await pdfObjects(every.file)).map((object) => object.value ?? {})
    const uris = objects.filter((value) => value['/S'] === '/URI').map((value) => value['/URI'])
    expect(new Set(uris)).toEqual(new Set(['u:https://spec.commonmark.org/0.31.2/', 'u:https://example.org/']))
    const goTos = objects.filter((value) => value['/S'] === '/GoTo').map((value) => value['/D'])
    expect(goTos).toEqual(expect.arrayContaining(['u:lists', 'u:user-content-fn-note', 'u:user-content-fn-second']))
    const dests = await tool('pdfinfo', ['-dests', every.file])
    for (const name of ['lists', 'user-content-fn-note', 'user-content-fnref-note']) expect(dests).toContain(name)
    const annotations = objects.filter((value) => value['/Subtype'] === '/Link')
    expect(annotations.length).toBeGreaterThanOrEqual(6)
    for (const annotation of annotations) expect(annotation['/StructParent']).toBeTypeOf('number')
  })

  it('builds an outline that follows the headings, nested by rank', async () => {
    expect(await pdfOutline(every.file)).toEqual([
      '0 Every element: a test article for all four formats',
      '1 Lists',
      '2 A third-level heading',
      '3 A fourth-level heading',
      '4 A fifth-level heading',
      '5 A sixth-level heading',
      '1 Quotes and code',
      '1 A table',
      '1 An image',
      '1 Scripts',
      '1 Notes',
    ])
  })

  it('tags a structure tree under Document with headings, lists, links, a table and a figure with alt text', async () => {
    const struct = await tool('pdfinfo', ['-struct', every.file])
    expect(struct.split('\n')[0]).toBe('Document')
    for (const type of [
      'H1',
      'H2',
      'H3',
      'H6',
      'P',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'Link',
      'BlockQuote',
      'Code',
      'Table',
      'TH',
      'TD',
      'Figure',
      'Caption',
    ]) {
      expect(struct, type).toMatch(new RegExp(`^\\s*${type}\\b`, 'm'))
    }
    const objects = Object.values(await pdfObjects(every.file)).map((object) => object.value ?? {})
    const figure = objects.find((value) => value['/S'] === '/Figure')!
    expect(figure['/Alt']).toBe(`u:${every.article.metadata.image!.alt}`)
  })

  it('keeps real spaces in the tagged text of justified paragraphs', async () => {
    const text = await tool('pdfinfo', ['-struct-text', every.file])
    expect(text).toContain('It uses “straight quotes” that become curly — and a dash… and an ellipsis.')
  })

  it('prints the page furniture: n of N and the site name on every page', async () => {
    const pages = Number((await pdfInfo(every.file)).Pages)
    expect(pages).toBeGreaterThan(1)
    for (let page = 1; page <= pages; page++) {
      const text = await pdfText(every.file, page)
      expect(text).toContain(`${page} of ${pages}`)
      expect(text).toContain('Galley News')
    }
  })

  it('gives the same bytes for the same input', async () => {
    const again = await renderArticle(every.article)
    expect(Buffer.from(again).equals(Buffer.from(every.bytes))).toBe(true)
  })

  it('leaves the shared tree as it found it', async () => {
    const { article } = await parseFixture(EVERY)
    const before = JSON.stringify(article!.tree)
    await renderArticle(article!)
    expect(JSON.stringify(article!.tree)).toBe(before)
  })
})

describe('the seed articles', () => {
  it.each(SEEDS)('%s comes back complete, under 150 KB, and checks clean', async (source) => {
    const { article, bytes, file } = await renderFixture(source)
    expect(bytes.byteLength).toBeLessThan(150 * 1024)
    expect(await tool('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/)
    // The tagged text keeps whole words across hyphenated line ends.
    // pdfinfo prints each marked-content sequence quoted on its own line: join them as they are.
    const tagged = squash((await tool('pdfinfo', ['-struct-text', file])).replace(/"\n\s*"/g, ''))
    for (const paragraph of article.tree.children.filter((node) => node.type === 'element' && node.tagName === 'p')) {
      expect(tagged).toContain(squash(toText(paragraph)))
    }
    expect(article.file.messages.filter((message) => message.source === 'galley:pdf')).toEqual([])
  })
})

describe('hyphenation', () => {
  it('hyphenates a token at a time exactly as the library hyphenates the whole text', () => {
    const require = createRequire(import.meta.url)
    const library = (require('hyphen') as (patterns: unknown, options: object) => (text: string) => string)(
      require('hyphen/patterns/en-us.js'),
      { minWordLength: 6 },
    )
    const ours = hyphenatorFor('en')!
    const articles = readdirSync('input')
      .filter((name) => name.endsWith('.md'))
      .map((name) => readFileSync(path.join('input', name), 'utf8'))
    const texts = [
      ...[...articles, readFileSync('tests/fixtures/every-element/input.md', 'utf8')].flatMap((text) =>
        text.split(/\n\n+/),
      ),
      'Extraordinary “quotations” — hyphenation’s edge-cases, (parenthetical) words… and trailing punctuation!',
      'A <abbr title="international organisation">abbreviation</abbr> is read across tokens; an al\u00ADready hyphen\u00ADated word is left alone.',
      '  leading and trailing whitespace, tabs\tand\nnewlines  ',
    ]
    for (const text of texts) expect(ours(text)).toBe(library(text))
    // Twice: the second time from memory.
    for (const text of texts) expect(ours(text)).toBe(library(text))
  })
})

describe('fonts shared across documents', () => {
  it('keep every character in the text layer of a later document', async () => {
    // Greek Ε in the first document subsets Latin E as a component; the second must still map E.
    await renderFixture(EVERY)
    const { file } = await renderFixture(SEEDS[0]!)
    expect(await pdfText(file)).toContain('proposed after European allies')
  })
})

describe('scripts, long words and links', () => {
  let scripts: RenderedPdf
  beforeAll(async () => {
    scripts = await renderFixture('tests/fixtures/pdf/scripts/input.md')
  }, 30_000)

  it('falls back glyph by glyph to Arabic, Hebrew, Korean and Greek faces', async () => {
    const fonts = await tool('pdffonts', [scripts.file])
    for (const face of ['NotoSansArabic', 'NotoSansHebrew', 'NotoSansKR', 'NotoSerif-Regular'])
      expect(fonts).toContain(face)
    const text = await pdfText(scripts.file)
    expect(text).toContain('서울은 한국의 수도입니다')
    expect(text).toContain('Καλημέρα κόσμε')
  })

  it('maps every use of a shared Arabic glyph to its own letter in the text layer', async () => {
    // Noto Sans Arabic draws medial ب ت ث ن ي from one dotless glyph: each must extract as written.
    const { file } = await renderFixture('tests/fixtures/pdf/arabic-letters/input.md')
    const text = await pdfText(file)
    for (const word of ['التمكين', 'الميزات', 'بيت', 'نبتة']) expect(text).toContain(word)
  })

  it('gives right-to-left paragraphs in logical order to poppler, MuPDF and pdf.js', { timeout: 30_000 }, async () => {
    for (const extractor of ['pdftotext-raw', 'mutool', 'pdfjs'] as const) {
      const text = comparable(await extractText(scripts.file, extractor))
      expect(text, extractor).toContain(
        comparable('مرحبا بالعالم. هذه فقرة باللغة العربية تحتوي على الرقم 2025 وكلمة English في وسطها.'),
      )
      expect(text, extractor).toContain(comparable('שלום עולם. זוהי פסקה בעברית עם המספר 42 והמילה Galley באמצע.'))
    }
  })

  it('breaks a long URL and a long word instead of letting them overflow', async () => {
    const boxes = await tool('pdftotext', ['-bbox', scripts.file, '-'])
    const rightEdges = [...boxes.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((match) =>
      Number(match[1]),
    )
    const { margins } = (await import('../templates/pdf/index.ts')).default.page
    expect(Math.max(...rightEdges)).toBeLessThanOrEqual(595.28 - margins.right + 0.5)
    const text = await pdfText(scripts.file)
    expect(text.replace(/ /g, '')).toContain(
      'https://www.example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/newsletter/column/at-all?query=string&and=more',
    )
    expect(text).toContain('Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft')
  })

  it('warns about a character no font can draw, once', () => {
    const missing = scripts.article.file.messages.filter((message) => message.ruleId === 'pdf-missing-glyph')
    expect(missing.map((message) => message.reason)).toEqual([expect.stringContaining('U+1780')])
  })

  it('draws emoji in colour as small images, tagged with the emoji as their text', async () => {
    const images = (await tool('pdfimages', ['-list', scripts.file]))
      .split('\n')
      .filter((line) => /^\s+1\s+\d+\s+(?:image|smask)\s+72\s+72/.test(line))
    expect(images.map((line) => line.split(/\s+/)[3])).toEqual(['image', 'smask'])
    const objects = Object.values(await pdfObjects(scripts.file)).map((object) => object.value ?? {})
    expect(objects.map((value) => JSON.stringify(value['/ActualText'] ?? '')).join(' ')).toContain('🎉')
  })

  it('copies emoji as themselves in poppler, MuPDF and pdf.js', { timeout: 30_000 }, async () => {
    for (const extractor of ['pdftotext-raw', 'pdftotext', 'mutool', 'pdfjs'] as const)
      expect(await extractText(scripts.file, extractor), extractor).toMatch(/An emoji\s*🎉\s*in a sentence/u)
  })

  it('justifies Japanese between its characters, not only at the spaces around a Latin word', async () => {
    // From the corpus (react-ja-plan-for-react-18): its second line holds "ために React を"; justified
    // by its two spaces alone, each stretched to about 15 pt.
    const paragraph =
      'これらのお知らせは、主にサードパーティのライブラリメンテナ向けです。ユーザ向けのアプリケーションを作成するために React を学んでいる、教えている、あるいは利用している方は、この投稿を無視していただいて問題ありません。'
    const { article } = await parseText(`---\ntitle: 予定\nlang: ja\n---\n\n${paragraph}\n`)
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'galley-pdf-')), 'justify-ja.pdf')
    await writeFile(file, await renderArticle(article!))
    const words = [
      ...(await tool('pdftotext', ['-bbox', file, '-'])).matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
      ),
    ].map(([, xMin, yMin, xMax, text]) => ({
      xMin: Number(xMin),
      yMin: Number(yMin),
      xMax: Number(xMax),
      text: text ?? '',
    }))
    const react = words.findIndex((word) => word.text === 'React')
    const [before, latin, after] = [words[react - 1]!, words[react]!, words[react + 1]!]
    // One line: the faces' boxes differ by a point or so in height.
    const sameLine = (a: { yMin: number }, b: { yMin: number }) => Math.abs(a.yMin - b.yMin) < 4
    expect(sameLine(before, latin) && sameLine(after, latin)).toBe(true)
    // A space of the 10.5 pt body is under 3 pt; stretched by the line's few spaces it was about 15.
    expect(latin.xMin - before.xMax).toBeLessThan(5)
    expect(after.xMin - latin.xMax).toBeLessThan(5)
    // And the line is still justified: it ends at the right margin, as the first line does.
    const lineEnd = (on: { yMin: number }) =>
      Math.max(...words.filter((word) => sameLine(word, on)).map((word) => word.xMax))
    const first = words.find((word) => word.text.startsWith('これらの'))!
    expect(Math.abs(lineEnd(latin) - lineEnd(first))).toBeLessThan(1)
    expect(await pdfText(file)).toContain('作成するために React を学んでいる')
  })

  it('draws a pictograph shown as text by default (™, the notes’ ↩) with the text fonts, not as an image', async () => {
    const { article } = await parseText('---\ntitle: Acme™ results\n---\n\nAcme™ grew © 2026.[^1]\n\n[^1]: A note.\n')
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'galley-pdf-')), 'pictographs.pdf')
    await writeFile(file, await renderArticle(article!))
    expect((await tool('pdfimages', ['-list', file])).trim().split('\n')).toHaveLength(2)
    expect(await pdfText(file)).toContain('Acme™ grew © 2026.')
    expect(article!.file.messages.filter((message) => message.ruleId === 'pdf-missing-glyph')).toEqual([])
  })

  it('tells emoji from pictographs shown as text, and finds them without segmenting the whole text', () => {
    expect(['🎉', '☺️', '🇺🇦', '👩🏽‍💻', '↩', '™', '©', '☺'].map(isEmoji)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
    expect(pictographs('Party 🎉, flag 🇺🇦, coder 👩🏽‍💻, back ↩ and 🎉 again')).toEqual(['🎉', '🇺🇦', '👩🏽‍💻', '↩'])
    expect(pictographs('No pictographs here — “none”.')).toEqual([])
  })

  it('reports a problem in a table cell once, though the cell is measured, fitted and drawn', async () => {
    const { article } = await parseText(
      '---\ntitle: T\n---\n\n| Name | Link |\n| --- | --- |\n| One | [nowhere](#missing-anchor) |\n| Two | plain |\n',
    )
    await renderArticle(article!)
    expect(article!.file.messages.filter((message) => message.ruleId === 'pdf-broken-anchor')).toHaveLength(1)
  })

  it('splits URL-like words after slashes and CJK text between characters', () => {
    expect(breakablePieces('https://a.example/b/c')).toEqual(['https://', 'a.', 'example/', 'b/', 'c'])
    expect(breakablePieces('東京は')).toEqual(['東', '京', 'は'])
    expect(breakablePieces('face-to-face')).toEqual(['face-', 'to-', 'face'])
  })
})

describe('layout across pages', () => {
  it('repeats the table header row at the top of the next page', async () => {
    const { file } = await renderFixture('tests/fixtures/pdf/long-table/input.md')
    const pages = Number((await pdfInfo(file)).Pages)
    expect(pages).toBeGreaterThan(1)
    for (let page = 2; page <= pages; page++)
      expect(await pdfText(file, page)).toMatch(/^A table longer than a page Name Description Row/)
    const all = await pdfText(file)
    for (const row of [1, 35, 70]) expect(all).toContain(`Row ${row} Item number ${row} with some words ${row * 37}`)
  })

  it('uses the Letter page size when the config asks for it', async () => {
    const letter = resolveConfig(
      { siteName: 'Galley News', siteUrl: 'https://news.example.org', pageSize: 'Letter' },
      process.cwd(),
    )
    const { file } = await renderFixture(SEEDS[1]!, letter)
    expect((await pdfInfo(file))['Page size']).toMatch(/^612 x 792 pts/)
  })

  it('wraps a long code line without cutting it, keeping its indent', () => {
    const line = '  return `Hello, ${name}! This line is deliberately long so that it has to wrap`'
    const pieces = wrapCodeLine(line, 40)
    expect(pieces.every((piece) => [...piece].length <= 40)).toBe(true)
    expect(pieces.slice(1).every((piece) => piece.startsWith('  '))).toBe(true)
    expect(pieces.map((piece, index) => (index ? piece.slice(2) : piece)).join('')).toBe(line)
  })
})

describe('content the PDF cannot show as such', () => {
  it('warns at the element and keeps its text, never dropping it', async () => {
    const { article, file } = await renderFixture('tests/fixtures/pdf/unsupported/input.md')
    const messages = article.file.messages
      .filter((message) => message.source === 'galley:pdf')
      .map((message) => `${message.line}:${message.column}: ${message.ruleId}`)
    expect(messages).toEqual(expect.arrayContaining(['13:12: pdf-unsupported-element']))
    const text = await pdfText(file)
    expect(text).toContain('Term Its definition')
    expect(text).toContain('Ruby text: 漢字 (kanji)')
    expect(text).toContain('a relative link')
  })

  it('resolves a relative link against the canonical URL', async () => {
    const { file } = await renderFixture('tests/fixtures/pdf/unsupported/input.md')
    const objects = Object.values(await pdfObjects(file)).map((object) => object.value ?? {})
    expect(objects.map((value) => value['/URI'])).toContain('u:https://news.example.org/other/')
  })
})
