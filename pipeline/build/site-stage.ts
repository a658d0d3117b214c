/**
 * The last stage of a build (and of a merge of shards): the batch lint over every article of the
 * site, then the site outputs, the cache, the batch state and the site record.
 */
import { lintBatch, makeLintStrict, type LintEntry } from '../lint/index.ts'
import { messageLines } from '../report.ts'
import { presentDigests } from '../site/digest-entries.ts'
import { writeSite } from '../site/index.ts'
import type { ArticleResult, Format, SiteConfig } from '../types.ts'
import {
  type BatchState,
  type BuildCache,
  readBatchState,
  removeUnusedTexts,
  sha256,
  writeBatchState,
} from './cache.ts'
import { type SiteRecord, writeSiteRecord } from './site-record.ts'

export interface SiteStage {
  outDir: string
  config: SiteConfig
  environment: Record<Format, string>
  cache: BuildCache
  /** The cache being written meanwhile. */
  cacheWritten: Promise<void>
  record: SiteRecord
  /** Every article of the site, in source order. */
  articles: ArticleResult[]
  lintEntries: LintEntry[]
  /** Every source of the site. */
  sources: string[]
  strict: boolean
}

export async function finishSite(stage: SiteStage): Promise<void> {
  const { outDir, config, environment, cache, record, articles } = stage
  const batch = readBatchState(outDir, sha256(JSON.stringify(environment)))
  const sameStory = lintBatch(stage.lintEntries, batch.sameStory)
  if (stage.strict) for (const entry of stage.lintEntries) makeLintStrict(entry.file)
  for (const result of articles) Object.assign(result, messagesOf(result))
  // A manifest edited or damaged by hand is written again, whatever its key says.
  if (record.manifestChanged) delete batch.pages['manifest.json']
  // The digests `galley digest` made, as long as their files are there.
  const digests = presentDigests(outDir, record.digests)
  const site = await writeSite({ config, articles, outDir, environment, digests }, batch)
  await Promise.all([
    stage.cacheWritten,
    removeUnusedTexts(outDir, cache),
    writeSiteRecord(outDir, record, stage.sources, digests),
  ])
  // Last: it records the site outputs as written. In the order `readBatchState` gives its fields, so
  // that an unchanged state compares equal.
  const batchNow: BatchState = { environment: batch.environment, pages: site.pages, sameStory, memos: site.memos }
  if (JSON.stringify(batchNow) !== JSON.stringify(batch)) await writeBatchState(outDir, batchNow)
}

/** The article's messages as the manifest lists them. */
export function messagesOf(result: ArticleResult): { warnings: string[]; errors: string[] } {
  return { warnings: messageLines(result.file, false), errors: messageLines(result.file, true) }
}
