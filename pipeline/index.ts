/**
 * A build: find sources, parse each once, render each requested format, write the bytes atomically,
 * then the index page and the manifest. The only code that reads sources and writes `output/`.
 * One article's failure (or one renderer's) never stops the others.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { removeStaleTemporaries, writeAtomic } from './build/write-atomic.ts'
import { findSources } from './build/find-sources.ts'
import { toText } from 'hast-util-to-text'
import { loadConfig, type LoadedConfig } from './config.ts'
import { lintBatch, makeLintStrict, type LintEntry } from './lint/index.ts'
import { toTimestamp } from './metadata/extract-metadata.ts'
import { renderListing, type HtmlTemplate } from './render/html.ts'
import { availableFormats, loadTemplate, RENDERERS } from './render/index.ts'
import { messageLines } from './report.ts'
import { parseArticle } from './source/parse-article.ts'
import type { Article, Format, Metadata } from './types.ts'

export interface BuildOptions {
  /** Files, folders and globs to build. */
  targets: string[]
  /** Output folder. Default `output`. */
  outDir?: string
  /** Formats to render. Default: every available one. */
  formats?: Format[]
  /** Articles processed at once. Default 1. */
  concurrency?: number
  /** Working directory for relative paths and the config lookup. Default: the process's. */
  cwd?: string
  /** An explicit config file. Default: `galley.config.{ts,js,json}` in `cwd`, if any. */
  configFile?: string
  /** An already loaded config (the API's way to pass settings without a file). */
  config?: LoadedConfig
  /** Lint findings are errors. Default false. */
  strict?: boolean
  /** Stops the build between articles (Ctrl-C): files already written stay whole, the rest untouched. */
  signal?: AbortSignal
  /** Called after each article, for progress output. */
  onArticle?: (result: ArticleResult) => void
}

export interface ArtifactRecord {
  path: string
  bytes: number
  sha256: string
}

