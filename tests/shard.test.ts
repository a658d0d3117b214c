/**
 * Sharded builds and `galley merge`: the merged site is one build's, byte for byte; shards that do
 * not belong together are refused; the recipes in docs/scale-out.md run as written.
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { inShard, parseShard, shardFromEnvironment } from '../pipeline/build/shard.ts'
import { resolveConfig } from '../pipeline/config.ts'
import { type BuildOptions, build } from '../pipeline/index.ts'
import { merge } from '../pipeline/merge.ts'

const run = promisify(execFile)
const CORPUS = path.resolve('../shared/corpus/articles')
const REPO = path.resolve('.')

function workspace(sources = readdirSync(CORPUS)): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-shard-'))
  mkdirSync(path.join(dir, 'input'))
  for (const name of sources) cpSync(path.join(CORPUS, name), path.join(dir, 'input', name))
  return dir
}

const options = (dir: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({
  targets: ['input'],
  cwd: dir,
  config: { config: resolveConfig({ siteName: 'Desk', siteUrl: 'https://news.example.org' }, dir) },
  concurrency: 2,
  ...extra,
})

/** Every file of a site folder by path, but the record of the manifest's modification time. */
function files(folder: string): Map<string, Buffer> {
  return new Map(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
      .filter((name) => name !== path.join('.galley-cache', 'site.json'))
      .sort()
      .map((name) => [name, readFileSync(path.join(folder, name))]),
  )
}

function expectSameSite(merged: string, single: string): void {
  const a = files(merged)
  const b = files(single)
  expect([...a.keys()]).toEqual([...b.keys()])
  for (const [name, bytes] of b) expect(a.get(name)!.equals(bytes), name).toBe(true)
}

