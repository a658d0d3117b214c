/**
 * A build, in four stages: plan (find the sources, read what the site and the cache hold, decide what
 * to render), render (on a worker pool when there is more than one core), commit (write each article's
 * files atomically, in source order) and site (the batch lint, then the site outputs: index page,
 * manifest, feeds, sitemap). The only code that writes `output/`. A build of some sources adds to the
 * site already there; one article's failure (or one renderer's) never stops the others.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { VFile } from 'vfile'
import {
  cachedTexts,
  codeVersion,
  environmentKeys,
  failureKey,
  readCache,
  takeCheckedArtifacts,
  writeCache,
} from './build/cache.ts'
import { Committer } from './build/commit.ts'
import { removeStaleFolders } from './build/prune.ts'
import { finishSite, messagesOf } from './build/site-stage.ts'
import { findSources, type FoundSources } from './build/find-sources.ts'
import { type Plan, planBuild } from './build/plan.ts'
import { defaultConcurrency } from './build/pool.ts'
import type { ArticleTask } from './build/process-article.ts'
import { renderArticles } from './build/render-articles.ts'
import { inShard, type Shard, writeShardManifest } from './build/shard.ts'
import { readSiteRecord } from './build/site-record.ts'
import { startWriting } from './build/write-atomic.ts'
import { checkSiteUrl, loadConfig, type LoadedConfig } from './config.ts'
import { UsageError } from './errors.ts'
import { parseEpoch } from './source-date-epoch.ts'
import { availableFormats, loadTemplate, RENDERERS, withNeeds } from './render/index.ts'
import { checkThemeContrast } from './theme-contrast.ts'
import type { ArticleResult, ArtifactRecord, Format, SiblingFile, SiteConfig } from './types.ts'

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
  /** Render every target again, whatever the cache says. Default false. */
  force?: boolean
  /** Absolute http(s) URL the output is published at; overrides the config's `siteUrl`. */
  siteUrl?: string
  /** Build only the sources of this shard, for `galley merge` to combine. Default: every source. */
  shard?: Shard
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

export { UsageError }

/** This Galley's version, from its package.json. */
export const GALLEY_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

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
  const config = withSiteUrl(loaded.config, options.siteUrl)
  // Build order matters: the EPUB uses the card drawn before it as its cover.
  const formats = availableFormats().filter((format) => !options.formats || options.formats.includes(format))
  const buildFile = new VFile({ path: loaded.path ? path.relative(cwd, loaded.path) : 'galley', cwd })
  if (!config.siteUrl)
    buildFile.message(
      'No site URL (`siteUrl` in the config, or `--site-url`): links and the social card URL stay relative, which social networks cannot follow, and the feeds and sitemap, which need absolute URLs, are not made',
      { ruleId: 'missing-site-url', source: 'galley:config' },
    )
  checkThemeContrast(config.theme, buildFile)
  const madeFor = JSON.stringify([cwd, options.targets, formats, config])
  if (session.madeFor !== madeFor) {
    delete session.sources
    delete session.environment
    session.madeFor = madeFor
  }
  const found = (session.sources ??= await findSources(options.targets, cwd))
  for (const target of found.unmatched)
    buildFile.message(`No Markdown sources found at \`${target}\``, { ruleId: 'no-sources', source: 'galley:build' })
  if (found.files.length === 0)
    throw new UsageError(`No Markdown sources found in ${options.targets.join(', ') || '(nothing given)'}`)
  const { shard } = options
  const files = shard ? found.files.filter((sourcePath) => inShard(sourcePath, cwd, shard)) : found.files
  const sourceDateEpoch = parseEpoch(process.env.SOURCE_DATE_EPOCH)
  const finishWriting = await startWriting(outDir)
  try {
    // 1. Plan: what the site holds, what the cache says of each source, what to render.
    const cache = await readCache(outDir)
    if (cache.damaged)
      buildFile.message(
        `Expected the build cache as Galley writes it, found ${cache.damaged.length} damaged file(s) in \`${path.basename(outDir)}/.galley-cache\`; the articles they held are built again from their sources`,
        { ruleId: 'damaged-cache', source: 'galley:build' },
      )
    const record = readSiteRecord(outDir, cache, buildFile)
    const artifactsChecked = takeCheckedArtifacts(outDir) && session.trustCheckedArtifacts === true
    const environment = (session.environment ??= await buildEnvironment(config, formats))
    const failedUnder = failureKey(environment, options.strict ?? false)
    const { plans, vanished } = await planBuild(files, {
      cwd,
      outDir,
      formats,
      environment,
      cache,
      record,
      force: options.force ?? false,
      artifactsChecked,
      texts: cachedTexts(outDir),
      failureKey: failedUnder,
    })
    await loadTemplatesFirst(plans, formats, config, environment)

    // 2. Render (on the pool) and 3. commit (write), in source order.
    const toRender = plans.filter((plan) => plan.stale.length > 0)
    const concurrency = options.concurrency ?? defaultConcurrency(toRender.length)
    const rendering = renderArticles(
      toRender,
      concurrency,
      (plan) => articleTask(plan, { cwd, config, environment, options, sourceDateEpoch }),
      options.signal,
    )
    const committer = new Committer({
      cwd,
      outDir,
      formats,
      environment,
      cache,
      failureKey: failedUnder,
    })
    const articles: ArticleResult[] = []
    let aborted = false
    try {
      for (const [index, plan] of plans.entries()) {
        const work = plan.stale.length > 0 ? await rendering.result(plan) : undefined
        if (plan.stale.length > 0 && !work) {
          aborted = true
          break
        }
        const result = await committer.commit(plan, work)
        rendering.release(plan)
        articles.push(result)
        options.onArticle?.(result, index, plans.length)
      }
      await committer.flush()
    } finally {
      await rendering.close()
    }
    if (!aborted && !options.signal?.aborted)
      await removeStaleFolders(outDir, plans, articles, vanished, record, cache, buildFile)
    // Written while the batch is linted and the site pages are made; awaited before the build ends.
    const cacheWritten = writeCache(outDir, cache)
    cacheWritten.catch(() => {})
    if (aborted || options.signal?.aborted) {
      // Leave the previous site pages as they were: they still describe whole files.
      for (const result of articles) Object.assign(result, messagesOf(result))
      await cacheWritten
      return {
        articles,
        buildFile,
        files: [buildFile, ...articles.map((result) => result.file)],
        exitCode: 1,
        aborted: true,
      }
    }

    // 4. The site: the batch lint, then the site outputs (index page, manifest, feeds, sitemap).
    await finishSite({
      outDir,
      config,
      environment,
      cache,
      cacheWritten,
      record,
      articles,
      lintEntries: committer.lintEntries,
      sources: plans.map((plan) => plan.sourcePath),
      strict: options.strict ?? false,
    })
    if (shard)
      await writeShardManifest(outDir, {
        generator: 'galley',
        shard,
        version: GALLEY_VERSION,
        code: await codeVersion(),
        config,
        formats,
        strict: options.strict ?? false,
        environment,
        sources: files,
      })
    const exitCode = articles.some((result) => result.errors.length > 0) ? 1 : 0
    return { articles, buildFile, files: [buildFile, ...articles.map((result) => result.file)], exitCode }
  } finally {
    await finishWriting()
  }
}

