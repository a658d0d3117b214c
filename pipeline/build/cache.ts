/**
 * The incremental-build cache: content-addressed keys per article and format, built from the
 * source bytes, its images, the config, the format's template folder, the shared font table and
 * Galley's own code and dependencies. An article whose keys all match (and whose files are still
 * there) is not rebuilt; a changed template rebuilds only its format.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { glob } from 'tinyglobby'
import { RENDERERS, TEMPLATES_DIR, withNeeds } from '../render/index.ts'
import type { Format, Metadata, SiteConfig } from '../types.ts'
import type { SameStoryVerdicts } from '../lint/index.ts'
import type { PlainMessage } from '../report.ts'
import { cardSizeOf } from '../metadata/card-size.ts'
import { writeAtomic } from './write-atomic.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// The cache is split into 16 shards by the first hex digit of the source path's hash, so that a rebuild of one article (a
// watch save) rewrites one small file rather than megabytes of JSON for a large site.
const CACHE_FOLDER = '.galley-cache'
// The one-file cache of earlier versions, removed when the shards are first written.
const OLD_CACHE_FILE = '.galley-cache.json'
const CACHE_VERSION = 10
// Each article's plain text, for the same-story lint, one file per source hash: kept out of the cache,
// which would otherwise grow by the whole text of every article.
const TEXTS_FOLDER = '.galley-texts'
export interface CachedArtifact {
  /**
   * The environment key of its format when it was made. The entry's source hash and images are the
   * rest of what it was made from, and they are the same for every format the entry keeps.
   */
  environment: string
  path: string
  bytes: number
  sha256: string
  /** Files written beside it that it needs (the page's images), each checked on disk like it. */
  copies?: Array<{ path: string; bytes: number }>
  /** Per format, the size of the file it links as it showed it (the page's download links). */
  shows?: Partial<Record<Format, number>>
}

export interface CacheEntry {
  sourceHash: string
  /** Size and modification time of the source when it was hashed: unchanged, it is not read again. */
  sourceStat?: { size: number; mtimeMs: number }
  /** Image files the article embedded, by absolute path, with their hashes. */
  assets: Record<string, string>
  metadata: Metadata
  /** Each with the stage that reported it, so a rebuild of some formats keeps the others' messages. */
  messages: PlainMessage[]
  /** The text's distinct content words, for the same-story lint without reading the text. */
  words: string[]
  formats: Partial<Record<Format, CachedArtifact>>
}

/**
 * A source that failed to build (no title, a broken front matter…): its messages, replayed while the
 * source and everything it was built with are unchanged, so a rebuild does not parse it again.
 */
export interface FailedEntry {
  sourceHash: string
  sourceStat?: { size: number; mtimeMs: number }
  /** `failureKey` of the build that found the failure. */
  environment: string
  messages: PlainMessage[]
}

/** What a failure was found under: every format's environment key and whether the build was strict. */
export const failureKey = (environment: Record<Format, string>, strict: boolean) =>
  sha256(JSON.stringify([environment, strict]))

export interface BuildCache {
  version: number
  articles: Record<string, CacheEntry>
  /** Sources that failed, by source path. */
  failures: Record<string, FailedEntry>
  /** Shards that could not be read as this build read them (their articles are built again). */
  damaged?: string[]
}

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

/** What this process last read or wrote of one shard: its file's size and time, and its entries. */
interface ShardState {
  size: number
  mtimeMs: number
  entries: Map<string, CacheEntry>
  failures: Map<string, FailedEntry>
}

// Per output folder, the shards this process last read or wrote: a later build in this process (a
// watch rebuild) takes their entries without reading the files again while they are unchanged, and
// rewrites only the shards whose entries changed.
const known = new Map<string, Map<string, ShardState>>()
// Output folders whose every recorded artifact `checkArtifacts` found on disk, with no build since.
const checkedFolders = new Set<string>()

const cacheFolder = (outDir: string) => path.join(outDir, CACHE_FOLDER)
const shardOf = (sourcePath: string) => `${sha256(sourcePath)[0]}.json`
const isShardName = (name: string) => /^[0-9a-f]\.json$/.test(name)

