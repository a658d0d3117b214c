/**
 * A build: find sources, skip what the cache says is unchanged, parse and render the rest (on a
 * worker pool when there is more than one core), then write every artifact atomically (committed in
 * source order, a few articles' files flushing at once), followed by the index page, the manifest and
 * the cache. The only code that writes `output/`. One article's failure (or one renderer's) never
 * stops the others.
 */
import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import {
  artifactPresent,
  cachedTexts,
  takeCheckedArtifacts,
  emptyCache,
  environmentKeys,
  hashAssets,
  readCache,
  readBatchState,
  readCachedText,
  removeUnusedTexts,
  sha256,
  writeBatchState,
  writeCache,
  writeCachedText,
  type BatchState,
  type BuildCache,
  type CacheEntry,
} from './build/cache.ts'
import { findSources, type FoundSources } from './build/find-sources.ts'
import { listingInput, listingKey, manifestBytes, type ArticleResult, type ArtifactRecord } from './build/manifest.ts'
import { createRunner, defaultConcurrency } from './build/pool.ts'
import type { ArticleTask, MessageStage, ProcessedArticle } from './build/process-article.ts'
import { startWriting, writeAtomic } from './build/write-atomic.ts'
import { loadConfig, type LoadedConfig } from './config.ts'
import { lintBatch, makeLintStrict, type LintEntry } from './lint/index.ts'
import { distinctWords } from './lint/near-duplicates.ts'
import type { HtmlTemplate } from './render/html.ts'
import { availableFormats, loadTemplate, RENDERERS, withNeeds } from './render/index.ts'
import { addError, messageLines, restoreMessages, type PlainMessage } from './report.ts'
import type { Format, SiteConfig } from './types.ts'

export type { ArticleResult, ArtifactRecord }

export interface BuildOptions {
  /** Files, folders and globs to build. */
  targets: string[]
  /** Output folder. Default `output`. */
  outDir?: string
  /** Formats to render. Default: every available one. */
  formats?: Format[]
  /** Articles processed at once, each on its own worker thread. Default: one per core. */
  concurrency?: number
  /** Working directory for relative paths and the config lookup. Default: the process's. */
  cwd?: string
  /** An explicit config file. Default: `galley.config.{ts,js,json}` in `cwd`, if any. */
  configFile?: string
  /** An already loaded config (the API's way to pass settings without a file). */
  config?: LoadedConfig
  /** Lint findings are errors. Default false. */
  strict?: boolean
  /** Rebuild everything, ignoring the cache. Default false. */
  force?: boolean
  /** Stops the build between articles (Ctrl-C): files already written stay whole, the rest untouched. */
  signal?: AbortSignal
  /**
   * Called after each article is committed (or found unchanged), in source order: its files are being
   * written, and are whole on disk when `build` returns.
   */
  onArticle?: (result: ArticleResult, index: number, total: number) => void
}

export interface BuildResult {
  articles: ArticleResult[]
  /** Messages about the build as a whole (config, targets). */
  buildFile: VFile
  /** Files whose messages should be reported, build file first. */
  files: VFile[]
  exitCode: 0 | 1
  /** True when the build was stopped by its signal before the end. */
  aborted?: boolean
}

// Articles whose files may be in flight at once (see `writing` in `build`).
const WRITES_AHEAD = 8

/** A problem with how Galley was called (exit code 2), as opposed to a problem in an article. */
export class UsageError extends Error {}

/** What to do with one source: the formats to render, and what the cache already has. */
interface Plan {
  sourcePath: string
  sourceHash: string
  sourceStat: CacheEntry['sourceStat']
  stale: Format[]
  cached?: CacheEntry
}

/**
 * What a watch session carries from one build to the next (internal to `--watch`; the API's builds
 * start with none). The watch, which sees every file event, forgets what an event may have changed;
 * a build fills in what is missing, and ignores what was kept for other targets, folders or settings.
 */
