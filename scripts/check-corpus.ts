/**
 * `npm run check:corpus -- DIR [--allow-refused N]`: build every article of DIR into a temporary
 * folder and check all four artifacts with the validators the tests use: the Nu HTML Checker,
 * epubcheck, qpdf + poppler for the PDF, the PNG header for the card. One line per article, then a
 * summary. Exit 1 when a built artifact fails a check, or more than N articles are refused.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { build } from '../pipeline/index.ts'
import { epubcheck } from '../tests/helpers/epub.ts'
import { pngHeader } from '../tests/helpers/og.ts'
import { checkHtml } from '../tests/helpers/vnu.ts'

const run = promisify(execFile)
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'allow-refused': { type: 'string', default: '0' } },
})
const folder = positionals[0]
if (!folder) {
  console.error('usage: npm run check:corpus -- DIR [--allow-refused N]')
  process.exit(2)
}

const out = mkdtempSync(path.join(os.tmpdir(), 'galley-corpus-'))
const started = performance.now()
const result = await build({ targets: [folder], outDir: out })
const problems = new Map<string, string[]>()
const note = (source: string, problem: string) => problems.set(source, [...(problems.get(source) ?? []), problem])

const built = result.articles.filter((article) => article.metadata)
const pathOf = (record: { path: string } | undefined) => (record ? path.join(out, record.path) : undefined)

// HTML and EPUB checkers start a JVM each: run them once over every file.
const htmlFiles = built.flatMap((article) => pathOf(article.artifacts.html) ?? [])
for (const message of (await checkHtml(htmlFiles)).filter((message) => message.type !== 'info')) {
  const article = built.find((candidate) => message.url.endsWith(`/${candidate.artifacts.html?.path}`))
  note(article?.sourcePath ?? message.url, `html:${message.lastLine ?? '?'}: ${message.message}`)
}
const epubFiles = built.flatMap((article) => pathOf(article.artifacts.epub) ?? [])
for (const check of epubFiles.length ? await epubcheck(epubFiles) : []) {
  const article = built.find((candidate) => check.file === pathOf(candidate.artifacts.epub))
  for (const line of check.problems) note(article?.sourcePath ?? check.file, `epub: ${line}`)
  if (check.exitCode !== 0 && check.problems.length === 0)
    note(article?.sourcePath ?? check.file, `epub: epubcheck exited ${check.exitCode}`)
}

for (const article of built) {
  const card = pathOf(article.artifacts.og)
  if (card) {
    const header = pngHeader(readFileSync(card))
    if (!header.signatureOk || header.width !== 1200 || header.height !== 630)
      note(article.sourcePath, `og: not a 1200×630 PNG (${header.width}×${header.height})`)
  }
  const pdf = pathOf(article.artifacts.pdf)
  if (pdf) {
    await run('qpdf', ['--check', pdf]).catch((error: { stdout?: string }) =>
      note(article.sourcePath, `pdf: qpdf --check failed: ${String(error.stdout).split('\n').slice(-3).join(' ')}`),
    )
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 })
    const titleWords = article
      .metadata!.title.split(/\s+/)
      .filter((word) => /^\p{L}{4,}$/u.test(word))
      .slice(0, 3)
    const flat = text.replace(/\s+/g, ' ')
    for (const word of titleWords)
      if (!flat.includes(word)) note(article.sourcePath, `pdf: the title word “${word}” is missing from the text`)
    const { stdout: structure } = await run('pdfinfo', ['-struct', pdf], { maxBuffer: 64 * 1024 * 1024 })
    if (!/Document/.test(structure)) note(article.sourcePath, 'pdf: no tagged structure tree')
  }
  for (const error of article.errors) note(article.sourcePath, `build: ${error}`)
}

const refused = result.articles.filter((article) => !article.metadata && !article.skipped)
for (const article of result.articles) {
  const found = problems.get(article.sourcePath) ?? []
  const status = article.skipped ? 'SKIPPED' : !article.metadata ? 'REFUSED' : found.length ? 'FAIL' : 'ok'
  const formats = Object.keys(article.artifacts).join(',')
  console.log(`${status.padEnd(8)}${path.basename(article.sourcePath)}${formats ? `  [${formats}]` : ''}`)
  for (const line of article.metadata ? found : article.errors) console.log(`          ${line}`)
}
const failed = built.filter((article) => (problems.get(article.sourcePath) ?? []).length > 0)
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(
  `\n${result.articles.length} articles: ${built.length - failed.length} passed every check, ${failed.length} failed, ${refused.length} refused (${seconds} s)`,
)
process.exitCode = failed.length > 0 || refused.length > Number(values['allow-refused']) ? 1 : 0
