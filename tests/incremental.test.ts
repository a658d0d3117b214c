import { spawn } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../pipeline/index.ts'
import { environmentKeys } from '../pipeline/build/cache.ts'
import { resolveConfig } from '../pipeline/config.ts'
import { availableFormats } from '../pipeline/render/index.ts'

function workspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-incremental-'))
  mkdirSync(path.join(dir, 'input'))
  cpSync('input', path.join(dir, 'input'), { recursive: true })
  cpSync('tests/fixtures/every-element', path.join(dir, 'input', 'every-element'), { recursive: true })
  // The fixture is named input.md; as an article folder it must be index.md.
  renameSync(path.join(dir, 'input', 'every-element', 'input.md'), path.join(dir, 'input', 'every-element', 'index.md'))
  return dir
}

const config = (dir: string, templates = {}) => ({ config: resolveConfig({ siteName: 'Cache Desk', siteUrl: 'https://cache.example.org', templates }, dir) })
const files = (out: string) => readdirSync(out, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => path.relative(out, path.join(entry.parentPath, entry.name))).sort()

describe('incremental builds', () => {
  it('rebuilds nothing when nothing changed, and everything with force', async () => {
    const dir = workspace()
    const options = { targets: ['input/*.md', 'input/every-element/index.md'], cwd: dir, outDir: 'output', config: config(dir), concurrency: 1 }
    const first = await build(options)
    expect(first.articles.every((article) => article.rebuilt.length === availableFormats().length)).toBe(true)
    const second = await build(options)
    expect(second.articles.map((article) => article.rebuilt)).toEqual([[], [], []])
    expect(second.articles.map((article) => article.artifacts)).toEqual(first.articles.map((article) => article.artifacts))
    // Batch lint still sees unchanged articles: the two seeds tell one story.
    expect(second.articles.flatMap((article) => article.warnings).filter((line) => line.includes('near-duplicate'))).toHaveLength(1)
    const forced = await build({ ...options, force: true })
    expect(forced.articles.every((article) => article.rebuilt.length === availableFormats().length)).toBe(true)
  }, 120_000)

  it('rebuilds only the edited article, and only the format whose template changed', async () => {
    const dir = workspace()
    cpSync('templates/html', path.join(dir, 'my-html'), { recursive: true })
    const options = { targets: ['input/*.md'], cwd: dir, outDir: 'output', config: config(dir, { html: './my-html' }), concurrency: 1 }
    await build(options)
    appendFileSync(path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md'), '\nA late paragraph.\n')
    const edited = await build(options)
    expect(edited.articles.map((article) => [article.slug, article.rebuilt.length])).toEqual([
      ['russia-ukraine-largest-prisoner-exchange', availableFormats().length],
      ['ukraine-russia-begin-largest-prisoner-swap-of-the-war', 0],
    ])
    appendFileSync(path.join(dir, 'my-html', 'style.css'), '\n.kicker { letter-spacing: 0.1em; }\n')
    const restyled = await build(options)
    expect(restyled.articles.map((article) => article.rebuilt)).toEqual([['html'], ['html']])
    expect(readFileSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'), 'utf8')).toContain('letter-spacing: 0.1em')
  }, 120_000)

  it('gives the EPUB a new key when the card template changes, since the card is its cover', async () => {
    const dir = workspace()
    cpSync('templates/og', path.join(dir, 'my-og'), { recursive: true })
    const settings = config(dir, { og: './my-og' }).config
    const before = await environmentKeys(settings, ['pdf', 'epub'])
    appendFileSync(path.join(dir, 'my-og', 'index.tsx'), '\n// restyled\n')
    const after = await environmentKeys(settings, ['pdf', 'epub'])
    expect([after.og !== before.og, after.epub !== before.epub, after.pdf !== before.pdf]).toEqual([true, true, false])
  })

  it('reads the cache file again when it changed on disk, and rehashes a source only when its size or time changed', async () => {
    const dir = workspace()
    const options = { targets: ['input/*.md'], cwd: dir, outDir: 'output', config: config(dir), concurrency: 1, formats: ['html' as const] }
    await build(options)
    const cacheFile = path.join(dir, 'output', '.galley-cache.json')
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { articles: Record<string, { sourceStat?: { size: number } }> }
    expect(Object.values(cache.articles).map((entry) => entry.sourceStat?.size)).toEqual([expect.any(Number), expect.any(Number)])
    // Another process (or a person) replaced the cache: this process must not trust its own copy.
    writeFileSync(cacheFile, '{}')
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([['html'], ['html']])
    // The texts the same-story lint reads live beside the cache; without them the articles are built again.
    expect(readFileSync(cacheFile, 'utf8')).not.toContain('Zelensky')
    rmSync(path.join(dir, 'output', '.galley-texts'), { recursive: true })
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([['html'], ['html']])
    expect(readdirSync(path.join(dir, 'output', '.galley-texts'))).toHaveLength(2)
    // Same bytes, new time: hashed again, found unchanged, not rebuilt.
    const source = path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md')
    utimesSync(source, new Date(), new Date(Date.now() + 5000))
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([[], []])
  }, 60_000)

  it('rebuilds an article whose output file was deleted', async () => {
    const dir = workspace()
    const options = { targets: ['input/*.md'], cwd: dir, outDir: 'output', config: config(dir), concurrency: 1, formats: ['html' as const] }
    await build(options)
    writeFileSync(path.join(dir, 'output', 'ukraine-russia-begin-largest-prisoner-swap-of-the-war', 'index.html'), '')
    const again = await build(options)
    expect(again.articles.map((article) => article.rebuilt)).toEqual([[], ['html']])
  }, 60_000)
})

describe('parallel builds', () => {
  it('write exactly the files a serial build writes', async () => {
    const dir = workspace()
    const serial = await build({ targets: ['input'], cwd: dir, outDir: 'serial', config: config(dir), concurrency: 1 })
    const parallel = await build({ targets: ['input'], cwd: dir, outDir: 'parallel', config: config(dir), concurrency: 2 })
    expect(parallel.exitCode).toBe(serial.exitCode)
    expect(files(path.join(dir, 'parallel'))).toEqual(files(path.join(dir, 'serial')))
    for (const file of files(path.join(dir, 'serial')))
      expect(readFileSync(path.join(dir, 'parallel', file)).equals(readFileSync(path.join(dir, 'serial', file))), file).toBe(true)
  }, 180_000)
})

describe('watch mode', () => {
  it('rebuilds a saved source and says what and how long', async () => {
    const dir = workspace()
    const child = spawn('node', [path.resolve('bin/galley.js'), 'build', 'input', '--format', 'html', '--watch', '--concurrency', '1'], { cwd: dir, env: { ...process.env, CI: '1' } })
    let output = ''
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for “${text}”; saw:\n${output}`)), 60_000)
        const check = () => {
          if (output.includes(text)) {
            clearTimeout(timer)
            resolve()
          } else setTimeout(check, 50)
        }
        check()
      })
    child.stderr.on('data', (chunk) => (output += chunk))
    try {
      await seen('watching')
      appendFileSync(path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md'), '\nSaved again.\n')
      await seen('rebuilt russia-ukraine-largest-prisoner-exchange (html) in')
      expect(readFileSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'), 'utf8')).toContain('Saved again.')
    } finally {
      child.kill('SIGINT')
    }
  }, 90_000)
})