export interface BuildSession {
  /** What the kept sources and keys were found for (see `build`). */
  madeFor?: string
  /** Take `checkArtifacts`' word that unchanged articles' files are on disk, when it gave it since the last build. */
  trustCheckedArtifacts?: boolean
  /** The sources found last: kept while no source is added or removed. */
  sources?: FoundSources
  /** The environment keys of the last build: kept while no template or config is saved. */
  environment?: Record<Format, string>
}

/** Build `targets` into `outDir`. Throws only for a usage problem (bad config, no sources). */
export async function build(options: BuildOptions, session: BuildSession = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const outDir = path.resolve(cwd, options.outDir ?? 'output')
  const loaded =
    options.config ?? (await loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) }))
  const { config } = loaded
  // Build order matters: the EPUB uses the card drawn before it as its cover.
  const formats = availableFormats().filter((format) => !options.formats || options.formats.includes(format))
  const buildFile = new VFile({ path: loaded.path ? path.relative(cwd, loaded.path) : 'galley', cwd })
  if (!config.siteUrl)
    buildFile.message(
      'No `siteUrl` in the config: links and the social card URL stay relative, which social networks cannot follow',
      {
        ruleId: 'missing-site-url',
        source: 'galley:config',
      },
    )
  const madeFor = JSON.stringify([cwd, options.targets, formats, config])
  if (session.madeFor !== madeFor) {
    delete session.sources
    delete session.environment
    session.madeFor = madeFor
  }
  const { files, unmatched } = (session.sources ??= await findSources(options.targets, cwd))
  for (const target of unmatched)
    buildFile.message(`No Markdown sources found at \`${target}\``, { ruleId: 'no-sources', source: 'galley:build' })
  if (files.length === 0)
    throw new UsageError(`No Markdown sources found in ${options.targets.join(', ') || '(nothing given)'}`)
  const sourceDateEpoch = parseEpoch(process.env.SOURCE_DATE_EPOCH)
  const finishWriting = await startWriting(outDir)
  try {
    const cache: BuildCache = options.force ? emptyCache() : await readCache(outDir)
    const artifactsChecked = takeCheckedArtifacts(outDir) && session.trustCheckedArtifacts === true
    const environment = (session.environment ??= await buildEnvironment(config, formats))
    const texts = cachedTexts(outDir)
    const plans = await Promise.all(files.map((sourcePath) => planArticle(sourcePath)))
    // Load the templates that will be used here first, so a broken one is one clear error rather than
    // one per article. The environment key changes whenever its folder does, so it doubles as the
    // template's version.
    for (const format of withNeeds(formats.filter((wanted) => plans.some((plan) => plan.stale.includes(wanted))))) {
      try {
        await loadTemplate(format, config, environment[format])
      } catch (error) {
        throw new UsageError((error as Error).message)
      }
    }

    async function planArticle(sourcePath: string): Promise<Plan> {
      const cached = cache.articles[sourcePath]
      const source = path.resolve(cwd, sourcePath)
      // Synchronous on purpose: thousands of small stats through the thread pool cost far more in
      // round trips than the calls themselves, and nothing else runs while the build plans.
      const info = statSync(source, { throwIfNoEntry: false })
      const sourceStat = info && { size: info.size, mtimeMs: info.mtimeMs }
      // Same size and time as when it was hashed: the same bytes (as make and git assume), not read again.
      const unchanged =
        cached?.sourceStat &&
        sourceStat &&
        cached.sourceStat.size === sourceStat.size &&
        cached.sourceStat.mtimeMs === sourceStat.mtimeMs
      const sourceHash = unchanged ? cached.sourceHash : sha256(await readFile(source).catch(() => new Uint8Array()))
      if (!cached || cached.sourceHash !== sourceHash) return { sourcePath, sourceHash, sourceStat, stale: formats }
      const images = Object.keys(cached.assets)
      if (images.length > 0) {
        const assets = await hashAssets(images)
        if (!assets || JSON.stringify(assets) !== JSON.stringify(cached.assets))
          return { sourcePath, sourceHash, sourceStat, stale: formats }
      }
      // The same-story lint reads a cached article's text: without it, build the article again.
      if (!texts.has(sourceHash)) return { sourcePath, sourceHash, sourceStat, stale: formats }
      // The source and its images are the entry's: a format is fresh when its environment is too.
      const stale: Format[] = []
      for (const format of formats) {
        const artifact = cached.formats[format]
        if (
          !artifact ||
          artifact.environment !== environment[format] ||
          !(artifactsChecked || artifactPresent(outDir, artifact))
        )
          stale.push(format)
      }
      return { sourcePath, sourceHash, sourceStat, stale, cached }
    }
    const toRender = plans.filter((plan) => plan.stale.length > 0)
    const runner = createRunner(options.concurrency ?? defaultConcurrency(), toRender.length)
    // One settled-later promise per article to render; lanes fulfil them in source order.
    const processed = new Map(
      toRender.map((plan) => [plan.sourcePath, deferred<ProcessedArticle | undefined>()] as const),
    )
    let next = 0
    const lanes = Array.from(
      { length: Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), toRender.length)) },
      async () => {
        while (next < toRender.length) {
          const plan = toRender[next++]!
          const task: ArticleTask = {
            sourcePath: plan.sourcePath,
            cwd,
            config,
            formats: plan.stale,
            strict: options.strict ?? false,
            templateVersions: environment,
            ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
          }
          const slot = processed.get(plan.sourcePath)!
          if (options.signal?.aborted) slot.resolve(undefined)
          else await runner.run(task).then(slot.resolve, slot.reject)
        }
      },
    )
    const waitFor = (sourcePath: string) => processed.get(sourcePath)!.promise
    const slugOwners = new Map<string, string>()
    const lintEntries: LintEntry[] = []
    const articles: ArticleResult[] = []
    let aborted = false
    // Articles whose files are still being written: the loop goes on meanwhile (a watch save's files
    // flush to disk while the rest of the site is looked at), at most WRITES_AHEAD articles ahead.
    const writing: Array<Promise<void>> = []
    try {
      for (const [index, plan] of plans.entries()) {
        let work: ProcessedArticle | undefined
        if (plan.stale.length > 0) {
          work = await waitFor(plan.sourcePath).catch((error: Error) => ({
            sourcePath: plan.sourcePath,
            messages: [
              {
                reason: `The build worker failed: ${error.message}`,
                ruleId: 'worker-failed',
                source: 'galley:build',
                fatal: true,
                stage: 'parse',
              },
            ],
            outputs: {},
            assets: [],
            text: '',
            timings: {},
          }))
          if (!work) {
            aborted = true
            break
          }
        }
        const result = commit(plan, work)
        // Let the bytes go: a batch of 1,000 articles must not hold every artifact in memory.
        processed.delete(plan.sourcePath)
        articles.push(result)
        options.onArticle?.(result, index, plans.length)
        if (writing.length >= WRITES_AHEAD) await writing.shift()
      }
      await Promise.all(writing)
    } finally {
      await Promise.allSettled(writing)
      await Promise.all(lanes)
      await runner.close()
    }

    /**
     * Check the slug, start writing what was rendered, and merge what the cache had. The cache takes
     * the article's entry once its files are written (see `writing`).
     */
    function commit(plan: Plan, work: ProcessedArticle | undefined): ArticleResult {
      const file = new VFile({ path: plan.sourcePath, cwd })
      const messages = work ? mergeMessages(work, plan, formats) : plan.cached!.messages
      restoreMessages(file, messages)
      const metadata = work ? work.metadata : plan.cached!.metadata
      const result: ArticleResult = {
        sourcePath: plan.sourcePath,
        artifacts: {},
        warnings: [],
        errors: [],
        file,
        rebuilt: work && !work.skipped ? plan.stale : [],
        timings: work?.timings ?? {},
        ...(work?.skipped ? { skipped: work.skipped } : {}),
      }
      if (!metadata || file.messages.some((message) => message.fatal && message.ruleId !== 'render-failed')) {
        delete cache.articles[plan.sourcePath]
        return result
      }
      Object.assign(result, { slug: metadata.slug, metadata })
      const owner = slugOwners.get(metadata.slug)
      if (owner) {
        addError(
          file,
          `Expected a unique slug, found \`${metadata.slug}\` already used by ${owner}; this article was not built`,
          { ruleId: 'duplicate-slug', source: 'galley:build' },
        )
        return result
      }
      slugOwners.set(metadata.slug, plan.sourcePath)
      const words = work ? distinctWords(work.text) : plan.cached!.words
      lintEntries.push({
        file,
        text: work ? work.text : () => readCachedText(outDir, plan.sourceHash),
        words,
        id: plan.sourceHash,
      })
      // The files of one article are written side by side: each waits on its own flush to disk.
      const writes: Array<Promise<void>> = []
      if (work) writes.push(writeCachedText(outDir, plan.sourceHash, work.text))

      const folder = path.join(outDir, metadata.slug)
      const assetHashes = work
        ? Object.fromEntries(work.assets.map((asset) => [asset.sourceFile, sha256(asset.data)]))
        : plan.cached!.assets
      const entry: CacheEntry = {
        sourceHash: plan.sourceHash,
        ...(plan.sourceStat ? { sourceStat: plan.sourceStat } : {}),
        assets: assetHashes,
        metadata,
        messages,
        words,
        formats: {},
      }
      for (const format of formats) {
        const bytes = work?.outputs[format]
        if (!bytes) {
          const kept = plan.stale.includes(format) ? undefined : plan.cached?.formats[format]
          if (kept) result.artifacts[format] = { path: kept.path, bytes: kept.bytes, sha256: kept.sha256 }
          if (kept) entry.formats[format] = kept
          continue
        }
        const definition = RENDERERS[format]!
        const target = path.join(folder, definition.fileName(metadata.slug))
        const copied = definition.copiesAssets ? work!.assets : []
        for (const asset of copied) writes.push(writeAtomic(path.join(folder, asset.path), asset.data))
        writes.push(writeAtomic(target, bytes))
        const record = {
          path: path.relative(outDir, target).split(path.sep).join('/'),
          bytes: bytes.byteLength,
          sha256: sha256(bytes),
        }
        result.artifacts[format] = record
        // An asset's path is already relative to the article's folder, with forward slashes.
        const copies = copied.map((asset) => ({ path: `${metadata.slug}/${asset.path}`, bytes: asset.data.byteLength }))
        entry.formats[format] = { ...record, environment: environment[format], ...(copies.length ? { copies } : {}) }
      }
      // Unchanged, the entry read stays the very same object, so the cache shard holding it is not rewritten.
      const unchanged =
        !work &&
        plan.cached &&
        plan.cached.sourceStat?.size === plan.sourceStat?.size &&
        plan.cached.sourceStat?.mtimeMs === plan.sourceStat?.mtimeMs &&
        Object.keys(plan.cached.formats).every(
          (format) => entry.formats[format as Format] === plan.cached!.formats[format as Format],
        )
      if (writes.length === 0) cache.articles[plan.sourcePath] = unchanged ? plan.cached! : entry
      else {
        const written = Promise.all(writes).then(() => void (cache.articles[plan.sourcePath] = entry))
        // Handled where it is awaited; until then a failed write must not count as unhandled.
        written.catch(() => {})
        writing.push(written)
      }
      return result
    }
    // Written while the batch is linted and the site pages are made; awaited before the build ends.
    const cacheWritten = writeCache(outDir, cache)
    cacheWritten.catch(() => {})
    if (aborted || options.signal?.aborted) {
      // Leave the previous index and manifest as they were: they still describe whole files.
      for (const result of articles) Object.assign(result, messagesOf(result.file))
      await cacheWritten
      return {
        articles,
        buildFile,
        files: [buildFile, ...articles.map((result) => result.file)],
        exitCode: 1,
        aborted: true,
      }
    }
    const batch = readBatchState(outDir, sha256(JSON.stringify(environment)))
    const sameStory = lintBatch(lintEntries, batch.sameStory)
    const pageWrites: Array<Promise<void>> = [cacheWritten, removeUnusedTexts(outDir, cache)]
    if (options.strict) for (const entry of lintEntries) makeLintStrict(entry.file)
    for (const result of articles) Object.assign(result, messagesOf(result.file))
    // The index page and the manifest are rendered and written only when they would change: on a
    // site of 1,000 articles that is 100-200 ms a build, most of a no-op's time.
    const batchNow: BatchState = { environment: batch.environment, pages: {}, sameStory }
    const unchangedPage = (name: string, key: string) => {
      batchNow.pages[name] = key
      return batch.pages[name] === key && statSync(path.join(outDir, name), { throwIfNoEntry: false }) !== undefined
    }
    const listing = formats.includes('html') ? listingInput(config, articles) : undefined
    if (listing && listing.entries.length > 0) {
      // Keyed by the fields the template read last time; rendered when those changed (or are unknown).
      batchNow.listingFields = batch.listingFields
      if (
        !batch.listingFields ||
        !unchangedPage('index.html', listingKey(environment.html, listing, batch.listingFields))
      ) {
        const { renderListing } = await import('./render/html.ts')
        const { bytes, fieldsRead } = renderListing(
          (await loadTemplate('html', config, environment.html)) as HtmlTemplate,
          listing,
        )
        batchNow.listingFields = fieldsRead
        batchNow.pages['index.html'] = listingKey(environment.html, listing, fieldsRead)
        pageWrites.push(writeAtomic(path.join(outDir, 'index.html'), bytes))
      }
    }
    const manifestJson = manifestBytes(articles)
    if (!unchangedPage('manifest.json', manifestJson.key))
      pageWrites.push(writeAtomic(path.join(outDir, 'manifest.json'), manifestJson.bytes))
    await Promise.all(pageWrites)
    // Last: it records the pages as written.
    if (JSON.stringify(batchNow) !== JSON.stringify(batch)) await writeBatchState(outDir, batchNow)
    const exitCode = articles.some((result) => result.errors.length > 0) ? 1 : 0
    return { articles, buildFile, files: [buildFile, ...articles.map((result) => result.file)], exitCode }
  } finally {
    await finishWriting()
  }
}

