/**
 * The incremental-build cache: content-addressed keys per article and format, built from the
 * source bytes, its images, the config, the format's template folder, the shared font table and
 * Galley's own code and dependencies. An article whose keys all match (and whose files are still
 * there) is not rebuilt; a changed template rebuilds only its format.
 */
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { glob } from 'tinyglobby'
import { RENDERERS, TEMPLATES_DIR, withNeeds } from '../render/index.ts'
import type { Format, Metadata, SiteConfig } from '../types.ts'
import type { PlainMessage } from '../report.ts'
import { writeAtomic } from './write-atomic.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CACHE_FILE = '.galley-cache.json'
const CACHE_VERSION = 3
// Each article's plain text, for the same-story lint, one file per source hash: kept out of the cache
// file, which a watch rebuild rewrites on every save.
const TEXTS_FOLDER = '.galley-texts'

export interface CachedArtifact {
  key: string
  path: string
  bytes: number
  sha256: string
}

export interface CacheEntry {
  sourceHash: string
  /** Size and modification time of the source when it was hashed: unchanged, it is not read again. */
  sourceStat?: { size: number; mtimeMs: number }
  /** Image files the article embedded, by absolute path, with their hashes. */
  assets: Record<string, string>
  metadata: Metadata
  messages: PlainMessage[]
  /** The text's distinct content words, for the same-story lint without reading the text. */
  words: string[]
  formats: Partial<Record<Format, CachedArtifact>>
}

export interface BuildCache {
  version: number
  articles: Record<string, CacheEntry>
}

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

// The cache this process last wrote, per output folder, with the file's size and time then: a watch
// rebuild (or any later build in this process) skips reading and parsing megabytes of JSON.
const written = new Map<string, { cache: BuildCache; size: number; mtimeMs: number }>()

/** The cache in `outDir`, or an empty one when missing, unreadable or from another cache version. */
export async function readCache(outDir: string): Promise<BuildCache> {
  const file = path.join(outDir, CACHE_FILE)
  try {
    const info = await stat(file)
    const last = written.get(file)
    if (last && last.size === info.size && last.mtimeMs === info.mtimeMs) {
      // The build that takes it changes it and writes it back; until then the file is the truth.
      written.delete(file)
      return last.cache
    }
    const cache = JSON.parse(await readFile(file, 'utf8')) as BuildCache
    if (cache.version === CACHE_VERSION && cache.articles) return cache
  } catch {
    // No cache yet, or a damaged one: build everything.
  }
  return emptyCache()
}

/** A cache with nothing in it (a first or a forced build). */
export function emptyCache(): BuildCache {
  return { version: CACHE_VERSION, articles: {} }
}

const textFile = (outDir: string, sourceHash: string) => path.join(outDir, TEXTS_FOLDER, `${sourceHash}.txt`)

/** Keep an article's plain text beside the cache. */
export function writeCachedText(outDir: string, sourceHash: string, text: string): Promise<void> {
  return writeAtomic(textFile(outDir, sourceHash), text)
}

/** Whether the text of a cached article is still there. */
export function cachedTextPresent(outDir: string, sourceHash: string): boolean {
  return statSync(textFile(outDir, sourceHash), { throwIfNoEntry: false }) !== undefined
}

/** The text of a cached article (read only for the few articles the same-story lint compares in full). */
export function readCachedText(outDir: string, sourceHash: string): string {
  return readFileSync(textFile(outDir, sourceHash), 'utf8')
}

/** Remove the texts of sources no longer in the cache (edited or deleted ones). */
export async function removeUnusedTexts(outDir: string, cache: BuildCache): Promise<void> {
  const used = new Set(Object.values(cache.articles).map((entry) => `${entry.sourceHash}.txt`))
  const names = await readdir(path.join(outDir, TEXTS_FOLDER)).catch(() => [] as string[])
  await Promise.all(names.filter((name) => name.endsWith('.txt') && !used.has(name)).map((name) => rm(path.join(outDir, TEXTS_FOLDER, name), { force: true })))
}

/** Whether `outDir` has a cache file. */
export async function cacheExists(outDir: string): Promise<boolean> {
  return (await stat(path.join(outDir, CACHE_FILE)).catch(() => undefined)) !== undefined
}

/** Keep `cache` as this process's copy of the unchanged file in `outDir` (see `readCache`). */
export async function rememberCache(outDir: string, cache: BuildCache): Promise<void> {
  const file = path.join(outDir, CACHE_FILE)
  const info = await stat(file).catch(() => undefined)
  if (info) written.set(file, { cache, size: info.size, mtimeMs: info.mtimeMs })
}

export async function writeCache(outDir: string, cache: BuildCache): Promise<void> {
  const file = path.join(outDir, CACHE_FILE)
  await writeAtomic(file, JSON.stringify(cache))
  const info = await stat(file)
  written.set(file, { cache, size: info.size, mtimeMs: info.mtimeMs })
}

/** One hash over every file of `patterns` under `root`, names included. */
async function hashFiles(root: string, patterns: string[]): Promise<string> {
  const files = (await glob(patterns, { cwd: root, onlyFiles: true })).sort()
  const hash = createHash('sha256')
  for (const file of files) hash.update(file).update('\0').update(await readFile(path.join(root, file))).update('\0')
  return hash.digest('hex')
}

/**
 * Per format, the hash of everything besides the article that shapes its output: Galley's code and
 * locked dependencies, the config, the format's template folder and the shared templates (fonts).
 */
export async function environmentKeys(config: SiteConfig, formats: Format[]): Promise<Record<Format, string>> {
  const code = await hashFiles(ROOT, ['pipeline/**/*.ts', 'package.json', 'package-lock.json'])
  const shared = await hashFiles(path.join(TEMPLATES_DIR, 'shared'), ['**/*'])
  const settings = sha256(JSON.stringify(config))
  const involved = withNeeds(formats)
  const folders = {} as Record<Format, string>
  for (const format of involved) folders[format] = await hashFiles(config.templates[format] ?? path.join(TEMPLATES_DIR, format), ['**/*'])
  const keys = {} as Record<Format, string>
  // A format that uses another's output (the EPUB's cover is the card) changes with that format's template too.
  for (const format of involved) keys[format] = sha256([code, shared, settings, format, folders[format], ...(RENDERERS[format]?.needs ?? []).map((needed) => folders[needed])].join('\n'))
  return keys
}

/** The key of one article's format: its environment plus the article's own bytes. */
export function artifactKey(environment: string, sourceHash: string, assets: Record<string, string>): string {
  return sha256([environment, sourceHash, ...Object.entries(assets).sort().map(([file, hash]) => `${file}:${hash}`)].join('\n'))
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

/** Whether an artifact recorded in the cache is still on disk at the size recorded. */
export function artifactPresent(outDir: string, artifact: CachedArtifact): boolean {
  // Synchronous: a no-op build of 1,000 articles checks 4,000 files, and the thread pool's round
  // trips cost several times the calls themselves.
  return statSync(path.join(outDir, artifact.path), { throwIfNoEntry: false })?.size === artifact.bytes
}
