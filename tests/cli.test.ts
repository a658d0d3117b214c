import { isAscii } from 'node:buffer'
import { execFile, spawn } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const galley = path.resolve('bin/galley.js')

/** Run the CLI in `cwd`; resolves with its exit code and output whatever the code. */
async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', [galley, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

function workspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-cli-'))
  mkdirSync(path.join(dir, 'input'))
  copyFileSync('input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md', path.join(dir, 'input', 'good.md'))
  writeFileSync(
    path.join(dir, 'galley.config.json'),
    JSON.stringify({ siteName: 'Test Desk', siteUrl: 'https://desk.example.org' }),
  )
  return dir
}

describe('galley build', () => {
  it('exits 0 and writes the page, the index and the manifest when every article builds', async () => {
    const dir = workspace()
    const { code, stderr } = await cli(['build', 'input', '--format', 'html'], dir)
    expect(code).toBe(0)
    expect(stderr).toContain('1 of 1 article(s) in place')
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output', 'manifest.json'), 'utf8'))
    const [entry] = manifest.articles
    expect(entry).toMatchObject({ slug: 'good', source: 'input/good.md', status: 'built', errors: [] })
    expect(entry.metadata.siteName).toBe('Test Desk')
    const html = readFileSync(path.join(dir, 'output', 'good', 'index.html'))
    expect(entry.artifacts.html.bytes).toBe(html.byteLength)
    expect(entry.artifacts.html.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(path.join(dir, 'output', 'index.html'), 'utf8')).toContain('href="good/"')
  }, 60_000)

  it('exits 1 for a bad article, names it with line:column, and still builds the others', async () => {
    const dir = workspace()
    writeFileSync(path.join(dir, 'input', 'bad.md'), '---\ntitle: Bad\ndate: 2025-02-30\n---\n\nBody.\n')
    const { code, stderr } = await cli(['build', 'input', '--format', 'html'], dir)
    expect(code).toBe(1)
    expect(stderr).toMatch(/input\/bad\.md\n\s*3:7\s+error\s+Invalid `date`/)
    const manifest = JSON.parse(readFileSync(path.join(dir, 'output', 'manifest.json'), 'utf8'))
    expect(manifest.articles.map((article: { status: string }) => article.status)).toEqual(['failed', 'built'])
    expect(manifest.articles[0].errors[0]).toContain('3:7: Invalid `date`')
    expect(readFileSync(path.join(dir, 'output', 'good', 'index.html'), 'utf8')).toContain('<h1>')
  }, 60_000)

  it.runIf(os.availableParallelism() > 1)(
    'builds from nothing in a Node with single-threaded garbage collection, and passes its exit code on',
    async () => {
      const restarted = 'running it in a Node with --single-threaded-gc'
      // Two articles are too few to pay for starting Node again.
      const small = workspace()
      expect((await cli(['build', 'input', '--format', 'html'], small, { GALLEY_DEBUG: '1' })).stderr).not.toContain(
        restarted,
      )
      const dir = workspace()
      for (let index = 0; index < 4 * os.availableParallelism(); index++)
        copyFileSync(path.join(dir, 'input', 'good.md'), path.join(dir, 'input', `copy-${index}.md`))
      writeFileSync(path.join(dir, 'input', 'bad.md'), '---\ntitle: Bad\ndate: 2025-02-30\n---\n\nBody.\n')
      // Too few to be worth a worker a core by default; asked for every core, worth starting Node again.
      expect((await cli(['build', 'input', '--format', 'html'], dir, { GALLEY_DEBUG: '1' })).stderr).not.toContain(
        restarted,
      )
      rmSync(path.join(dir, 'output'), { recursive: true, force: true })
      const everyCore = ['--concurrency', String(os.availableParallelism())]
      const cold = await cli(['build', 'input', '--format', 'html', ...everyCore], dir, { GALLEY_DEBUG: '1' })
      expect(cold.stderr).toContain(restarted)
      expect(cold.code).toBe(1)
      expect(cold.stderr).toMatch(/input\/bad\.md\n\s*3:7\s+error\s+Invalid `date`/)
      expect(existsSync(path.join(dir, 'output', 'good', 'index.html'))).toBe(true)
      // With a cache, one thread, or when asked not to, the build runs in the process that was started.
      for (const [args, env] of [
        [[], {}],
        [['--force', '--concurrency', '1'], {}],
        [['--force', ...everyCore], { GALLEY_PARALLEL_GC: '1' }],
      ] as const) {
        const again = await cli(['build', 'input', '--format', 'html', ...args], dir, { GALLEY_DEBUG: '1', ...env })
        expect(again.stderr).not.toContain(restarted)
        expect(again.code).toBe(1)
      }
    },
    120_000,
  )

  it('with --quiet reports the errors and no warnings', async () => {
    const dir = workspace()
    writeFileSync(path.join(dir, 'input', 'bad.md'), '---\ntitle: Bad\ndate: 2025-02-30\n---\n\nBody.\n')
    const loud = await cli(['build', 'input', '--format', 'html'], dir)
    expect(loud.stderr).toMatch(/warning/)
    const { code, stderr } = await cli(['build', 'input', '--format', 'html', '--quiet'], dir)
    expect(code).toBe(1)
    expect(stderr).toMatch(/input\/bad\.md\n\s*3:7\s+error\s+Invalid `date`/)
    expect(stderr).not.toMatch(/warning|good\.md/)
  }, 60_000)

  it('runs compiled through its code cache, and writes what the sources run through tsx write', async () => {
    const dir = workspace()
    // Scripts whose handling lives in regular expressions with letters beyond ASCII, which the
    // bundle holds escaped.
    for (const language of ['japanese', 'arabic', 'thai'])
      copyFileSync(`tests/fixtures/language/${language}/input.md`, path.join(dir, 'input', `${language}.md`))
    const env = { SOURCE_DATE_EPOCH: '1700000000' }
    const compiled = await cli(['build', 'input', '--out', 'compiled'], dir, env)
    const pointer = JSON.parse(readFileSync('node_modules/.cache/galley/current.json', 'utf8')) as {
      folder: string
      inputs: Record<string, unknown>
    }
    expect(Object.keys(pointer.inputs)).toContain('pipeline/cli.ts')
    const bundle = path.join('node_modules/.cache/galley', pointer.folder)
    expect(isAscii(readFileSync(path.join(bundle, 'cli.cjs')))).toBe(true)
    const codeCache = path.join(bundle, 'cli.code-cache')
    expect(statSync(codeCache).size).toBeGreaterThan(100_000)
    const cached = await cli(['build', 'input', '--out', 'cached'], dir, env)
    // A cache damaged past its header (which V8 accepted, and then ended the process) is not used:
    // the code is compiled again and a good cache written back.
    const bytes = readFileSync(codeCache)
    const middle = Math.floor(bytes.length / 2)
    bytes.fill(7, middle, middle + 64)
    writeFileSync(codeCache, bytes)
    const damaged = await cli(['build', 'input', '--out', 'damaged'], dir, env)
    expect(
      readFileSync(codeCache)
        .subarray(middle, middle + 64)
        .equals(Buffer.alloc(64, 7)),
    ).toBe(false)
    // Worker threads run the bundle's other entry, through a code cache of their own.
    rmSync(path.join(bundle, 'process-article.code-cache'), { force: true })
    const workers = await cli(['build', 'input', '--out', 'workers', '--concurrency', '2'], dir, env)
    expect(statSync(path.join(bundle, 'process-article.code-cache')).size).toBeGreaterThan(100_000)
    const fromSource = await cli(['build', 'input', '--out', 'source'], dir, { ...env, GALLEY_FROM_SOURCE: '1' })
    expect([compiled.code, cached.code, damaged.code, workers.code, fromSource.code]).toEqual([0, 0, 0, 0, 0])
    // The bundle knows the code version the sources hash to: a build from the sources into the
    // compiled command's folder finds nothing to do.
    const again = await cli(['build', 'input', '--out', 'compiled'], dir, { ...env, GALLEY_FROM_SOURCE: '1' })
    expect(again.stderr).toContain('(0 rebuilt, 4 unchanged)')
    const files = (folder: string) =>
      readdirSync(path.join(dir, folder), { recursive: true })
        .map(String)
        .filter((name) => !name.startsWith('.galley'))
        .sort()
    for (const folder of ['compiled', 'cached', 'damaged', 'workers']) {
      expect(files(folder)).toEqual(files('source'))
      for (const name of files('source'))
        if (!statSync(path.join(dir, 'source', name)).isDirectory())
          expect(
            readFileSync(path.join(dir, folder, name)).equals(readFileSync(path.join(dir, 'source', name))),
            `${folder}/${name}`,
          ).toBe(true)
    }
  }, 180_000)

  it('refuses the second of two sources with the same slug and keeps the first', async () => {
    const dir = workspace()
    writeFileSync(path.join(dir, 'input', 'zz-copy.md'), '---\ntitle: Copy\nslug: good\n---\n\nCopy.\n')
    const { code, stderr } = await cli(['build', 'input', '--format', 'html'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain('already used by input/good.md')
    expect(readFileSync(path.join(dir, 'output', 'good', 'index.html'), 'utf8')).not.toContain('<h1>Copy</h1>')
  }, 60_000)

  it('exits 2 on a usage error: an unknown format, option or command', async () => {
    const dir = workspace()
    for (const args of [
      ['build', 'input', '--format', 'docx'],
      ['build', '--frobnicate'],
      ['publish'],
      ['build', 'nowhere'],
    ]) {
      const { code, stderr } = await cli(args, dir)
      expect(code, args.join(' ')).toBe(2)
      expect(stderr).toContain('Usage: galley build')
    }
    for (const spec of ['5/4', '0/4', 'a/b']) {
      const { code, stderr } = await cli(['build', 'input', '--shard', spec], dir)
      expect(code, spec).toBe(2)
      expect(stderr).toContain(`--shard must be i/n with 1 ≤ i ≤ n (such as 2/4), not \`${spec}\``)
    }
    const { code: noShards, stderr: noShardsSaid } = await cli(['merge', 'input', '--out', 'merged'], dir)
    expect(noShards).toBe(2)
    expect(noShardsSaid).toContain('`input` has no shard.json')
    for (const url of ['news.example.org', 'ftp://news.example.org', '/desk']) {
      const { code, stderr } = await cli(['build', 'input', '--site-url', url], dir)
      expect(code, url).toBe(2)
      expect(stderr).toContain(`--site-url must be an absolute http(s) URL, not \`${url}\``)
    }
  }, 60_000)

  it('prints help and the version', async () => {
    const dir = workspace()
    const help = await cli(['--help'], dir)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--concurrency N')
    const version = await cli(['--version'], dir)
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  }, 60_000)

  it('warns once when the config has no site URL', async () => {
    const dir = workspace()
    writeFileSync(path.join(dir, 'galley.config.json'), JSON.stringify({ siteName: 'No URL' }))
    writeFileSync(path.join(dir, 'input', 'second.md'), '---\ntitle: Second\n---\n\nBody.\n')
    const { code, stderr } = await cli(['build', 'input', '--format', 'html'], dir)
    expect(code).toBe(0)
    expect(stderr.match(/missing-site-url/g)).toHaveLength(1)
  }, 60_000)

  it('names a broken template with line:column, exits 2 and writes nothing', async () => {
    const dir = workspace()
    mkdirSync(path.join(dir, 'my-og'))
    writeFileSync(path.join(dir, 'my-og', 'index.js'), 'export default {{{\n')
    writeFileSync(
      path.join(dir, 'galley.config.json'),
      JSON.stringify({ siteName: 'Test Desk', siteUrl: 'https://desk.example.org', templates: { og: './my-og' } }),
    )
    const { code, stderr } = await cli(['build', 'input'], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(/my-og\/index\.js:1:17: cannot load the template: Unexpected token/)
    expect(stderr).not.toMatch(/^\s+at /m)
    expect(existsSync(path.join(dir, 'output', 'good'))).toBe(false)
  }, 60_000)

  it('loads a TypeScript config and a copied TSX template from a site whose package is not an ES module package, and reads the config again when it is saved', async () => {
    // Inside node_modules/.cache, so the template's packages resolve as in a site that installed
    // Galley; its own package.json does not say "type": "module", so tsx would compile TypeScript
    // there to CommonJS.
    mkdirSync(path.resolve('node_modules/.cache'), { recursive: true })
    const dir = mkdtempSync(path.resolve('node_modules/.cache/galley-site-'))
    try {
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'a-site' }))
      mkdirSync(path.join(dir, 'input'))
      copyFileSync('input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md', path.join(dir, 'input', 'good.md'))
      cpSync('templates/og', path.join(dir, 'my-og'), { recursive: true })
      const config = (siteName: string) =>
        `const siteName: string = '${siteName}'\nexport default { siteName, siteUrl: 'https://desk.example.org', templates: { og: './my-og' } }\n`
      writeFileSync(path.join(dir, 'galley.config.ts'), config('Typed Desk'))
      const { code, stderr } = await cli(['build', 'input', '--format', 'html,og'], dir)
      expect(stderr).not.toMatch(/cannot (read the config|load the template)/)
      expect(code).toBe(0)
      expect(readFileSync(path.join(dir, 'output', 'index.html'), 'utf8')).toContain('Typed Desk')
      expect(statSync(path.join(dir, 'output', 'good', 'og.png')).size).toBeGreaterThan(10_000)
      // Watching, a saved config is read again (Node keeps a module it imported once).
      const child = spawn('node', [galley, 'build', 'input', '--format', 'html', '--watch'], {
        cwd: dir,
        env: { ...process.env, CI: '1' },
      })
      let output = ''
      child.stderr.on('data', (chunk) => (output += chunk))
      const seen = async (text: string) => {
        for (
          const deadline = Date.now() + 30_000;
          !output.includes(text);
          await new Promise((resolve) => setTimeout(resolve, 50))
        )
          if (Date.now() > deadline) throw new Error(`timed out waiting for “${text}”; saw:\n${output}`)
      }
      try {
        await seen('watching')
        writeFileSync(path.join(dir, 'galley.config.ts'), config('Renamed Desk'))
        await seen('galley.config.ts changed → rebuilt good (html)')
        expect(readFileSync(path.join(dir, 'output', 'index.html'), 'utf8')).toContain('Renamed Desk')
      } finally {
        child.kill('SIGINT')
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)

  it('rejects an invalid config with a usage error naming the file', async () => {
    const dir = workspace()
    writeFileSync(path.join(dir, 'galley.config.json'), JSON.stringify({ siteUrl: 'not a url', colour: 'red' }))
    const { code, stderr } = await cli(['build', 'input'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('galley.config.json: invalid config')
    expect(stderr).toContain('unknown setting `colour`')
  }, 60_000)
})
