import { execFileSync, spawn } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
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

const UNSAFE =
  /<script(?![^>]*application\/ld\+json)|<iframe|<object|onclick|onerror|javascript:|vbscript:|data:text\/html|expression\(|etc\/passwd|etc\/hostname|evil\.example/i

describe('a batch with hostile sources', () => {
  it('exits 1 and reports every bad source with its message and position', () => {
    expect(mixed.result.exitCode).toBe(1)
    const lines = mixed.result.articles
      .filter((article) => article.sourcePath.startsWith(hostile))
      .map((article) =>
        [
          `${path.basename(article.sourcePath)}: ${article.errors.length ? 'refused' : 'built'}`,
          ...article.errors.map((line) => `  error ${line}`),
          ...article.warnings.map((line) => `  warning ${line}`),
        ].join('\n'),
      )
    expectGolden(path.join(hostile, 'expected-messages.txt'), `${lines.join('\n')}\n`)
  })

  it('records each failure with its message in the manifest', () => {
    const manifest = JSON.parse(readFileSync(path.join(mixed.out, 'manifest.json'), 'utf8'))
    const failed = manifest.articles.filter((article: { status: string }) => article.status === 'failed')
    expect(failed.map((article: { source: string }) => path.basename(article.source)).sort()).toEqual([
      'binary.md',
      'dup-b.md',
      'empty-title.md',
      'empty.md',
      'front-matter-only.md',
      'impossible-date.md',
      'invalid-yaml.md',
      'missing-title.md',
      'wrong-type.md',
    ])
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
    expect(
      readdirSync(path.join(mixed.out, 'unsafe')).filter((name) => !/\.(?:html|png|pdf|epub)$/.test(name)),
    ).toEqual([])
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

describe('one renderer failing', () => {
  it('still writes the article’s other formats and records the failure as partial', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-broken-template-'))
    cpSync('templates/og', path.join(dir, 'og'), { recursive: true })
    // A card template that throws for every article.
    writeFileSync(
      path.join(dir, 'og', 'index.tsx'),
      "export default { render() { throw new Error('the card template is broken') } }\n",
    )
    const out = path.join(dir, 'output')
    const result = await build({
      targets: ['input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md'],
      outDir: out,
      config: { config: { ...testConfig, templates: { og: path.join(dir, 'og') } } },
      concurrency: 1,
    })
    expect(result.exitCode).toBe(1)
    const [article] = result.articles
    expect(article!.errors.join('\n')).toMatch(/Could not render the og output/)
    expect(Object.keys(article!.artifacts).sort()).toEqual(['epub', 'html', 'pdf'])
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    expect(manifest.articles[0].status).toBe('partial')
  }, 60_000)
})

describe('limits instead of hangs', () => {
  const cases: Array<[string, string, 'build' | 'refuse']> = [
    ['2,000 nested block quotes', `${'> '.repeat(2000)}deep`, 'refuse'],
    ['2,000 nested list items', `${'- '.repeat(2000)}deep`, 'refuse'],
    ['a 50,000-character word', 'x'.repeat(50_000), 'build'],
    ['a 400-character title', 'Body.', 'build'],
    [
      'a 10,000-row table',
      `| a | b |\n| - | - |\n${Array.from({ length: 10_000 }, (_, row) => `| ${row} | row ${row} |`).join('\n')}`,
      'build',
    ],
    [
      'a 5 MB article',
      `${'A paragraph of a very long article, repeated until the file is large. '.repeat(14)}\n\n`.repeat(5200),
      'refuse',
    ],
  ]
  for (const [name, body, expected] of cases) {
    it(`${name}: ${expected === 'build' ? 'builds every format' : 'is refused with a message'}`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-limits-'))
      const title = name.includes('title')
        ? `A headline that never ends ${'and goes on '.repeat(32)}`.slice(0, 400)
        : name
      writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "${title}"\n---\n\n${body}\n`)
      const result = await build({
        targets: [path.join(dir, 'article.md')],
        outDir: path.join(dir, 'output'),
        config,
        concurrency: 1,
      })
      const [article] = result.articles
      if (expected === 'build') {
        expect(article!.errors).toEqual([])
        expect(Object.keys(article!.artifacts).length).toBe(Object.keys(RENDERERS).length)
        for (const record of Object.values(article!.artifacts)) expect(record!.bytes).toBeLessThan(5 * 1024 * 1024)
      } else {
        expect(article!.errors.join('\n')).toMatch(/at most/)
      }
    }, 120_000)
  }
})

describe('interrupted builds', () => {
  function batch(count = 12) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-interrupt-'))
    mkdirSync(path.join(dir, 'input'))
    for (let index = 0; index < count; index++)
      cpSync(
        'input/russia-ukraine-largest-prisoner-exchange.md',
        path.join(dir, 'input', `story-${String(index).padStart(2, '0')}.md`),
      )
    return dir
  }
  const galley = (dir: string, extra: string[] = [], env: Record<string, string> = {}) =>
    spawn(
      'node',
      [path.resolve('bin/galley.js'), 'build', 'input', '--format', 'html,pdf', '--concurrency', '1', ...extra],
      { cwd: dir, env: { ...process.env, CI: '1', ...env } },
    )
  const exited = (child: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))))
  const whenOutputSays = (child: ReturnType<typeof spawn>, text: string) =>
    new Promise<void>((resolve) => {
      let seen = ''
      child.stderr!.on('data', (chunk) => {
        seen += chunk
        if (seen.includes(text)) resolve()
      })
    })

  // On every core a build from nothing runs in a second Node (see `buildsEverythingOnEveryCore`): the
  // first passes the interrupt on.
  it.each([
    ['in one thread', [] as string[], false],
    [
      'on every core, in the Node it starts',
      ['--concurrency', String(os.availableParallelism())],
      os.availableParallelism() > 1,
    ],
  ])(
    'stops cleanly on Ctrl-C after the articles in progress, leaving whole files: %s',
    async (_, extra, restarts) => {
      // Forty articles: a warm article takes tens of milliseconds, and a loaded machine can take longer
      // than ten of them to pass the signal on.
      const dir = batch(40)
      const child = galley(dir, extra, { GALLEY_DEBUG: '1' })
      if (restarts) await whenOutputSays(child, 'running it in a Node with --single-threaded-gc')
      await whenOutputSays(child, '[2/40]')
      child.kill('SIGINT')
      expect(await exited(child)).toBe(130)
      const written = readdirSync(path.join(dir, 'output')).filter((name) => name.startsWith('story-'))
      expect(written.length).toBeGreaterThan(0)
      expect(written.length).toBeLessThan(40)
      for (const name of written)
        expect(readFileSync(path.join(dir, 'output', name, 'index.html'), 'utf8')).toMatch(/<\/html>\n$/)
      expect(
        readdirSync(path.join(dir, 'output'), { recursive: true }).filter((name) => String(name).endsWith('.tmp')),
      ).toEqual([])
    },
    120_000,
  )

  it('leaves every file old and whole or new and whole when killed outright', async () => {
    const dir = batch()
    expect(await exited(galley(dir))).toBe(0)
    const before = new Map(
      readdirSync(path.join(dir, 'output'), { recursive: true })
        .map(String)
        .filter((name) => /\.(?:html|pdf|json)$/.test(name))
        .map((name) => [name, readFileSync(path.join(dir, 'output', name))]),
    )
    for (let index = 0; index < 12; index++)
      appendFileSync(path.join(dir, 'input', `story-${String(index).padStart(2, '0')}.md`), '\nA new last paragraph.\n')
    const child = galley(dir)
    await whenOutputSays(child, '[3/12]')
    child.kill('SIGKILL')
    await exited(child)
    for (const [name, old] of before) {
      const now = readFileSync(path.join(dir, 'output', name))
      if (now.equals(old)) continue
      if (name.endsWith('.html')) expect(now.toString()).toMatch(/A new last paragraph\.[\s\S]*<\/html>\n$/)
      if (name.endsWith('.pdf')) expect(now.subarray(-6).toString()).toMatch(/%%EOF/)
    }
    // The next build cleans up after the killed one and finishes the job.
    expect(await exited(galley(dir))).toBe(0)
    expect(
      readdirSync(path.join(dir, 'output'), { recursive: true }).filter((name) => String(name).endsWith('.tmp')),
    ).toEqual([])
  }, 180_000)
})
