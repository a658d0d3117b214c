/**
 * PDF test helpers: render a fixture with the real template, write it to a temporary file, and
 * read it back with poppler (pdftotext, pdfinfo, pdffonts) and qpdf.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { loadTemplate } from '../../pipeline/render/index.ts'
import { renderPdf, type PdfTemplate } from '../../pipeline/render/pdf/index.ts'
import type { Article, SiteConfig } from '../../pipeline/types.ts'
import { parseFixture, testConfig } from './articles.ts'

const run = promisify(execFile)
let folder: Promise<string> | undefined

/** A rendered fixture: the article, the PDF bytes and the path of the written file. */
export interface RenderedPdf {
  article: Article
  bytes: Uint8Array
  file: string
}

/** Parse and render the fixture at `source` with `config`'s template. */
export async function renderFixture(source: string, config: SiteConfig = testConfig): Promise<RenderedPdf> {
  const { article } = await parseFixture(source, config)
  if (!article) throw new Error(`${source} did not parse`)
  const bytes = await renderArticle(article, config)
  folder ??= mkdtemp(path.join(tmpdir(), 'galley-pdf-'))
  // Fixture folders all hold an input.md: name the file after the folder, so each keeps its own.
  const name = article.metadata.slug === 'input' ? path.basename(path.dirname(source)) : article.metadata.slug
  const file = path.join(await folder, `${name}-${config.pageSize}.pdf`)
  await writeFile(file, bytes)
  return { article, bytes, file }
}

/** Render a parsed article to PDF bytes. */
export async function renderArticle(article: Article, config: SiteConfig = testConfig): Promise<Uint8Array> {
  const template = await loadTemplate<PdfTemplate>('pdf', config)
  return renderPdf({
    tree: article.tree,
    metadata: article.metadata,
    template,
    assets: article.assets,
    file: article.file,
    artifacts: new Map(),
  })
}

/** Standard output of a command. */
export async function tool(command: string, args: string[]): Promise<string> {
  const { stdout } = await run(command, args, { maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/** Text of the PDF (or of one page), white space collapsed. */
export async function pdfText(file: string, page?: number): Promise<string> {
  const pages = page ? ['-f', String(page), '-l', String(page)] : []
  return (await tool('pdftotext', [...pages, file, '-'])).replace(/\s+/g, ' ').trim()
}

/** `pdfinfo` fields as a record. */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const lines = (await tool('pdfinfo', ['-isodates', file])).split('\n')
  return Object.fromEntries(
    lines
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  )
}

/** Outline entries as `depth title` strings, in document order. */
export async function pdfOutline(file: string): Promise<string[]> {
  const json = JSON.parse(await tool('qpdf', ['--json=2', '--json-key=outlines', file])) as { outlines: Outline[] }
  const titles: string[] = []
  const walk = (items: Outline[], depth: number) => {
    for (const item of items) {
      titles.push(`${depth} ${item.title}`)
      walk(item.kids, depth + 1)
    }
  }
  walk(json.outlines, 0)
  return titles
}

interface Outline {
  title: string
  kids: Outline[]
}

/** The PDF's objects as qpdf decodes them. */
export async function pdfObjects(file: string): Promise<Record<string, { value?: Record<string, unknown> }>> {
  const json = JSON.parse(await tool('qpdf', ['--json=2', '--json-key=qpdf', file])) as {
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>]
  }
  return json.qpdf[1]
}