/** The cache in `outDir`, or an empty one when missing, unreadable or from another cache version. */
export async function readCache(outDir: string): Promise<BuildCache> {
  const folder = cacheFolder(outDir)
  const names = (await readdir(folder).catch(() => [] as string[])).filter(isShardName).sort()
  const last = known.get(outDir)
  // A new object each time: the build that takes it changes it, and only the shards it writes back are the truth.
  if (last && sameShards(folder, names, last))
    return {
      version: CACHE_VERSION,
      articles: Object.fromEntries([...last.values()].flatMap((shard) => [...shard.entries])),
      failures: Object.fromEntries([...last.values()].flatMap((shard) => [...shard.failures])),
    }
  // Read from disk: another process wrote it, so what was checked of the last one says nothing.
  checkedFolders.delete(outDir)
  const cache = emptyCache()
  const shards = new Map<string, ShardState>()
  for (const name of names) {
    // Synchronous: sixteen reads in a row, with nothing else to do meanwhile.
    const file = path.join(folder, name)
    let shard: Partial<BuildCache>
    let info
    try {
      info = statSync(file)
      shard = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildCache>
    } catch {
      // Damaged (a shard is renamed into place unflushed, so a power cut can leave it empty): its
      // articles are built again, and it is written anew.
      ;(cache.damaged ??= []).push(name)
      continue
    }
    if (shard.version !== CACHE_VERSION || typeof shard.articles !== 'object' || shard.articles === null) {
      // Another version's cache: build everything.
      known.delete(outDir)
      return emptyCache()
    }
    Object.assign(cache.articles, shard.articles)
    Object.assign(cache.failures, shard.failures)
    shards.set(name, {
      size: info.size,
      mtimeMs: info.mtimeMs,
      entries: new Map(Object.entries(shard.articles)),
      failures: new Map(Object.entries(shard.failures ?? {})),
    })
  }
  known.set(outDir, shards)
  return cache
}

/** Whether the shard files on disk are exactly the ones this process last saw. */
function sameShards(folder: string, names: string[], shards: Map<string, ShardState>): boolean {
  if (names.length !== shards.size) return false
  for (const name of names) {
    const state = shards.get(name)
    // Synchronous: sixteen stats, each a fraction of a round trip through the thread pool.
    const info = state && statSync(path.join(folder, name), { throwIfNoEntry: false })
    if (!info || info.size !== state.size || info.mtimeMs !== state.mtimeMs) return false
  }
  return true
}

/** A cache with nothing in it (a first or a forced build). */
export function emptyCache(): BuildCache {
  return { version: CACHE_VERSION, articles: {}, failures: {} }
}

/**
 * Write the shards whose entries changed since this process read or wrote them (an entry kept
 * unchanged must be the very object read), and remove shards left with no entry.
 */
export async function writeCache(outDir: string, cache: BuildCache): Promise<void> {
  const folder = cacheFolder(outDir)
  const grouped = new Map<string, { entries: Map<string, CacheEntry>; failures: Map<string, FailedEntry> }>()
  const groupOf = (sourcePath: string) => {
    const name = shardOf(sourcePath)
    return grouped.get(name) ?? grouped.set(name, { entries: new Map(), failures: new Map() }).get(name)!
  }
  for (const [sourcePath, entry] of Object.entries(cache.articles)) groupOf(sourcePath).entries.set(sourcePath, entry)
  for (const [sourcePath, failure] of Object.entries(cache.failures))
    groupOf(sourcePath).failures.set(sourcePath, failure)
  const previous = known.get(outDir) ?? new Map<string, ShardState>()
  const onDisk = (await readdir(folder).catch(() => [] as string[])).filter(isShardName)
  const shards = new Map<string, ShardState>()
  for (const [name, { entries, failures }] of grouped) {
    const before = previous.get(name)
    if (
      before &&
      onDisk.includes(name) &&
      sameEntries(before.entries, entries) &&
      sameEntries(before.failures, failures)
    ) {
      shards.set(name, before)
      continue
    }
    const file = path.join(folder, name)
    const shard = {
      version: CACHE_VERSION,
      articles: Object.fromEntries(entries),
      ...(failures.size ? { failures: Object.fromEntries(failures) } : {}),
    }
    await writeAtomic(file, JSON.stringify(shard), { flush: false })
    const info = await stat(file)
    shards.set(name, { size: info.size, mtimeMs: info.mtimeMs, entries, failures })
  }
  await Promise.all(
    onDisk.filter((name) => !grouped.has(name)).map((name) => rm(path.join(folder, name), { force: true })),
  )
  await rm(path.join(outDir, OLD_CACHE_FILE), { force: true })
  known.set(outDir, shards)
}

function sameEntries<T>(a: Map<string, T>, b: Map<string, T>): boolean {
  if (a.size !== b.size) return false
  for (const [sourcePath, entry] of b) if (a.get(sourcePath) !== entry) return false
  return true
}

