/**
 * The first stage of a build: for every source of the site, what to render. The targets are checked
 * against the cache (source bytes, images, each format's environment, files on disk); sources the
 * site lists that were not targeted are kept as they are; listed sources whose file is gone vanish.
 */
import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { RENDERERS } from '../render/index.ts'
import type { Format } from '../types.ts'
import { artifactPresent, type BuildCache, type CacheEntry, type FailedEntry, hashAssets, sha256 } from './cache.ts'
import type { SiteRecord } from './site-record.ts'

/** What to do with one source: the formats to render, and what the cache already has. */
export interface Plan {
  sourcePath: string
  sourceHash: string
  sourceStat: CacheEntry['sourceStat']
  stale: Format[]
  cached?: CacheEntry
  /** Not targeted: its cached files stand as they are, unchecked. */
  kept?: boolean
  /** The slug the site listed it under, if another build published it. */
  listedSlug?: string
  /** It failed before, from these very bytes, under this build's environment: its messages stand. */
  failed?: FailedEntry
}

export interface PlanOptions {
  cwd: string
  outDir: string
  formats: Format[]
  environment: Record<Format, string>
  cache: BuildCache
  record: SiteRecord
  /** Render every target, whatever the cache says. */
  force: boolean
  /** The watch's word that every recorded file is on disk. */
  artifactsChecked: boolean
  /** Source hashes whose text the cache keeps (the same-story lint needs them). */
  texts: ReadonlySet<string>
  /** `failureKey` of this build. */
  failureKey: string
}

export interface BuildPlan {
  /** Every source of the site, in source order. */
  plans: Plan[]
  /** Sources the site listed whose file no longer exists, with their slug. */
  vanished: Array<{ sourcePath: string; slug?: string }>
}

/** Plan `targets` (sorted source paths) against the cache and the site's record. */
export async function planBuild(targets: readonly string[], options: PlanOptions): Promise<BuildPlan> {
  const targeted = new Set(targets)
  const vanished: BuildPlan['vanished'] = []
  const others: string[] = []
  for (const [sourcePath, slug] of options.record.sources) {
    if (targeted.has(sourcePath)) continue
    if (statSync(path.resolve(options.cwd, sourcePath), { throwIfNoEntry: false })?.isFile()) others.push(sourcePath)
    else vanished.push({ sourcePath, ...(slug ? { slug } : {}) })
  }
  const sources = [...targets, ...others].sort()
  const plans = await Promise.all(
    sources.map(async (sourcePath) => {
      const listedSlug = options.record.sources.get(sourcePath)
      const plan = targeted.has(sourcePath)
        ? await planTarget(sourcePath, options)
        : await planKept(sourcePath, options)
      return listedSlug ? { ...plan, listedSlug } : plan
    }),
  )
  return { plans, vanished }
}

/**
 * A source the site lists that was not targeted: its cached entry stands when its files are all
 * there. Without one (a damaged or older cache) it is built again from its source, as a target is.
 */
async function planKept(sourcePath: string, options: PlanOptions): Promise<Plan> {
  const cached = options.cache.articles[sourcePath]
  const whole =
    cached &&
    options.texts.has(cached.sourceHash) &&
    Object.values(cached.formats).every((artifact) => artifactPresent(options.outDir, artifact))
  if (!whole) return planTarget(sourcePath, { ...options, force: true })
  return { sourcePath, sourceHash: cached.sourceHash, sourceStat: cached.sourceStat, stale: [], cached, kept: true }
}

/** A targeted source: the formats whose cached files are missing or made from anything else. */
async function planTarget(sourcePath: string, options: PlanOptions): Promise<Plan> {
  const { formats, environment, outDir } = options
  const cached = options.force ? undefined : options.cache.articles[sourcePath]
  const failed = options.force ? undefined : options.cache.failures[sourcePath]
  const known = cached ?? failed
  // Synchronous on purpose: thousands of small stats through the thread pool cost far more in
  // round trips than the calls themselves, and nothing else runs while the build plans.
  const info = statSync(path.resolve(options.cwd, sourcePath), { throwIfNoEntry: false })
  const sourceStat = info && { size: info.size, mtimeMs: info.mtimeMs }
  // Same size and time as when it was hashed: the same bytes (as make and git assume), not read again.
  const unchanged =
    known?.sourceStat &&
    sourceStat &&
    known.sourceStat.size === sourceStat.size &&
    known.sourceStat.mtimeMs === sourceStat.mtimeMs
  const sourceHash = unchanged
    ? known.sourceHash
    : sha256(await readFile(path.resolve(options.cwd, sourcePath)).catch(() => new Uint8Array()))
  const everything = { sourcePath, sourceHash, sourceStat, stale: formats }
  if (!cached && failed?.sourceHash === sourceHash && failed.environment === options.failureKey)
    return { sourcePath, sourceHash, sourceStat, stale: [], failed }
  if (!cached || cached.sourceHash !== sourceHash) return everything
  const images = Object.keys(cached.assets)
  if (images.length > 0) {
    const assets = await hashAssets(images)
    if (!assets || JSON.stringify(assets) !== JSON.stringify(cached.assets)) return everything
  }
  // The same-story lint reads a cached article's text: without it, build the article again.
  if (!options.texts.has(sourceHash)) return everything
  // The source and its images are the entry's: a format is fresh when its environment is too.
  const stale: Format[] = []
  for (const format of formats) {
    const artifact = cached.formats[format]
    if (
      !artifact ||
      artifact.environment !== environment[format] ||
      !(options.artifactsChecked || artifactPresent(outDir, artifact))
    )
      stale.push(format)
  }
  // A fresh page whose download links show sizes other than its files' now is drawn again.
  const page = cached.formats.html
  if (formats.includes('html') && page && !stale.includes('html')) {
    const shown = page.shows ?? {}
    const linked = RENDERERS.html?.links ?? []
    const differs = linked.some((format) => !stale.includes(format) && cached.formats[format]?.bytes !== shown[format])
    if (differs) stale.unshift('html')
  }
  return { sourcePath, sourceHash, sourceStat, stale, cached }
}
