import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { build, type BuildResult } from '../pipeline/index.ts'
import { renderOgSvg } from '../pipeline/render/og.ts'
import { loadTemplate, RENDERERS } from '../pipeline/render/index.ts'
import { testConfig, parseFixture } from './helpers/articles.ts'
import { expectGolden } from './helpers/golden.ts'

const hostile = 'tests/fixtures/hostile'
const config = { config: testConfig }
let clean: { out: string; result: BuildResult }
let mixed: { out: string; result: BuildResult }

async function buildInto(targets: string[]) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'galley-hostile-'))
  return { out, result: await build({ targets, outDir: out, config }) }
}

beforeAll(async () => {
  clean = await buildInto(['input'])
  mixed = await buildInto(['input', hostile])
}, 180_000)

const UNSAFE = /<script(?![^>]*application\/ld\+json)|<iframe|<object|onclick|onerror|javascript:|vbscript:|data:text\/html|expression\(|etc\/passwd|etc\/hostname|evil\.example/i

describe('a batch with hostile sources', () => {
  it('exits 1 and reports every bad source with its message and position', () => {
    expect(mixed.result.exitCode).toBe(1)
    const lines = mixed.result.articles
      .filter((article) => article.sourcePath.startsWith(hostile))
      .map((article) => [`${path.basename(article.sourcePath)}: ${article.errors.length ? 'refused' : 'built'}`, ...article.errors.map((line) => `  error ${line}`), ...article.warnings.map((line) => `  warning ${line}`)].join('\n'))
    expectGolden(path.join(hostile, 'expected-messages.txt'), `${lines.join('\n')}\n`)
  })

  it('records each failure with its message in the manifest', () => {
    const manifest = JSON.parse(readFileSync(path.join(mixed.out, 'manifest.json'), 'utf8'))
    const failed = manifest.articles.filter((article: { status: string }) => article.status === 'failed')
    expect(failed.map((article: { source: string }) => path.basename(article.source)).sort()).toEqual(
      ['binary.md', 'dup-b.md', 'empty-title.md', 'empty.md', 'front-matter-only.md', 'impossible-date.md', 'invalid-yaml.md', 'missing-title.md', 'wrong-type.md'],
    )
    for (const article of failed) expect(article.errors[0]).toMatch(/^\d+:\d+: .{20,}/)
  })

  it('leaves the good articles byte-identical to a clean build', () => {
    for (const article of clean.result.articles) {
      for (const record of Object.values(article.artifacts)) {
        const before = readFileSync(path.join(clean.out, record!.path))
        const after = readFileSync(path.join(mixed.out, record!.path))
        expect(after.equals(before), record!.path).toBe(true)
      }
    }
  })

  it('keeps the first of two sources with one slug and refuses the second', () => {
    const first = mixed.result.articles.find((article) => article.sourcePath.endsWith('dup-a.md'))!
    expect(first.errors).toEqual([])
    expect(readFileSync(path.join(mixed.out, 'shared-slug', 'index.html'), 'utf8')).toContain('First of two')
  })

  it('accepts a byte-order mark and CRLF line endings silently, and Latin-1 with a warning', () => {
    const bom = mixed.result.articles.find((article) => article.sourcePath.endsWith('bom-crlf.md'))!
    expect([bom.errors, bom.warnings.filter((line) => !line.includes('missing-description'))]).toEqual([[], []])
    const latin = mixed.result.articles.find((article) => article.sourcePath.endsWith('latin1.md'))!
    expect(latin.metadata?.title).toBe('Café crème')
    expect(latin.warnings.some((line) => line.includes('not-utf8'))).toBe(true)
  })
})

describe('nothing unsafe reaches any format', () => {
  it('keeps the HTML page free of scripts, frames, handlers, dangerous URLs and outside files', () => {
    const html = readFileSync(path.join(mixed.out, 'unsafe', 'index.html'), 'utf8')
    expect(html).not.toMatch(UNSAFE)
    expect(html).toContain('href="https://example.org/"')
    expect(readdirSync(path.join(mixed.out, 'unsafe')).filter((name) => !/\.(?:html|png|pdf|epub)$/.test(name))).toEqual([])
  })

  it('keeps the EPUB free of them too', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(mixed.out, 'unsafe', 'unsafe.epub')))
    for (const name of Object.keys(zip.files)) {
      if (!/\.(?:xhtml|opf|ncx|css)$/.test(name)) continue
      expect(await zip.file(name)!.async('string'), name).not.toMatch(UNSAFE)
    }
    expect(Object.keys(zip.files).some((name) => /passwd|hostname/.test(name))).toBe(false)
  })

  it('keeps the card free of them', async () => {
    const { article } = await parseFixture(path.join(hostile, 'unsafe.md'))
    const { svg } = await renderOgSvg({ ...article!, template: await loadTemplate('og', testConfig) })
    expect(svg).not.toMatch(/<script|javascript:|onclick/i)
  })

  it.runIf(RENDERERS.pdf !== undefined)('keeps the PDF’s link annotations to safe targets', () => {
    const pdf = path.join(mixed.out, 'unsafe', 'unsafe.pdf')
    const raw = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-']).toString('latin1')
    const targets = [...raw.matchAll(/\/URI \(([^)]*)\)/g)].map((match) => match[1])
    expect(targets).toEqual(['https://example.org/'])
    expect(raw).not.toMatch(/\/JavaScript|\/JS\b|\/Launch/)
  })
})
