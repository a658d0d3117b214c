/**
 * `galley merge`: combine the folders of a sharded build into one site, byte for byte what one build
 * of the same sources writes. The shards' articles are taken as built (their cache entries, texts and
 * files), in source order, through the same commit and site stages as a build: slugs are checked
 * across shards, the same-story lint sees every article, and the index page, manifest, feeds and
 * sitemap are written once. Sources are not needed: everything comes from the shards' folders.
 */
import { cp, mkdir, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { failureKey, readCache, sha256, writeCache, type BuildCache, type CacheEntry } from './build/cache.ts'
import { Committer } from './build/commit.ts'
import type { Plan } from './build/plan.ts'
import { removeStaleFolders } from './build/prune.ts'
import { readShardManifest, type ShardManifest } from './build/shard.ts'
import { readSiteRecord } from './build/site-record.ts'
import { finishSite } from './build/site-stage.ts'
import { startWriting } from './build/write-atomic.ts'
import { UsageError } from './errors.ts'
import type { BuildResult } from './index.ts'
import type { ArticleResult } from './types.ts'

export interface MergeOptions {
  /** The shards' output folders. */
  shards: string[]
  /** The merged site's folder. Default `output`. */
  outDir?: string
  /** Working directory for relative paths. Default: the process's. */
  cwd?: string
}

// What each shard must agree on with the others, and how to name it in a refusal.
const AGREEMENT: Array<[keyof ShardManifest, string]> = [
  ['version', 'Galley version'],
  ['code', 'Galley code'],
  ['config', 'config'],
  ['formats', 'formats'],
  ['strict', '--strict'],
  ['environment', 'templates'],
]

/** Merge `shards` into `outDir`. Throws a usage error for shards that do not make one build. */
export async function merge(options: MergeOptions): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const outDir = path.resolve(cwd, options.outDir ?? 'output')
  const folders = options.shards.map((folder) => path.resolve(cwd, folder))
  if (folders.length === 0) throw new UsageError('Nothing to merge: give the shards’ output folders')
  const shards = folders.map((folder) => ({ folder, manifest: readShardManifest(folder, path.relative(cwd, folder)) }))
  checkShards(shards, cwd)
  const first = shards[0]!.manifest
  const { config, formats, environment } = first
  const buildFile = new VFile({ path: 'galley merge', cwd })

  // Every source's cache entry, and where it was built.
  const entries = new Map<string, { entry?: CacheEntry; folder: string; failed?: ArticleResult }>()
  // The failures the shards remember, so the merged site's next build does not parse them again either.
  const failures: BuildCache['failures'] = {}
  for (const { folder, manifest } of shards) {
    const cache = await readCache(folder)
    const listed = await failedArticles(folder, cwd)
    for (const source of manifest.sources) {
      const entry = cache.articles[source]
      const failed = listed.get(source)
      const failure = cache.failures[source]
      if (failed && failure) failures[source] = failure
      if (!entry && !failed)
        throw new UsageError(`\`${path.relative(cwd, folder)}\` lists \`${source}\` but holds no build of it`)
      entries.set(source, { folder, ...(entry ? { entry } : {}), ...(failed ? { failed } : {}) })
    }
  }

  const finishWriting = await startWriting(outDir)
  try {
    const cache: BuildCache = await readCache(outDir)
    const record = readSiteRecord(outDir, cache, buildFile)
    // In source order, as one build records them.
    const sortedFailures = Object.fromEntries(Object.entries(failures).sort(([a], [b]) => (a < b ? -1 : 1)))
    const merged: BuildCache = { version: cache.version, articles: {}, failures: sortedFailures }
    const committer = new Committer({
      cwd,
      outDir,
      formats,
      environment,
      cache: merged,
      failureKey: failureKey(environment, first.strict),
    })
    const articles: ArticleResult[] = []
    const plans: Plan[] = []
    const sources = [...entries.keys()].sort()
    for (const sourcePath of sources) {
      const { entry, folder, failed } = entries.get(sourcePath)!
      if (!entry) {
        articles.push(failed!)
        continue
      }
      const plan: Plan = {
        sourcePath,
        sourceHash: entry.sourceHash,
        sourceStat: entry.sourceStat,
        stale: [],
        cached: entry,
        kept: true,
        ...(record.sources.get(sourcePath) ? { listedSlug: record.sources.get(sourcePath)! } : {}),
      }
      plans.push(plan)
      const result = await committer.commit(plan, undefined)
      articles.push(result)
      // The first source in order keeps a slug; a later one is refused, as in one build.
      if (committer.slugOwners.get(entry.metadata.slug) === sourcePath)
        await copyArticle(folder, outDir, entry.metadata.slug, entry.sourceHash)
    }
    await committer.flush()
    const vanished = [...record.sources]
      .filter(([source]) => !entries.has(source))
      .map(([sourcePath, slug]) => ({ sourcePath, ...(slug ? { slug } : {}) }))
    await removeStaleFolders(
      outDir,
      plans,
      articles.filter((result) => plans.some((plan) => plan.sourcePath === result.sourcePath)),
      vanished,
      record,
      merged,
      buildFile,
    )
    const cacheWritten = writeCache(outDir, merged)
    cacheWritten.catch(() => {})
    await finishSite({
      outDir,
      config,
      environment,
      cache: merged,
      cacheWritten,
      record,
      articles,
      lintEntries: committer.lintEntries,
      sources,
      strict: first.strict,
    })
    const exitCode = articles.some((result) => result.errors.length > 0) ? 1 : 0
    return { articles, buildFile, files: [buildFile, ...articles.map((result) => result.file)], exitCode }
  } finally {
    await finishWriting()
  }
}

