/**
 * Front matter as other tools write it (tests/fixtures/dialects/<tool>/, each written from that
 * tool's documented format): the metadata and messages each gives (golden `expected.txt`), then all
 * of them built in the four formats and checked by the validators, with no front matter syntax left
 * in any format's text. Each source is an `index.md`, so it builds under its folder's name; the
 * Jekyll one keeps the dated file name Jekyll reads.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { fromHtml } from 'hast-util-from-html'
import { select } from 'hast-util-select'
import { toString as hastToString } from 'hast-util-to-string'
import JSZip from 'jszip'
import { globSync } from 'tinyglobby'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import { build, type BuildResult } from '../pipeline/index.ts'
import { messageLines } from '../pipeline/report.ts'
import { parseArticle } from '../pipeline/source/parse-article.ts'
import { epubcheck } from './helpers/epub.ts'
import { expectGolden } from './helpers/golden.ts'
import { checkHtml } from './helpers/vnu.ts'

const run = promisify(execFile)
const root = 'tests/fixtures/dialects'
const sources = globSync(`${root}/*/*.md`).sort()
const config = resolveConfig(
  { siteName: 'Galley News', siteUrl: 'https://news.example.org', staticFolders: ['static', 'public'] },
  root,
)
const caseOf = (source: string) => path.basename(path.dirname(source))

describe('front matter dialects', () => {
  for (const source of sources) {
    it(`maps the ${caseOf(source)} front matter onto Galley's metadata, with a message for each mapping`, async () => {
      const { article, file, skipped } = await parseArticle(source, readFileSync(source), { config, lint: false })
      const m = article?.metadata
      const lines = [
        `built: ${m ? 'yes' : skipped ? `skipped (${skipped})` : 'no'}`,
        ...(m
          ? [
              `title: ${m.title}`,
              ...(m.titleRuns ? [`title runs: ${JSON.stringify(m.titleRuns)}`] : []),
              `description: ${m.descriptionIsExcerpt ? '(excerpt)' : m.description}`,
              ...(m.descriptionRuns ? [`description runs: ${JSON.stringify(m.descriptionRuns)}`] : []),
              `authors: ${m.authors.join(' | ')}`,
              `published: ${m.published?.iso ?? '-'}`,
              `modified: ${m.modified?.iso ?? '-'}`,
              `tags: ${m.tags.join(' | ')}`,
              `slug: ${m.slug}`,
              `image: ${m.image ? `${m.image.src} (${m.image.alt || 'no alt'})` : '-'}`,
              `source: ${m.source ?? '-'}`,
            ]
          : []),
        ...file.messages.map(
          (message) =>
            `${message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'} ${messageLines({ messages: [message] } as never)[0]}`,
        ),
      ]
      expectGolden(path.join(path.dirname(source), 'expected.txt'), `${lines.join('\n')}\n`)
    })
  }
})