/**
 * What a build keeps about the batch as a whole: the keys of the site-wide pages as last written (a
 * build whose index page or manifest would come out the same does not render or write them), and
 * the same-story verdicts of the pairs compared.
 */
export interface BatchState {
  /** The build's environment keys, hashed: kept verdicts hold only for the code that made them. */
  environment: string
  pages: Record<string, string>
  /** Per site output, what its last render remembered (the index page: the metadata fields it read). */
  memos?: Record<string, unknown>
  sameStory: SameStoryVerdicts
}

const batchFile = (outDir: string) => path.join(cacheFolder(outDir), 'batch.json')

/** The batch state kept in `outDir` for this environment; an empty one for another or none. */
export function readBatchState(outDir: string, environment: string): BatchState {
  try {
    // Synchronous: a small file, and an asynchronous read waited behind the build's writes for a
    // thread of libuv's pool.
    const state = JSON.parse(readFileSync(batchFile(outDir), 'utf8')) as Partial<BatchState>
    if (state.environment === environment)
      return {
        environment,
        pages: state.pages ?? {},
        sameStory: state.sameStory ?? {},
        ...(state.memos ? { memos: state.memos } : {}),
      }
  } catch {
    // None yet, or damaged: compare and write everything.
  }
  return { environment, pages: {}, sameStory: {} }
}

export function writeBatchState(outDir: string, state: BatchState): Promise<void> {
  return writeAtomic(batchFile(outDir), JSON.stringify(state), { flush: false })
}

const textFile = (outDir: string, sourceHash: string) => path.join(outDir, TEXTS_FOLDER, `${sourceHash}.txt`)

/** Keep an article's plain text beside the cache. */
export function writeCachedText(outDir: string, sourceHash: string, text: string): Promise<void> {
  return writeAtomic(textFile(outDir, sourceHash), text)
}

/** The source hashes whose texts are kept in `outDir` (one directory listing, not a file check per article). */
export function cachedTexts(outDir: string): Set<string> {
  try {
    return new Set(
      readdirSync(path.join(outDir, TEXTS_FOLDER))
        .filter((name) => name.endsWith('.txt'))
        .map((name) => name.slice(0, -4)),
    )
  } catch {
    return new Set()
  }
}

/** The text of a cached article (read only for the few articles the same-story lint compares in full). */
export function readCachedText(outDir: string, sourceHash: string): string {
  return readFileSync(textFile(outDir, sourceHash), 'utf8')
}

const contentFile = (outDir: string, sourceHash: string) => path.join(outDir, TEXTS_FOLDER, `${sourceHash}.html`)

/** Keep an article's body as HTML beside the cache (the feeds' full content). */
export function writeCachedContent(outDir: string, sourceHash: string, html: string): Promise<void> {
  return writeAtomic(contentFile(outDir, sourceHash), html)
}

/** The body of a built article as HTML, or undefined when it was not kept. */
export function readCachedContent(outDir: string, sourceHash: string): string | undefined {
  try {
    return readFileSync(contentFile(outDir, sourceHash), 'utf8')
  } catch {
    return undefined
  }
}

/** Remove the texts and contents of sources no longer in the cache (edited or deleted ones). */
export async function removeUnusedTexts(outDir: string, cache: BuildCache): Promise<void> {
  const used = new Set(Object.values(cache.articles).map((entry) => entry.sourceHash))
  const names = await readdir(path.join(outDir, TEXTS_FOLDER)).catch(() => [] as string[])
  await Promise.all(
    names
      .filter((name) => /\.(?:txt|html)$/.test(name) && !used.has(name.replace(/\.(?:txt|html)$/, '')))
      .map((name) => rm(path.join(outDir, TEXTS_FOLDER, name), { force: true })),
  )
}

/** One hash over every file of `patterns` under `root`, names included. */
async function hashFiles(root: string, patterns: string[]): Promise<string> {
  const files = (await glob(patterns, { cwd: root, onlyFiles: true })).sort()
  const hash = createHash('sha256')
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(root, file)))
      .update('\0')
  return hash.digest('hex')
}

// Galley's own code and locked dependencies, hashed once per process: the code that runs is the code
// that was loaded, whatever happens to the files afterwards (a watch session does not reload it), and
// hashing it again took most of the 20-30 ms a watch save spent on these keys.
let codeHash: Promise<string> | undefined
const CODE_FILES = ['pipeline/**/*.ts', 'package.json', 'package-lock.json']
// The same hash, made by bin/compiled.js when it compiled the command's bundle; not defined when run
// from the sources.
declare const GALLEY_CODE_VERSION: string | undefined