export interface ArticleResult {
  slug?: string
  sourcePath: string
  metadata?: Metadata
  artifacts: Partial<Record<Format, ArtifactRecord>>
  warnings: string[]
  errors: string[]
  file: VFile
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

/** Build `targets` into `outDir`. Throws only for a usage problem (bad config, no sources). */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const outDir = path.resolve(cwd, options.outDir ?? 'output')
  const loaded = options.config ?? (await loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) }))
  const { config } = loaded
  // Build order matters: the EPUB uses the card drawn before it as its cover.
  const formats = availableFormats().filter((format) => !options.formats || options.formats.includes(format))
  const coverOnly = formats.includes('epub') && !formats.includes('og') && RENDERERS.og !== undefined
  const buildFile = new VFile({ path: loaded.path ? path.relative(cwd, loaded.path) : 'galley', cwd })
  if (!config.siteUrl)
    buildFile.message('No `siteUrl` in the config: links and the social card URL stay relative, which social networks cannot follow', {
      ruleId: 'missing-site-url',
      source: 'galley:config',
    })

  const { files, unmatched } = await findSources(options.targets, cwd)
  for (const target of unmatched) buildFile.message(`No Markdown sources found at \`${target}\``, { ruleId: 'no-sources', source: 'galley:build' })
  if (files.length === 0) throw new UsageError(`No Markdown sources found in ${options.targets.join(', ') || '(nothing given)'}`)

  const templates = new Map<Format, unknown>()
  for (const format of coverOnly ? [...formats, 'og' as const] : formats) templates.set(format, await loadTemplate(format, config))
  const sourceDateEpoch = parseEpoch(process.env.SOURCE_DATE_EPOCH)

  const slugOwners = new Map<string, string>()
  const lintEntries: LintEntry[] = []
  await removeStaleTemporaries(outDir).catch(() => 0)
  const results = await mapConcurrent(files, options.concurrency ?? 1, async (sourcePath) => {
    if (options.signal?.aborted) return undefined
    const result = await buildArticle(sourcePath)
    options.onArticle?.(result)
    return result
  })

  async function buildArticle(sourcePath: string): Promise<ArticleResult> {
    let parsed
    try {
      parsed = await parseArticle(sourcePath, await readFile(path.resolve(cwd, sourcePath)), {
        config,
        cwd,
        strict: options.strict ?? false,
        ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
      })
    } catch (error) {
      const file = new VFile({ path: sourcePath, cwd })
      failOn(file, `Could not read or parse the article: ${(error as Error).message}`, 'galley:source', 'parse-failed')
      return summarise(sourcePath, file)
    }
    const { article, file } = parsed
    if (!article) return summarise(sourcePath, file)
    const { slug } = article.metadata
    const owner = slugOwners.get(slug)
    if (owner) {
      failOn(file, `Expected a unique slug, found \`${slug}\` already used by ${owner}; this article was not built`, 'galley:build', 'duplicate-slug')
      return summarise(sourcePath, file)
    }
    slugOwners.set(slug, sourcePath)
    lintEntries.push({ file, slug, text: toText(article.tree) })
    return { ...summarise(sourcePath, file, article), artifacts: await renderArticle(article) }
  }

  async function renderArticle(article: Article): Promise<ArticleResult['artifacts']> {
    const artifacts: ArticleResult['artifacts'] = {}
    const rendered = new Map<Format, Uint8Array>()
    const folder = path.join(outDir, article.metadata.slug)
    if (coverOnly) await drawCoverCard(article, rendered)
    for (const format of formats) {
      const definition = RENDERERS[format]!
      try {
        const bytes = await definition.render({
          tree: article.tree,
          metadata: article.metadata,
          template: templates.get(format),
          assets: article.assets,
          file: article.file,
          artifacts: rendered,
        })
        rendered.set(format, bytes)
        const target = path.join(folder, definition.fileName(article.metadata.slug))
        if (definition.copiesAssets)
          for (const asset of article.assets.values()) await writeAtomic(path.join(folder, asset.path), asset.data)
        await writeAtomic(target, bytes)
        artifacts[format] = { path: path.relative(outDir, target).split(path.sep).join('/'), bytes: bytes.byteLength, sha256: sha256(bytes) }
      } catch (error) {
        failOn(article.file, `Could not render the ${format} output: ${(error as Error).message}`, `galley:${format}`, 'render-failed')
      }
    }
    return artifacts
  }

  lintBatch(lintEntries.sort((a, b) => String(a.file.path).localeCompare(String(b.file.path))))
  if (options.strict) for (const entry of lintEntries) makeLintStrict(entry.file)
  /** `--format epub` alone still gets the social card as its cover: drawn, not written. */
  async function drawCoverCard(article: Article, rendered: Map<Format, Uint8Array>): Promise<void> {
    try {
      rendered.set('og', await RENDERERS.og!.render({ ...article, template: templates.get('og'), artifacts: rendered }))
    } catch {
      // The EPUB falls back to the article's image or no cover; the card's own failure is reported when og is built.
    }
  }

  if (options.signal?.aborted) {
    // Leave the previous index and manifest as they were: they still describe whole files.
    const done = results.filter((result): result is ArticleResult => result !== undefined)
    return { articles: done, buildFile, files: [buildFile, ...done.map((result) => result.file)], exitCode: 1, aborted: true }
  }
  const articles = (results as ArticleResult[]).map((result) => ({ ...result, ...messagesOf(result.file) }))
  const built = articles.filter((result) => result.metadata && Object.keys(result.artifacts).length > 0)
  if (formats.includes('html') && built.length > 0) {
    const entries = built
      .map((result) => ({ metadata: result.metadata!, href: `${encodeURIComponent(result.metadata!.slug)}/` }))
      .sort((a, b) => publishedTime(b.metadata) - publishedTime(a.metadata) || a.metadata.title.localeCompare(b.metadata.title))
    const template = templates.get('html') as HtmlTemplate
    await writeAtomic(path.join(outDir, 'index.html'), renderListing(template, { siteName: config.siteName, lang: config.defaultLanguage, theme: config.theme, entries }))
  }
  await writeAtomic(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest(articles), null, 2)}\n`)

  const exitCode = articles.some((result) => result.errors.length > 0) ? 1 : 0
  return { articles, buildFile, files: [buildFile, ...articles.map((result) => result.file)], exitCode }
}

/** When an article was published, for sorting the index newest first (undated ones last). */
function publishedTime(metadata: Metadata): number {
  return metadata.published ? Date.parse(toTimestamp(metadata.published)) : -Infinity
}

/** A problem with how Galley was called (exit code 2), as opposed to a problem in an article. */
export class UsageError extends Error {}

function summarise(sourcePath: string, file: VFile, article?: Article): ArticleResult {
  return {
    sourcePath,
    ...(article ? { slug: article.metadata.slug, metadata: article.metadata } : {}),
    artifacts: {},
    ...messagesOf(file),
    file,
  }
}

function messagesOf(file: VFile): { warnings: string[]; errors: string[] } {
  return { warnings: messageLines(file, false), errors: messageLines(file, true) }
}

function manifest(articles: ArticleResult[]) {
  return {
    generator: 'galley',
    articles: articles.map(({ slug, sourcePath, metadata, artifacts, warnings, errors }) => ({
      slug: slug ?? null,
      source: sourcePath.split(path.sep).join('/'),
      status: errors.length === 0 ? 'built' : Object.keys(artifacts).length > 0 ? 'partial' : 'failed',
      metadata: metadata ?? null,
      artifacts,
      warnings,
      errors,
    })),
  }
}

function failOn(file: VFile, reason: string, source: string, ruleId: string): void {
  const message = file.message(reason, { ruleId, source })
  message.fatal = true
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function parseEpoch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 0) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not \`${value}\``)
  return seconds
}

/** Map with at most `limit` calls in flight, keeping the input order in the result. */
async function mapConcurrent<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
  return results
}