describe('dialect fixtures in all four formats', () => {
  let out: string
  let result: BuildResult
  const built = () => result.articles.filter((article) => article.metadata)
  const file = (record: { path: string } | undefined) => path.join(out, record!.path)

  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'galley-dialects-'))
    result = await build({ targets: sources, outDir: out, config: { config }, concurrency: 1 })
  }, 300_000)

  it('builds every fixture in the four formats but the draft, which is skipped without an error', () => {
    expect(result.exitCode).toBe(0)
    const status = Object.fromEntries(
      result.articles.map((article) => [
        caseOf(article.sourcePath),
        article.skipped ?? Object.keys(article.artifacts).sort().join(','),
      ]),
    )
    for (const source of sources)
      expect(status[caseOf(source)]).toBe(caseOf(source) === 'draft' ? 'draft' : 'epub,html,og,pdf')
  })

  it('passes the Nu HTML Checker with no errors', async () => {
    const messages = await checkHtml(built().map((article) => file(article.artifacts.html)))
    const errors = messages.filter((message) => message.type !== 'info')
    expect(errors.map((message) => `${message.url}:${message.lastLine}: ${message.message}`)).toEqual([])
  }, 120_000)

  it('passes epubcheck with no errors and no warnings', async () => {
    const checks = await epubcheck(built().map((article) => file(article.artifacts.epub)))
    expect(checks.flatMap((check) => check.problems)).toEqual([])
    expect(checks.every((check) => check.exitCode === 0)).toBe(true)
  }, 300_000)

  it('writes PDFs qpdf finds clean', async () => {
    for (const article of built())
      await expect(run('qpdf', ['--check', file(article.artifacts.pdf)])).resolves.toBeDefined()
  }, 120_000)

  it('leaves no front matter syntax and no raw inline Markdown in any format’s text', async () => {
    const leaks: string[] = []
    for (const article of built()) {
      const keys = frontMatterKeys(readFileSync(article.sourcePath, 'utf8'))
      const texts: Record<string, string> = {
        html: visibleText(readFileSync(file(article.artifacts.html), 'utf8')),
        'html head': headText(readFileSync(file(article.artifacts.html), 'utf8')),
        pdf: (await run('pdftotext', ['-enc', 'UTF-8', file(article.artifacts.pdf), '-'])).stdout,
        epub: await epubText(file(article.artifacts.epub)),
        // The card draws these two fields, and nothing else from the front matter.
        og: `${article.metadata!.title}\n${article.metadata!.description}`,
      }
      for (const [format, text] of Object.entries(texts)) {
        for (const key of keys)
          if (new RegExp(`(?:^|\\n)\\s*"?${key}"?\\s*[:=]`, 'i').test(text))
            leaks.push(`${caseOf(article.sourcePath)} ${format}: field \`${key}\``)
        for (const raw of ['`', '**', '](', '{\n', '+++'])
          if (text.includes(raw)) leaks.push(`${caseOf(article.sourcePath)} ${format}: ${JSON.stringify(raw)}`)
      }
    }
    expect(leaks).toEqual([])
  }, 120_000)

  it('styles inline Markdown of the title where a format can: code and emphasis in the page’s h1', () => {
    const article = result.articles.find((candidate) => caseOf(candidate.sourcePath) === 'inline-markdown')!
    const page = readFileSync(file(article.artifacts.html), 'utf8')
    expect(page).toContain(
      '<h1>Changes to <code>u128</code>/<code>i128</code> layout in <em>1.77</em> and <strong>1.78</strong></h1>',
    )
    expect(page).toContain('<meta property="og:title" content="Changes to u128/i128 layout in 1.77 and 1.78">')
    // The body's `# Changes to \`u128\`…` repeats the front matter title: it is not printed twice.
    expect(page.match(/<h1[ >]/g)).toHaveLength(1)
  })
})

/** The keys of the front matter block at the top of `source`, whatever its syntax. */
function frontMatterKeys(source: string): string[] {
  const block =
    /^(?:---\n([\s\S]*?)\n---|\+\+\+\n([\s\S]*?)\n\+\+\+|(\{[\s\S]*?\n\})|((?:[A-Za-z][\w -]*:.*\n)+))/.exec(source)
  const text = block?.slice(1).find(Boolean) ?? ''
  return [...text.matchAll(/^\s*"?([A-Za-z_][\w -]*?)"?\s*[:=]/gm)].map((match) => match[1]!.trim())
}

function visibleText(html: string): string {
  const body = select('body', fromHtml(html))
  return body ? hastToString(body) : ''
}

function headText(html: string): string {
  return [...html.matchAll(/<meta [^>]*content="([^"]*)"/g), ...html.matchAll(/<title>([^<]*)<\/title>/g)]
    .map((match) => match[1])
    .join('\n')
}

async function epubText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file))
  const parts = await Promise.all(
    Object.keys(zip.files)
      .filter((name) => name.endsWith('.xhtml') || name.endsWith('.opf'))
      .map(async (name) => (await zip.file(name)!.async('string')).replace(/<[^>]*>/g, '')),
  )
  return parts.join('\n')
}