/** A hash of Galley's own code and locked dependencies, as loaded by this process. */
export function codeVersion(): Promise<string> {
  return (codeHash ??=
    typeof GALLEY_CODE_VERSION === 'string' ? Promise.resolve(GALLEY_CODE_VERSION) : hashFiles(ROOT, CODE_FILES))
}

/**
 * Per format, the hash of everything besides the article that shapes its output: Galley's code and
 * locked dependencies, the config, the format's template folder and the shared templates (fonts).
 */
export async function environmentKeys(config: SiteConfig, formats: Format[]): Promise<Record<Format, string>> {
  const code = await codeVersion()
  const shared = await hashFiles(path.join(TEMPLATES_DIR, 'shared'), ['**/*'])
  const settings = sha256(JSON.stringify(config))
  const involved = withNeeds(formats)
  const folders = {} as Record<Format, string>
  for (const format of involved)
    folders[format] = await hashFiles(config.templates[format] ?? path.join(TEMPLATES_DIR, format), ['**/*'])
  // The page announces the card's size, which the og template sets.
  const card = involved.includes('html') ? await cardSizeOf(config) : undefined
  const keys = {} as Record<Format, string>
  // A format that uses another's output (the EPUB's cover is the card) changes with that format's template too.
  for (const format of involved)
    keys[format] = sha256(
      [
        code,
        shared,
        settings,
        format,
        folders[format],
        ...(RENDERERS[format]?.needs ?? []).map((needed) => folders[needed]),
        ...(format === 'html' && card ? [`card ${card.width}×${card.height}`] : []),
      ].join('\n'),
    )
  return keys
}

/** Hash the image files a cached article used; undefined when one is gone. */
export async function hashAssets(files: string[]): Promise<Record<string, string> | undefined> {
  const hashes: Record<string, string> = {}
  for (const file of files) {
    try {
      hashes[file] = sha256(await readFile(file))
    } catch {
      return undefined
    }
  }
  return hashes
}

/**
 * Whether every artifact of the cache this process last read or wrote for `outDir` was found on disk
 * by `checkArtifacts` since the last build; a build calls this as it starts, and so clears it.
 */
export function takeCheckedArtifacts(outDir: string): boolean {
  return checkedFolders.delete(outDir)
}

// Stats per turn of the event loop: about a millisecond and a half of work at a time.
const CHECK_SLICE = 250

/**
 * Check that the artifacts the cache records for `outDir` are on disk at their recorded sizes, a
 * slice at a time between turns of the event loop, so a watch session can do it between saves.
 * Returns the paths (relative to `outDir`) of those missing, or undefined when `interrupted()` said to
 * stop first. When none is missing, the next build may skip the check (`takeCheckedArtifacts`).
 */
export async function checkArtifacts(outDir: string, interrupted: () => boolean): Promise<string[] | undefined> {
  checkedFolders.delete(outDir)
  const artifacts = [...(known.get(outDir)?.values() ?? [])].flatMap((shard) =>
    [...shard.entries.values()].flatMap((entry) => Object.values(entry.formats)),
  )
  const missing: string[] = []
  for (let start = 0; start < artifacts.length; start += CHECK_SLICE) {
    await new Promise((resolve) => setImmediate(resolve))
    if (interrupted()) return undefined
    for (const artifact of artifacts.slice(start, start + CHECK_SLICE)) {
      const gone = missingFile(outDir, artifact)
      if (gone) missing.push(gone)
    }
  }
  if (missing.length === 0) checkedFolders.add(outDir)
  return missing
}

/** Whether an artifact recorded in the cache, and every file copied beside it, is still on disk at the size recorded. */
export function artifactPresent(outDir: string, artifact: CachedArtifact): boolean {
  return missingFile(outDir, artifact) === undefined
}

/** The first of an artifact's files (itself, then its copies) not on disk at its recorded size. */
function missingFile(outDir: string, artifact: CachedArtifact): string | undefined {
  // Synchronous: a no-op build of 1,000 articles checks 4,000 files, and the thread pool's round
  // trips cost several times the calls themselves.
  const present = (file: { path: string; bytes: number }) =>
    statSync(path.join(outDir, file.path), { throwIfNoEntry: false })?.size === file.bytes
  if (!present(artifact)) return artifact.path
  return artifact.copies?.find((copy) => !present(copy))?.path
}
