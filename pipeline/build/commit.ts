/**
 * The third stage of a build: take each article in source order, check its slug, start writing what
 * was rendered (atomically, a few articles' files flushing at once) and record it in the cache. The
 * cache takes an article's entry once its files are written.
 */
import path from 'node:path'
import { VFile } from 'vfile'
import { distinctWords } from '../lint/near-duplicates.ts'
import type { LintEntry } from '../lint/index.ts'
import { RENDERERS } from '../render/index.ts'
import { DIGESTS_FOLDER } from '../site/digest-entries.ts'
import { addError, restoreMessages, type PlainMessage } from '../report.ts'
import { type ArticleResult, FORMATS, type Format } from '../types.ts'
import {
  type BuildCache,
  type CacheEntry,
  type CachedArtifact,
  readCachedText,
  sha256,
  writeCachedContent,
  writeCachedText,
} from './cache.ts'
import type { Plan } from './plan.ts'
import type { MessageStage, ProcessedArticle } from './process-article.ts'
import { writeAtomic } from './write-atomic.ts'

// Articles whose files may be in flight at once: the build goes on meanwhile (a watch save's files
// flush to disk while the rest of the site is looked at).
const WRITES_AHEAD = 8

export interface CommitOptions {
  cwd: string
  outDir: string
  formats: Format[]
  environment: Record<Format, string>
  cache: BuildCache
  /** `failureKey` of this build, recorded with each failure. */
  failureKey: string
}

export class Committer {
  /** Every article's batch-lint entry, in source order. */
  readonly lintEntries: LintEntry[] = []
  /** Slug → the source that has it. */
  readonly slugOwners = new Map<string, string>()
  private readonly writing: Array<Promise<void>> = []

  constructor(private readonly options: CommitOptions) {}

  /** Commit `plan` with what was rendered for it (nothing for an unchanged or kept article). */
  async commit(plan: Plan, work: ProcessedArticle | undefined): Promise<ArticleResult> {
    const result = this.record(plan, work)
    if (this.writing.length >= WRITES_AHEAD) await this.writing.shift()
    return result
  }

  /** Wait until every file started is written; the first failure rejects. */
  async flush(): Promise<void> {
    try {
      await Promise.all(this.writing)
    } finally {
      await Promise.allSettled(this.writing)
    }
  }