describe('shards', () => {
  it('put every source in exactly one shard, by its path alone', () => {
    const sources = readdirSync(CORPUS).map((name) => `input/${name}`)
    for (const count of [1, 2, 4, 7]) {
      const owners = sources.map((source) =>
        Array.from({ length: count }, (_, index) => index + 1).filter((index) =>
          inShard(source, '/site', { index, count }),
        ),
      )
      expect(owners.every((list) => list.length === 1)).toBe(true)
      // The same with another working folder and a ./ prefix: only the relative path counts.
      for (const [index, source] of sources.entries())
        expect(inShard(`./${source}`, '/elsewhere', { index: owners[index]![0]!, count })).toBe(true)
    }
  })

  it('refuse a shard outside 1…n and take a Kubernetes index from 0', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    for (const spec of ['5/4', '0/4', 'a/b', '2', '1/0'])
      expect(() => parseShard(spec)).toThrow(`--shard must be i/n with 1 ≤ i ≤ n (such as 2/4), not \`${spec}\``)
    expect(shardFromEnvironment('4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 })
    expect(shardFromEnvironment('4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 })
    expect(() => shardFromEnvironment('4', { JOB_COMPLETION_INDEX: '4' })).toThrow('not `5/4`')
    expect(() => shardFromEnvironment('4', {})).toThrow('JOB_COMPLETION_INDEX')
  })

  it('merge four shards of the real-post corpus into exactly what one build writes', async () => {
    const dir = workspace()
    // And a draft, which every build skips: a shard's draft has no cache entry either.
    writeFileSync(path.join(dir, 'input', 'a-draft.md'), '---\ntitle: Not yet\ndraft: true\n---\n\nSoon.\n')
    const single = await build(options(dir, { outDir: 'single' }))
    const shards = []
    for (let index = 1; index <= 4; index++) {
      const shard = await build(options(dir, { outDir: `shards/${index}`, shard: { index, count: 4 } }))
      shards.push(shard.articles.length)
    }
    expect(shards.reduce((sum, count) => sum + count, 0)).toBe(single.articles.length)
    expect(shards.every((count) => count > 0)).toBe(true)
    const merged = await merge({ shards: [4, 2, 3, 1].map((index) => `shards/${index}`), outDir: 'merged', cwd: dir })
    expect(merged.exitCode).toBe(single.exitCode)
    expect(merged.articles.map((article) => [article.sourcePath, article.errors, article.warnings])).toEqual(
      single.articles.map((article) => [article.sourcePath, article.errors, article.warnings]),
    )
    expect(merged.articles.find((article) => article.sourcePath === 'input/a-draft.md')?.skipped).toBe('draft')
    expectSameSite(path.join(dir, 'merged'), path.join(dir, 'single'))
  }, 300_000)

  it('find a slug used by sources of two shards, and keep the first in source order', async () => {
    const dir = workspace(['rust-check-cfg.md', 'eleventy-firstpost.md'])
    // Two sources with one slug that land in different shards of two.
    let name = ''
    for (let n = 0; !name; n++)
      if (
        inShard(`input/copy-${n}.md`, dir, { index: 2, count: 2 }) !==
        inShard('input/rust-check-cfg.md', dir, { index: 2, count: 2 })
      )
        name = `copy-${n}.md`
    writeFileSync(path.join(dir, 'input', name), '---\ntitle: A copy\nslug: rust-check-cfg\n---\n\nThe same slug.\n')
    const formats = ['html' as const]
    const single = await build(options(dir, { outDir: 'single', formats }))
    for (const index of [1, 2])
      await build(options(dir, { outDir: `shards/${index}`, formats, shard: { index, count: 2 } }))
    const merged = await merge({ shards: ['shards/1', 'shards/2'], outDir: 'merged', cwd: dir })
    const [first, second] = [`input/${name}`, 'input/rust-check-cfg.md'].sort()
    const refused = merged.articles.find((article) => article.sourcePath === second)!
    expect(refused.errors).toEqual([
      expect.stringMatching(new RegExp(`already used by ${first!.replaceAll('.', '\\.')}.*duplicate-slug`)),
    ])
    expect(merged.exitCode).toBe(1)
    expectSameSite(path.join(dir, 'merged'), path.join(dir, 'single'))
    expect(single.exitCode).toBe(1)
  }, 120_000)

  it('refuse shards of different builds, naming both, and name a missing shard', async () => {
    const dir = workspace(['rust-check-cfg.md', 'eleventy-firstpost.md', 'hexo-elements.md'])
    const formats = ['html' as const]
    for (const index of [1, 2, 3])
      await build(options(dir, { outDir: `shards/${index}`, formats, shard: { index, count: 3 } }))
    await build(
      options(dir, { outDir: 'other', formats, shard: { index: 3, count: 3 }, siteUrl: 'https://elsewhere.example' }),
    )
    const attempt = (shards: string[]) => merge({ shards, outDir: 'merged', cwd: dir })
    await expect(attempt(['shards/1', 'shards/2', 'other'])).rejects.toThrow(
      /Expected shards of one build, found another config: `shards\/1` has `[0-9a-f]{12}` \(a hash of it\), `other` has `[0-9a-f]{12}`/,
    )
    await expect(attempt(['shards/1', 'shards/3'])).rejects.toThrow('Missing shard 2/3: a merge needs all 3')
    await expect(attempt(['shards/1', 'shards/2', 'shards/2', 'shards/3'])).rejects.toThrow(
      'Shard 2/3 given twice: `shards/2` and `shards/2`',
    )
    await expect(attempt(['shards/1', 'shards/2', 'input'])).rejects.toThrow('`input` has no shard.json')
    const manifest = path.join(dir, 'shards', '3', 'shard.json')
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"version": "[^"]+"/, '"version": "0.0.9"'))
    await expect(attempt(['shards/1', 'shards/2', 'shards/3'])).rejects.toThrow(
      'found another Galley version: `shards/1` has version 0.1.0, `shards/3` has version 0.0.9',
    )
  }, 120_000)
})

describe('the recipes in docs/scale-out.md', () => {
  const docs = readFileSync(path.join(REPO, 'docs', 'scale-out.md'), 'utf8')
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!)
  const sh = (command: string, cwd: string, env: Record<string, string> = {}) =>
    run('sh', ['-c', command], { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { code?: number; stderr?: string }) => {
        // A shard with a failed article exits 1 and still writes its folder, as the recipe says.
        if (error.code !== 1) throw new Error(`${command}: ${error.stderr}`)
      },
    )
  /** A site with Galley's command beside it, as a checkout with `npm ci` done has. */
  const site = () => {
    const dir = workspace([
      'rust-check-cfg.md',
      'eleventy-firstpost.md',
      'hexo-elements.md',
      'react-he-editor-setup.md',
      'hexo-no-title.md',
    ])
    symlinkSync(path.join(REPO, 'bin'), path.join(dir, 'bin'))
    return dir
  }

  it('GitHub Actions: the matrix builds four shards and the merge job makes one build’s site', async () => {
    const workflow = parseAllDocuments(blocks[0]!)[0]!.toJSON() as {
      jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: Array<{ run?: string }> }>
    }
    const galley = (job: string) =>
      workflow.jobs[job]!.steps.flatMap((step) => (step.run?.includes('galley.js') ? [step.run] : []))
    const dir = site()
    const matrix = workflow.jobs.shard!.strategy!.matrix.shard
    expect(matrix).toEqual([1, 2, 3, 4])
    for (const shard of matrix) {
      for (const command of galley('shard')) await sh(command.replaceAll('${{ matrix.shard }}', String(shard)), dir)
      // upload-artifact then download-artifact with `pattern: shard-*`: shards/shard-N.
      cpSync(path.join(dir, 'shards', String(shard)), path.join(dir, 'downloaded', `shard-${shard}`), {
        recursive: true,
      })
    }
    rmSync(path.join(dir, 'shards'), { recursive: true })
    cpSync(path.join(dir, 'downloaded'), path.join(dir, 'shards'), { recursive: true })
    for (const command of galley('merge')) await sh(command, dir)
    await sh('node bin/galley.js build input --out single --quiet', dir)
    expectSameSite(path.join(dir, 'output'), path.join(dir, 'single'))
  }, 300_000)

  it('Kubernetes: four pods of the Indexed Job, then the merge Job, make one build’s site', async () => {
    const [shards, merging] = parseAllDocuments(blocks[1]!).map((document) => document.toJSON()) as Array<{
      spec: {
        completionMode?: string
        completions?: number
        parallelism?: number
        template: { spec: { containers: Array<{ command: string[] }> } }
      }
    }>
    expect(shards!.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 })
    const dir = site()
    const volume = path.join(dir, 'volume')
    mkdirSync(volume)
    const command = (job: typeof shards) =>
      job!.spec.template.spec.containers[0]!.command.at(-1)!.replaceAll('/shards', volume)
    for (let index = 0; index < shards!.spec.completions!; index++)
      await sh(command(shards), dir, { JOB_COMPLETION_INDEX: String(index) })
    await sh(command(merging), dir)
    await sh('node bin/galley.js build input --out single --quiet', dir)
    expectSameSite(path.join(volume, 'site'), path.join(dir, 'single'))
  }, 300_000)
})
