import { spawn } from 'node:child_process'
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../pipeline/index.ts'
import { environmentKeys } from '../pipeline/build/cache.ts'
import { manifest } from '../pipeline/site/manifest.ts'
import { resolveConfig } from '../pipeline/config.ts'
import { availableFormats } from '../pipeline/render/index.ts'

// An HTML template with no imports: the page is the article body in <main>, the index an empty page.
const minimalHtmlTemplate = `const text = (value) => ({ type: 'text', value })
const element = (tagName, children) => ({ type: 'element', tagName, properties: {}, children })
export default {
  page: ({ metadata, body }) => ({ type: 'root', children: [{ type: 'doctype' }, element('html', [element('head', [element('title', [text(metadata.title)])]), element('body', [element('main', body)])])] }),
  listing: ({ siteName }) => ({ type: 'root', children: [{ type: 'doctype' }, element('html', [element('head', [element('title', [text(siteName)])]), element('body', [])])] }),
}
`

function workspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-incremental-'))
  mkdirSync(path.join(dir, 'input'))
  cpSync('input', path.join(dir, 'input'), { recursive: true })
  cpSync('tests/fixtures/every-element', path.join(dir, 'input', 'every-element'), { recursive: true })
  // The fixture is named input.md; as an article folder it must be index.md.
  renameSync(path.join(dir, 'input', 'every-element', 'input.md'), path.join(dir, 'input', 'every-element', 'index.md'))
  return dir
}

const config = (dir: string, templates = {}) => ({
  config: resolveConfig({ siteName: 'Cache Desk', siteUrl: 'https://cache.example.org', templates }, dir),
})
const files = (out: string) =>
  readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.relative(out, path.join(entry.parentPath, entry.name)))
    .sort()