  private record(plan: Plan, work: ProcessedArticle | undefined): ArticleResult {
    const { cwd, outDir, formats, environment, cache } = this.options
    const file = new VFile({ path: plan.sourcePath, cwd })
    const rendered = work ? renderedFormats(plan, work) : []
    const messages = work ? mergeMessages(work, plan, rendered) : (plan.cached ?? plan.failed!).messages
    restoreMessages(file, messages)
    const metadata = work ? work.metadata : plan.cached?.metadata
    const result: ArticleResult = {
      sourcePath: plan.sourcePath,
      artifacts: {},
      warnings: [],
      errors: [],
      file,
      rebuilt: work?.skipped ? [] : rendered,
      timings: work?.timings ?? {},
      ...(work?.skipped ? { skipped: work.skipped } : {}),
    }
    if (!metadata || file.messages.some((message) => message.fatal && message.ruleId !== 'render-failed')) {
      delete cache.articles[plan.sourcePath]
      this.rememberFailure(plan, work, messages)
      return result
    }
    delete cache.failures[plan.sourcePath]
    Object.assign(result, { slug: metadata.slug, metadata, sourceHash: plan.sourceHash })
    const owner = this.slugOwners.get(metadata.slug)
    if (owner) {
      addError(
        file,
        `Expected a unique slug, found \`${metadata.slug}\` already used by ${owner}; this article was not built`,
        { ruleId: 'duplicate-slug', source: 'galley:build' },
      )
      return result
    }
    if (metadata.slug === DIGESTS_FOLDER) {
      addError(
        file,
        `Expected a slug other than \`${DIGESTS_FOLDER}\`, the output folder of \`galley digest\`; give the article another \`slug\``,
        { ruleId: 'reserved-slug', source: 'galley:build' },
      )
      return result
    }
    this.slugOwners.set(metadata.slug, plan.sourcePath)
    const words = work ? distinctWords(work.text) : plan.cached!.words
    this.lintEntries.push({
      file,
      text: work ? work.text : () => readCachedText(outDir, plan.sourceHash),
      words,
      id: plan.sourceHash,
    })
    // The files of one article are written side by side: each waits on its own flush to disk.
    const writes: Array<Promise<void>> = []
    if (work) writes.push(writeCachedText(outDir, plan.sourceHash, work.text))
    if (work?.content !== undefined) writes.push(writeCachedContent(outDir, plan.sourceHash, work.content))

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
    // A kept article keeps every file it has, whatever this build's formats.
    const recorded = plan.kept ? (Object.keys(plan.cached!.formats) as Format[]) : formats
    for (const format of recorded) {
      const bytes = work?.outputs[format]
      if (!bytes) {
        const kept = rendered.includes(format) ? undefined : plan.cached?.formats[format]
        if (kept) {
          result.artifacts[format] = { path: kept.path, bytes: kept.bytes, sha256: kept.sha256 }
          entry.formats[format] = kept
        }
        continue
      }
      const definition = RENDERERS[format]!
      const target = path.join(folder, definition.fileName(metadata.slug))
      const copied = definition.copiesAssets ? work!.assets : []
      for (const asset of copied) writes.push(writeAtomic(path.join(folder, asset.path), asset.data))
      writes.push(writeAtomic(target, bytes))
      const artifact = {
        path: path.relative(outDir, target).split(path.sep).join('/'),
        bytes: bytes.byteLength,
        sha256: sha256(bytes),
      }
      result.artifacts[format] = artifact
      // An asset's path is already relative to the article's folder, with forward slashes.
      const copies = copied.map((asset) => ({ path: `${metadata.slug}/${asset.path}`, bytes: asset.data.byteLength }))
      const made: CachedArtifact = { ...artifact, environment: environment[format] }
      if (copies.length) made.copies = copies
      if (format === 'html' && work?.pageShows) made.shows = work.pageShows
      entry.formats[format] = made
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
      this.writing.push(written)
    }
    return result
  }

  /**
   * Keep a failure's messages for the next build, unless a worker failed (out of memory, stopped):
   * the same bytes may build then. A failure replayed stays the very object, so its shard is not rewritten.
   */
  private rememberFailure(plan: Plan, work: ProcessedArticle | undefined, messages: PlainMessage[]): void {
    const { cache, failureKey } = this.options
    if (!work) {
      if (plan.failed) cache.failures[plan.sourcePath] = plan.failed
      return
    }
    // A draft is skipped, not failed (its status comes from the work); a worker that died may build next time.
    if (!messages.some((message) => message.fatal) || messages.some((message) => message.ruleId === 'worker-failed')) {
      delete cache.failures[plan.sourcePath]
      return
    }
    cache.failures[plan.sourcePath] = {
      sourceHash: plan.sourceHash,
      ...(plan.sourceStat ? { sourceStat: plan.sourceStat } : {}),
      environment: failureKey,
      messages,
    }
  }
}

/** The formats rendered for `plan`: the stale ones, and the page when the sizes it shows changed. */
function renderedFormats(plan: Plan, work: ProcessedArticle): Format[] {
  const extra = (Object.keys(work.outputs) as Format[]).filter((format) => !plan.stale.includes(format))
  return [...plan.stale, ...extra]
}

/**
 * The messages of an article rebuilt in part (a template changed, an output file was deleted): the
 * new parse's, the new renders', and for each format not drawn again its messages from the cache, so
 * the report and the manifest say what a full build would, in the order it would.
 */
function mergeMessages(work: ProcessedArticle, plan: Plan, rendered: Format[]): PlainMessage[] {
  // In build order, whatever order the formats were drawn in.
  const stages: MessageStage[] = ['parse', ...FORMATS]
  return stages.flatMap((stage) =>
    (stage === 'parse' || !plan.cached || rendered.includes(stage as Format) ? work : plan.cached).messages.filter(
      (message) => message.stage === stage,
    ),
  )
}
