/**
 * Other tools' Markdown extensions (tests/fixtures/markdown-extensions/<case>/input.md, written
 * from each tool's documented syntax): the shared tree and the messages against goldens, and every
 * fixture built in all four formats with no raw syntax left in the text of any of them, the Nu
 * HTML Checker silent, epubcheck 0/0 and qpdf clean.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { toHtml } from 'hast-util-to-html'
import { beforeAll, describe, expect, it } from 'vitest'
import { build, type BuildResult } from '../pipeline/index.ts'
import { parseFixture, parseText, testConfig } from './helpers/articles.ts'
import { entryText, epubcheck, openEpub } from './helpers/epub.ts'
import { expectGolden } from './helpers/golden.ts'
import { checkHtml } from './helpers/vnu.ts'

const run = promisify(execFile)
const ROOT = 'tests/fixtures/markdown-extensions'
const CASES = readdirSync(ROOT).sort()

/** What no format may print: the tools' own syntax. */
const RAW = [
  /\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/,
  // MkDocs openers are lowercase: "!!! Big news" is prose.
  /^\s*(?::::|(?:!!!|\?\?\?\+?) [a-z])/m,
  // Liquid, Jinja and Hugo delimiters (TeX's `}}` in the PDF's formula text is not one).
  /\{\{[\s<%.]|[\s>%]\}\}|\{%|%\}/,
  /\{#[\w-]+\}|\{\/\*/,
  /\$\$|\$\\[a-z]|\$[A-Za-z]\s*=/,
  /:(?:tada|\+1|bug|white_check_mark):/,
  /^\s*(?:import\s.*\bfrom\s|export\s+(?:const|default|function)\b)/m,
  /<\/?(?:[A-Z][a-z]\w*|galley-)/,
]

const messages = (file: {
  messages: Array<{ line?: number | null; column?: number | null; reason: string; ruleId?: string | null }>
}) => `${file.messages.map((m) => `${m.line ?? 1}:${m.column ?? 1}: ${m.reason} (${m.ruleId})`).join('\n')}\n`

describe('the shared tree of each extension fixture', () => {
  for (const name of CASES) {
    it(`reads ${name} as its tool means it`, async () => {
      const { article, file } = await parseFixture(path.join(ROOT, name, 'input.md'))
      expect(article).toBeDefined()
      expectGolden(path.join(ROOT, name, 'expected.html'), `${toHtml(article!.tree)}\n`)
      expectGolden(path.join(ROOT, name, 'expected-messages.txt'), messages(file))
    })
  }
})

describe('every extension fixture in all four formats', () => {
  let out: string
  let result: BuildResult
  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'galley-extensions-'))
    result = await build({
      targets: [`${ROOT}/*/input.md`],
      outDir: out,
      config: { config: testConfig },
      concurrency: 1,
    })
  }, 120_000)

  const artifact = (slug: string, format: 'html' | 'pdf' | 'epub') => {
    const record = result.articles.find((article) => article.metadata?.slug === slug)?.artifacts[format]
    if (!record) throw new Error(`${slug} has no ${format}`)
    return path.join(out, record.path)
  }

  it('builds every fixture', () => {
    expect(result.articles.filter((article) => !article.metadata).map((article) => article.sourcePath)).toEqual([])
    expect(result.articles.map((article) => article.metadata?.slug).sort()).toEqual(CASES)
  })

  for (const name of CASES) {
    it(`leaves no raw syntax in the text of ${name}'s page, PDF and EPUB`, async () => {
      const html = readFileSync(artifact(name, 'html'), 'utf8')
      const body = html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/<[^>]+>/g, ' ')
      const { stdout: pdf } = await run('pdftotext', ['-enc', 'UTF-8', artifact(name, 'pdf'), '-'])
      const zip = await openEpub(readFileSync(artifact(name, 'epub')))
      const epub = (await entryText(zip, 'OEBPS/article.xhtml')).replace(/<[^>]+>/g, ' ')
      for (const [format, text] of [
        ['html', body],
        ['pdf', pdf],
        ['epub', epub],
      ] as const)
        for (const pattern of RAW) expect(text, `${format} matches ${pattern}`).not.toMatch(pattern)
    }, 30_000)
  }

  it('passes the Nu HTML Checker, epubcheck and qpdf', async () => {
    const html = await checkHtml(CASES.map((name) => artifact(name, 'html')))
    expect(html.map((message) => `${message.url}: ${message.message}`)).toEqual([])
    for (const check of await epubcheck(CASES.map((name) => artifact(name, 'epub'))))
      expect(check.problems, check.file).toEqual([])
    for (const name of CASES) await run('qpdf', ['--check', artifact(name, 'pdf')])
  }, 180_000)

  it('declares MathML in the EPUB manifest and keeps the TeX as alt text everywhere', async () => {
    const zip = await openEpub(readFileSync(artifact('math', 'epub')))
    expect(await entryText(zip, 'OEBPS/content.opf')).toMatch(/href="article.xhtml"[^>]*properties="mathml"/)
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml')
    expect(xhtml).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"')
    expect(xhtml).toContain('alttext="E = mc^2"')
    const { stdout: pdf } = await run('pdftotext', ['-enc', 'UTF-8', artifact('math', 'pdf'), '-'])
    expect(pdf).toContain('E = mc^2')
    const { stdout: structure } = await run('pdfinfo', ['-struct', artifact('math', 'pdf')])
    expect(structure).toContain('Formula')
  }, 30_000)

  it('draws callouts as tagged boxes whose title names the kind', async () => {
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', artifact('github-alerts', 'pdf'), '-'])
    for (const title of ['Note', 'Tip', 'Important', 'Warning', 'Caution']) expect(text).toContain(title)
    const html = readFileSync(artifact('github-alerts', 'html'), 'utf8')
    expect(html).toMatch(
      /<aside class="callout callout-warning" role="note" aria-labelledby="(callout-\d+)"><p class="callout-title" id="\1">Warning<\/p>/,
    )
  }, 30_000)
})

describe('bad input', () => {
  it('never stops a build for an unknown or unclosed shortcode, and names it', async () => {
    const { article, file } = await parseText(
      '---\ntitle: T\n---\n\n{{< mystery a=1 >}}\n\n{% unknown_tag %}\n\n:::note\nnever closed\n\n{{< /nothing >}}\n\n{{< highlight go >}}\nno end\n',
    )
    expect(article).toBeDefined()
    const html = toHtml(article!.tree)
    expect(html).not.toMatch(/\{\{|\{%|:::/)
    expect(html).toContain('never closed')
    expect(messages(file)).toMatch(/mystery/)
    expect(messages(file)).toMatch(/unknown_tag/)
    expect(messages(file)).toMatch(/\/nothing/)
  })

  it('shows TeX that MathJax cannot read as code, with a warning', async () => {
    const { article, file } = await parseText('---\ntitle: T\n---\n\nA broken formula $\\frac{1}{$ here.\n')
    expect(toHtml(article!.tree)).toContain('<code class="language-math">')
    expect(messages(file)).toMatch(/math-error/)
  })

  it('reads a file that only looks like MDX as Markdown', async () => {
    const { article, file } = await parseText(
      '---\ntitle: T\n---\n\n<Note>\n\nA note with an <img src="x.png" alt="unclosed"> tag.\n\n</Note>\n',
    )
    expect(toHtml(article!.tree)).toContain('class="callout callout-note"')
    expect(messages(file)).toMatch(/not-mdx/)
  })
})