describe('incremental builds', () => {
  it('rebuilds nothing when nothing changed, and everything with force', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/*.md', 'input/every-element/index.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
    }
    const first = await build(options)
    expect(first.articles.every((article) => article.rebuilt.length === availableFormats().length)).toBe(true)
    const second = await build(options)
    expect(second.articles.map((article) => article.rebuilt)).toEqual([[], [], []])
    expect(second.articles.map((article) => article.artifacts)).toEqual(
      first.articles.map((article) => article.artifacts),
    )
    // Batch lint still sees unchanged articles: the two seeds tell one story.
    expect(
      second.articles.flatMap((article) => article.warnings).filter((line) => line.includes('near-duplicate')),
    ).toHaveLength(1)
    const forced = await build({ ...options, force: true })
    expect(forced.articles.every((article) => article.rebuilt.length === availableFormats().length)).toBe(true)
  }, 120_000)

  it('replays a failed article’s messages while its source and the build are unchanged, without parsing it', async () => {
    const dir = workspace()
    const broken = path.join(dir, 'input', 'untitled.md')
    writeFileSync(broken, '---\ndate: 2024-05-01\n---\n\nA paragraph and no title anywhere.\n')
    const options = { targets: ['input/*.md'], cwd: dir, outDir: 'output', config: config(dir), concurrency: 1 }
    const untitled = (result: Awaited<ReturnType<typeof build>>) =>
      result.articles.find((article) => article.sourcePath === 'input/untitled.md')!
    const first = await build(options)
    expect(first.exitCode).toBe(1)
    expect(untitled(first).errors).toEqual([expect.stringContaining('missing-title')])
    expect(untitled(first).rebuilt).toEqual(availableFormats())
    const second = await build(options)
    expect(second.exitCode).toBe(1)
    expect(untitled(second).errors).toEqual(untitled(first).errors)
    expect(second.articles.map((article) => article.rebuilt)).toEqual([[], [], []])
    // A strict build parses it again; so does an edit, after which it builds and the failure is forgotten.
    const strict = await build({ ...options, strict: true })
    expect(untitled(strict).rebuilt).toEqual(availableFormats())
    writeFileSync(broken, '---\ntitle: Titled now\ndate: 2024-05-01\n---\n\nA paragraph.\n')
    const fixed = await build(options)
    expect(fixed.exitCode).toBe(0)
    expect(untitled(fixed).artifacts.html).toBeDefined()
    const shards = readdirSync(path.join(dir, 'output', '.galley-cache')).filter((name) =>
      /^[0-9a-f]\.json$/.test(name),
    )
    const failures = shards.flatMap((name) =>
      Object.keys(JSON.parse(readFileSync(path.join(dir, 'output', '.galley-cache', name), 'utf8')).failures ?? {}),
    )
    expect(failures).toEqual([])
    // A draft is skipped, not failed: built again, it is still skipped.
    writeFileSync(broken, '---\ntitle: Titled now\ndraft: true\n---\n\nA paragraph.\n')
    for (const round of [await build(options), await build(options)]) {
      expect(round.exitCode).toBe(0)
      expect(untitled(round).skipped).toBe('draft')
    }
  }, 120_000)

  it('rebuilds only the edited article, and only the format whose template changed', async () => {
    const dir = workspace()
    cpSync('templates/html', path.join(dir, 'my-html'), { recursive: true })
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir, { html: './my-html' }),
      concurrency: 1,
    }
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
    expect(
      readFileSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'), 'utf8'),
    ).toContain('letter-spacing: 0.1em')
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
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    await build(options)
    const cacheFolder = path.join(dir, 'output', '.galley-cache')
    const shards = () => readdirSync(cacheFolder).filter((name) => /^[0-9a-f]\.json$/.test(name))
    const entries = () =>
      shards().flatMap((name) =>
        Object.values(
          (
            JSON.parse(readFileSync(path.join(cacheFolder, name), 'utf8')) as {
              articles: Record<string, { sourceStat?: { size: number } }>
            }
          ).articles,
        ),
      )
    expect(entries().map((entry) => entry.sourceStat?.size)).toEqual([expect.any(Number), expect.any(Number)])
    // Another process (or a person) replaced the cache: this process must not trust its own copy.
    for (const name of shards()) writeFileSync(path.join(cacheFolder, name), '{}')
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([['html'], ['html']])
    // The texts the same-story lint reads live beside the cache; without them the articles are built again.
    expect(
      shards()
        .map((name) => readFileSync(path.join(cacheFolder, name), 'utf8'))
        .join(''),
    ).not.toContain('Zelensky')
    rmSync(path.join(dir, 'output', '.galley-texts'), { recursive: true })
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([['html'], ['html']])
    expect(readdirSync(path.join(dir, 'output', '.galley-texts')).filter((name) => name.endsWith('.txt'))).toHaveLength(
      2,
    )
    // A shard left empty (renamed into place unflushed, then a power cut): only its article is built again.
    const [emptied, ...others] = shards()
    expect(others.length).toBeGreaterThan(0)
    writeFileSync(path.join(cacheFolder, emptied!), '')
    expect((await build(options)).articles.map((article) => article.rebuilt.length).sort()).toEqual([0, 1])
    expect(entries()).toHaveLength(2)
    // Same bytes, new time: hashed again, found unchanged, not rebuilt.
    const source = path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md')
    utimesSync(source, new Date(), new Date(Date.now() + 5000))
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([[], []])
  }, 60_000)

  it('writes nothing when nothing changed, and rewrites only the cache shard of an edited article', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    await build(options)
    const times = () =>
      new Map(
        readdirSync(path.join(dir, 'output'), { recursive: true })
          .map(String)
          .map((name) => [name, statSync(path.join(dir, 'output', name)).mtimeMs]),
      )
    const before = times()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([[], []])
    expect(times()).toEqual(before)
    appendFileSync(path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md'), '\nA new last paragraph.\n')
    await build(options)
    const changed = [...times()]
      .filter(([name, time]) => before.get(name) !== time && !statSync(path.join(dir, 'output', name)).isDirectory())
      .map(([name]) =>
        name.replace(/[0-9a-f]{64}/, 'HASH').replace(/^(\.galley-cache\/)[0-9a-f]\.json$/, '$1SHARD.json'),
      )
    // The index page and the sitemap show no word count: a new paragraph leaves them as they were.
    // The feeds carry the whole article.
    expect(changed.sort()).toEqual([
      '.galley-cache/SHARD.json',
      '.galley-cache/batch.json',
      '.galley-cache/site.json',
      '.galley-texts/HASH.html',
      '.galley-texts/HASH.txt',
      'feed.json',
      'feed.xml',
      'manifest.json',
      'rss.xml',
      'russia-ukraine-largest-prisoner-exchange/index.html',
    ])
  }, 60_000)

  it('renders the index page again exactly when a field it shows changes', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    const indexFile = path.join(dir, 'output', 'index.html')
    const source = path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md')
    const state = () =>
      JSON.parse(readFileSync(path.join(dir, 'output', '.galley-cache', 'batch.json'), 'utf8')) as {
        memos: Record<string, string[]>
      }
    await build(options)
    // What the default template's listing reads: the fields a change of which shows on the page
    // (the language and direction too: each entry is marked up and its reading time written in its own).
    expect(state().memos['index.html']).toEqual(['description', 'dir', 'lang', 'published', 'readingMinutes', 'title'])
    const first = readFileSync(indexFile, 'utf8')
    const firstTime = statSync(indexFile).mtimeMs
    // Six hundred more words: the word count changes, and so does the reading time the page shows.
    appendFileSync(source, `\n${'More words to read here. '.repeat(120)}\n`)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await build(options)
    const longer = readFileSync(indexFile, 'utf8')
    expect(statSync(indexFile).mtimeMs).not.toBe(firstTime)
    expect(longer).not.toBe(first)
    // A new title is shown too.
    writeFileSync(source, readFileSync(source, 'utf8').replace(/^title: .*$/m, 'title: A headline written again'))
    await build(options)
    expect(readFileSync(indexFile, 'utf8')).toContain('A headline written again')
    // Deleted by hand: made again, although nothing it shows changed.
    rmSync(indexFile)
    await build(options)
    expect(readFileSync(indexFile, 'utf8')).toContain('A headline written again')
  }, 60_000)

  it('writes the manifest from the entries it kept, as it would write it whole', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    const whole = (articles: Parameters<typeof manifest>[0]) => `${JSON.stringify(manifest(articles), null, 2)}\n`
    const manifestFile = path.join(dir, 'output', 'manifest.json')
    const first = await build(options)
    expect(readFileSync(manifestFile, 'utf8')).toBe(whole(first.articles))
    appendFileSync(
      path.join(dir, 'input', 'russia-ukraine-largest-prisoner-exchange.md'),
      '\nA new last paragraph with a "straight" quote.\n',
    )
    const edited = await build(options)
    expect(edited.articles.map((article) => article.rebuilt)).toEqual([['html'], []])
    expect(readFileSync(manifestFile, 'utf8')).toBe(whole(edited.articles))
    expect(readFileSync(manifestFile, 'utf8')).toContain('straight quote mark')
  }, 60_000)

  it('cleans up after a build that was killed mid-write, and leaves no mark of its own', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    await build(options)
    // What a build killed with SIGKILL leaves: its mark, and a temporary file (pid beyond any real one).
    const dead = 2_147_483_646
    writeFileSync(path.join(dir, 'output', `.galley-building-${dead}`), '')
    const temporary = path.join(
      dir,
      'output',
      'russia-ukraine-largest-prisoner-exchange',
      `.index.html.${dead}.0badf00d.tmp`,
    )
    writeFileSync(temporary, '<html')
    await build(options)
    expect(
      readdirSync(path.join(dir, 'output'), { recursive: true })
        .map(String)
        .filter((name) => /\.tmp$|galley-building/.test(name)),
    ).toEqual([])
  }, 60_000)

  it('keeps the messages of the formats it does not draw again', async () => {
    const dir = workspace()
    writeFileSync(
      path.join(dir, 'input', 'anchor.md'),
      '---\ntitle: "Broken anchor"\ndescription: "A test."\n---\n\nSee [the end](#nowhere) for more.\n',
    )
    const options = { targets: ['input/anchor.md'], cwd: dir, outDir: 'output', config: config(dir), concurrency: 1 }
    const first = await build(options)
    const pdfWarning = expect.stringMatching(/#nowhere.*pdf-broken-anchor/)
    expect(first.articles[0]!.warnings).toContainEqual(pdfWarning)
    // Only the card is drawn again (and the EPUB, whose cover it is): the PDF's warning must stay.
    rmSync(path.join(dir, 'output', first.articles[0]!.slug!, 'og.png'))
    const again = await build(options)
    expect(again.articles[0]!.rebuilt).toEqual(['og'])
    expect(again.articles[0]!.warnings).toEqual(first.articles[0]!.warnings)
    const manifestEntry = JSON.parse(readFileSync(path.join(dir, 'output', 'manifest.json'), 'utf8')).articles[0]
    expect(manifestEntry.warnings).toEqual(first.articles[0]!.warnings)
  }, 60_000)

  it('rebuilds an article whose output file was deleted', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/*.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    await build(options)
    writeFileSync(path.join(dir, 'output', 'ukraine-russia-begin-largest-prisoner-swap-of-the-war', 'index.html'), '')
    const again = await build(options)
    expect(again.articles.map((article) => article.rebuilt)).toEqual([[], ['html']])
  }, 60_000)

  it('rebuilds the page whose copied image was deleted, and puts the image back', async () => {
    const dir = workspace()
    const options = {
      targets: ['input/every-element/index.md'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      concurrency: 1,
      formats: ['html' as const],
    }
    await build(options)
    const image = path.join(dir, 'output', 'every-element', 'valley.png')
    const original = readFileSync(image)
    rmSync(image)
    const again = await build(options)
    expect(again.articles.map((article) => article.rebuilt)).toEqual([['html']])
    expect(readFileSync(image).equals(original)).toBe(true)
    // A copy cut short is seen too (the size is recorded), and nothing is rebuilt once it is whole.
    writeFileSync(image, original.subarray(0, 10))
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([['html']])
    expect((await build(options)).articles.map((article) => article.rebuilt)).toEqual([[]])
  }, 60_000)
})

describe('parallel builds', () => {
  it('write exactly the files a serial build writes', async () => {
    const dir = workspace()
    const serial = await build({ targets: ['input'], cwd: dir, outDir: 'serial', config: config(dir), concurrency: 1 })
    const parallel = await build({
      targets: ['input'],
      cwd: dir,
      outDir: 'parallel',
      config: config(dir),
      concurrency: 2,
    })
    expect(parallel.exitCode).toBe(serial.exitCode)
    expect(files(path.join(dir, 'parallel'))).toEqual(files(path.join(dir, 'serial')))
    // The site record keeps the manifest's modification time (to trust it without reading it): not content.
    for (const file of files(path.join(dir, 'serial')).filter((name) => name !== '.galley-cache/site.json'))
      expect(
        readFileSync(path.join(dir, 'parallel', file)).equals(readFileSync(path.join(dir, 'serial', file))),
        file,
      ).toBe(true)
  }, 180_000)

  it('build in this thread what a worker has not the memory for', async () => {
    const dir = workspace()
    // Workers capped far below what loading the renderers takes: every one runs out of memory.
    process.env.GALLEY_WORKER_HEAP_MB = '8'
    try {
      const result = await build({
        targets: ['input'],
        cwd: dir,
        outDir: 'output',
        config: config(dir),
        concurrency: 2,
        formats: ['html', 'pdf'],
      })
      expect(result.articles.length).toBeGreaterThan(1)
      for (const article of result.articles)
        expect([article.errors, Object.keys(article.artifacts).sort()]).toEqual([[], ['html', 'pdf']])
    } finally {
      delete process.env.GALLEY_WORKER_HEAP_MB
    }
  }, 180_000)
})

describe('watch mode', () => {
  it('rebuilds a saved source or template and says what and how long, and goes on after a broken template', async () => {
    const dir = workspace()
    // A template of the site's own (plain JavaScript, no imports), in a folder the config names.
    mkdirSync(path.join(dir, 'my-html'))
    writeFileSync(path.join(dir, 'my-html', 'index.js'), minimalHtmlTemplate)
    writeFileSync(
      path.join(dir, 'galley.config.json'),
      JSON.stringify({ siteName: 'Test Desk', siteUrl: 'https://desk.example.org', templates: { html: './my-html' } }),
    )
    const child = spawn(
      'node',
      [path.resolve('bin/galley.js'), 'build', 'input', '--format', 'html', '--watch', '--concurrency', '1'],
      { cwd: dir, env: { ...process.env, CI: '1' } },
    )
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
      expect(
        readFileSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'), 'utf8'),
      ).toContain('Saved again.')
      // A template saved half-edited: the rebuild says where, and watching goes on.
      writeFileSync(path.join(dir, 'my-html', 'index.js'), 'export default {{{\n')
      await seen('nothing rebuilt: ')
      expect(output).toMatch(/my-html\/index\.js:1:17: cannot load the template/)
      // Mended: the template's own save rebuilds its format for every article.
      writeFileSync(
        path.join(dir, 'my-html', 'index.js'),
        minimalHtmlTemplate.replace("element('main', body)", "element('main', [text('Mended.'), ...body])"),
      )
      await seen('ukraine-russia-begin-largest-prisoner-swap-of-the-war (html) in')
      expect(
        readFileSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'), 'utf8'),
      ).toContain('Mended.')
      // An output file deleted by hand between saves is seen, and made again without a save.
      rmSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'))
      await seen(
        `${path.join('output', 'russia-ukraine-largest-prisoner-exchange', 'index.html')} deleted → rebuilt russia-ukraine-largest-prisoner-exchange (html) in`,
      )
      expect(
        readFileSync(path.join(dir, 'output', 'russia-ukraine-largest-prisoner-exchange', 'index.html'), 'utf8'),
      ).toContain('Mended.')
      // An article added is built and listed; a file that comes and goes (vim's write probe) builds nothing.
      writeFileSync(
        path.join(dir, 'input', 'added-while-watching.md'),
        '---\ntitle: Added while watching\ndate: 2025-06-01\n---\n\nA new story.\n',
      )
      await seen('rebuilt added-while-watching (html) in')
      // The manifest lists the site's articles (this test's own template draws an empty index page).
      const listed = () =>
        (
          JSON.parse(readFileSync(path.join(dir, 'output', 'manifest.json'), 'utf8')) as {
            articles: Array<{ source: string }>
          }
        ).articles.map((article) => article.source)
      expect(listed()).toContain(path.join('input', 'added-while-watching.md'))
      writeFileSync(path.join(dir, 'input', '4913'), '')
      rmSync(path.join(dir, 'input', '4913'))
      await seen(`${path.join('input', '4913')} changed → rebuilt nothing in`)
      // A folder of articles removed: the manifest stops listing them (not lists them as unreadable).
      const removed = path.join('input', 'every-element', 'index.md')
      expect(listed()).toContain(removed)
      rmSync(path.join(dir, 'input', 'every-element'), { recursive: true })
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 30_000
        const poll = () =>
          !listed().includes(removed)
            ? resolve()
            : Date.now() > deadline
              ? reject(new Error(`still listed; saw:\n${output}`))
              : setTimeout(poll, 100)
        poll()
      })
      expect(listed()).toContain(path.join('input', 'added-while-watching.md'))
    } finally {
      child.kill('SIGINT')
    }
  }, 90_000)
})