/** Refuse shards that are not the parts of one build: another build's, a shard twice, one missing. */
function checkShards(shards: Array<{ folder: string; manifest: ShardManifest }>, cwd: string): void {
  const name = (folder: string) => `\`${path.relative(cwd, folder) || '.'}\``
  const [first, ...others] = shards
  for (const other of others)
    for (const [field, label] of AGREEMENT) {
      const a = JSON.stringify(first!.manifest[field])
      const b = JSON.stringify(other.manifest[field])
      if (a !== b)
        throw new UsageError(
          `Expected shards of one build, found another ${label}: ${name(first!.folder)} has ${describe(field, first!.manifest)}, ${name(other.folder)} has ${describe(field, other.manifest)}`,
        )
    }
  const count = first!.manifest.shard.count
  const seen = new Map<number, string>()
  for (const { folder, manifest } of shards) {
    if (manifest.shard.count !== count)
      throw new UsageError(
        `Expected shards of one build, found ${name(first!.folder)} is one of ${count} and ${name(folder)} one of ${manifest.shard.count}`,
      )
    const twice = seen.get(manifest.shard.index)
    if (twice)
      throw new UsageError(`Shard ${manifest.shard.index}/${count} given twice: ${name(twice)} and ${name(folder)}`)
    seen.set(manifest.shard.index, folder)
  }
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index))
  if (missing.length > 0)
    throw new UsageError(
      `Missing shard${missing.length > 1 ? 's' : ''} ${missing.map((index) => `${index}/${count}`).join(', ')}: a merge needs all ${count}`,
    )
}

/** A shard manifest's field, short enough for a message. */
function describe(field: keyof ShardManifest, manifest: ShardManifest): string {
  const value = manifest[field]
  if (field === 'version') return `version ${String(value)}`
  if (typeof value === 'string' && value.length > 12) return `\`${value.slice(0, 12)}\``
  if (typeof value === 'object') return `\`${sha256(JSON.stringify(value)).slice(0, 12)}\` (a hash of it)`
  return `\`${JSON.stringify(value)}\``
}

/** Copy one article's folder and its kept text and content from a shard. */
async function copyArticle(shard: string, outDir: string, slug: string, sourceHash: string): Promise<void> {
  await cp(path.join(shard, slug), path.join(outDir, slug), { recursive: true, force: true })
  const texts = path.join(shard, '.galley-texts')
  const names = (await readdir(texts).catch(() => [] as string[])).filter((name) => name.startsWith(`${sourceHash}.`))
  await mkdir(path.join(outDir, '.galley-texts'), { recursive: true })
  for (const name of names) await cp(path.join(texts, name), path.join(outDir, '.galley-texts', name), { force: true })
}

/**
 * The articles a shard could not build (they have no cache entry), from its manifest: their messages
 * come back from the lines it lists, `line:column: reason (rule-id)`.
 */
async function failedArticles(folder: string, cwd: string): Promise<Map<string, ArticleResult>> {
  const failed = new Map<string, ArticleResult>()
  let manifest: { articles?: Array<{ source: string; status: string; warnings: string[]; errors: string[] }> }
  try {
    manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8'))
  } catch {
    return failed
  }
  for (const entry of manifest.articles ?? []) {
    // A failed source, or a skipped draft: neither has a cache entry to merge.
    if (entry.status !== 'failed' && entry.status !== 'skipped') continue
    const sourcePath = path.normalize(entry.source)
    const file = new VFile({ path: sourcePath, cwd })
    for (const [lines, fatal] of [
      [entry.warnings, false],
      [entry.errors, true],
    ] as const)
      for (const line of lines) {
        const [, at, column, reason, ruleId] = /^(\d+):(\d+): (.*?)(?: \(([a-z0-9-]+)\))?$/s.exec(line) ?? []
        const message = file.message(reason ?? line, {
          place: { line: Number(at ?? 1), column: Number(column ?? 1) },
          ...(ruleId ? { ruleId } : {}),
        })
        message.fatal = fatal
      }
    failed.set(sourcePath, {
      sourcePath,
      artifacts: {},
      warnings: [],
      errors: [],
      file,
      rebuilt: [],
      timings: {},
      ...(entry.status === 'skipped' ? { skipped: 'draft' as const } : {}),
    })
  }
  return failed
}