/** The task a worker gets for `plan`: the formats to render, and what the page links that is kept. */
function articleTask(
  plan: Plan,
  build: {
    cwd: string
    config: SiteConfig
    environment: Record<Format, string>
    options: BuildOptions
    sourceDateEpoch: number | undefined
  },
): ArticleTask {
  const { cwd, config, environment, options, sourceDateEpoch } = build
  const cached = plan.cached?.formats ?? {}
  const kept: Partial<Record<Format, SiblingFile>> = {}
  for (const format of RENDERERS.html?.links ?? []) {
    const artifact = plan.stale.includes(format) ? undefined : cached[format]
    if (artifact) kept[format] = { fileName: path.posix.basename(artifact.path), bytes: artifact.bytes }
  }
  const pageFresh =
    !plan.stale.includes('html') && cached.html !== undefined && (options.formats ?? ['html']).includes('html')
  return {
    sourcePath: plan.sourcePath,
    cwd,
    config,
    formats: plan.stale,
    strict: options.strict ?? false,
    templateVersions: environment,
    kept,
    ...(pageFresh ? { pageShows: cached.html!.shows ?? {} } : {}),
    keepContent: config.siteUrl !== undefined && config.feed.content === 'full',
    ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
  }
}

/**
 * Load the templates this build will use first, so a broken one is one clear error rather than one
 * per article. The environment key changes whenever its folder does, so it doubles as the version.
 */
async function loadTemplatesFirst(
  plans: Plan[],
  formats: Format[],
  config: SiteConfig,
  environment: Record<Format, string>,
): Promise<void> {
  // All at once, their files read side by side; a failure reported for the first format that has one.
  const loading = withNeeds(formats.filter((wanted) => plans.some((plan) => plan.stale.includes(wanted)))).map(
    (format) => loadTemplate(format, config, environment[format]),
  )
  for (const load of loading) load.catch(() => {})
  for (const load of loading) {
    try {
      await load
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
  }
}

/** `config` with the command line's site URL, which overrides the config's. */
function withSiteUrl(config: SiteConfig, siteUrl: string | undefined): SiteConfig {
  if (siteUrl === undefined) return config
  const checked = checkSiteUrl(siteUrl)
  if (!checked) throw new UsageError(`--site-url must be an absolute http(s) URL, not \`${siteUrl}\``)
  return { ...config, siteUrl: checked }
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