/**
 * The messages of an article rebuilt in part (a template changed, an output file was deleted): the
 * new parse's, the new renders', and for each format not drawn again its messages from the cache, so
 * the report and the manifest say what a full build would, in the order it would.
 */
function mergeMessages(work: ProcessedArticle, plan: Plan, formats: Format[]): PlainMessage[] {
  if (!plan.cached) return work.messages
  const stages: MessageStage[] = ['parse', ...withNeeds(formats)]
  return stages.flatMap((stage) =>
    (stage === 'parse' || plan.stale.includes(stage) ? work : plan.cached!).messages.filter(
      (message) => message.stage === stage,
    ),
  )
}

/** A promise with its resolve and reject (Promise.withResolvers arrives only in Node 22). */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  return { promise, resolve, reject }
}

function messagesOf(file: VFile): { warnings: string[]; errors: string[] } {
  return { warnings: messageLines(file, false), errors: messageLines(file, true) }
}

/**
 * The environment keys of a build (see `environmentKeys`), `SOURCE_DATE_EPOCH` included; they double
 * as the versions templates are loaded under, so anything that loads templates for a build uses these.
 */
export function buildEnvironment(config: SiteConfig, formats: Format[]): Promise<Record<Format, string>> {
  const sourceDateEpoch = parseEpoch(process.env.SOURCE_DATE_EPOCH)
  return environmentKeys(
    { ...config, ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}) } as SiteConfig,
    formats,
  )
}

function parseEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not \`${value}\``)
  return seconds
}
