/**
 * The unit of work of a build: read one source, parse it once, render the requested formats, and
 * return everything as plain data (bytes, metadata, messages) so it can cross a worker boundary.
 * It writes nothing: the orchestrator decides what is written, in which order.
 */
import { addError, plainMessages, type PlainMessage } from '../report.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { toText } from 'hast-util-to-text'
import { loadTemplate, RENDERERS, withNeeds } from '../render/index.ts'
import { parseArticle } from '../source/parse-article.ts'
import type { Format, Metadata, SiteConfig } from '../types.ts'

export interface ArticleTask {
  sourcePath: string
  cwd: string
  config: SiteConfig
  /** Formats to render and write. */
  formats: Format[]
  strict: boolean
  sourceDateEpoch?: number
  /** Per format, the version of its template folder the build computed once (see `environmentKeys`). */
  templateVersions: Partial<Record<Format, string>>
}

/** Where a message came from: parsing (and linting) the source, or rendering one format. */
export type MessageStage = Format | 'parse'

export interface ProcessedArticle {
  sourcePath: string
  /** Present when the article parsed. */
  metadata?: Metadata
  /** Why an article that is fine was not built (a draft). */
  skipped?: 'draft'
  /** Each with the stage that reported it (see `MessageStage`). */
  messages: PlainMessage[]
  outputs: Partial<Record<Format, Uint8Array>>
  /** Local images: path inside the article folder, bytes, and where they came from (for the cache). */
  assets: Array<{ path: string; data: Uint8Array; sourceFile: string }>
  /** The article's plain text, for the batch lint (same story twice). */
  text: string
  /** Milliseconds spent parsing and per format. */
  timings: Partial<Record<Format | 'parse', number>>
}

/** Parse and render one article. Never throws for bad content; a renderer's failure is a message. */
export async function processArticle(task: ArticleTask): Promise<ProcessedArticle> {
  const started = performance.now()
  const result: ProcessedArticle = {
    sourcePath: task.sourcePath,
    messages: [],
    outputs: {},
    assets: [],
    text: '',
    timings: {},
  }
  let parsed
  try {
    // Read synchronously: a worker has nothing else to do meanwhile, and an asynchronous read waited
    // (1.5 ms typically, up to 36 ms) behind the main thread's writes for a thread of libuv's pool.
    parsed = await parseArticle(task.sourcePath, readFileSync(path.resolve(task.cwd, task.sourcePath)), {
      config: task.config,
      cwd: task.cwd,
      strict: task.strict,
      ...(task.sourceDateEpoch !== undefined ? { sourceDateEpoch: task.sourceDateEpoch } : {}),
    })
  } catch (error) {
    result.messages.push({
      reason: `Could not read or parse the article: ${(error as Error).message}`,
      ruleId: 'parse-failed',
      source: 'galley:source',
      fatal: true,
      stage: 'parse',
    })
    return result
  }
  result.timings.parse = performance.now() - started
  const { article, file } = parsed
  if (parsed.skipped) result.skipped = parsed.skipped
  const stageEnds: Array<[MessageStage, number]> = [['parse', file.messages.length]]
  if (article) {
    result.metadata = article.metadata
    result.text = toText(article.tree)
    result.assets = [...article.assets.values()].map((asset) => ({
      path: asset.path,
      data: asset.data,
      sourceFile: asset.file ?? path.join(article.baseDir, asset.path),
    }))
    const rendered = new Map<Format, Uint8Array>()
    // A format that uses another's output (the EPUB's cover is the card) gets it drawn first, asked for or not.
    for (const format of withNeeds(task.formats)) {
      const begun = performance.now()
      try {
        const bytes = await RENDERERS[format]!.render({
          ...article,
          template: await loadTemplate(format, task.config, task.templateVersions[format]),
          artifacts: rendered,
        })
        rendered.set(format, bytes)
        if (task.formats.includes(format)) result.outputs[format] = bytes
      } catch (error) {
        if (task.formats.includes(format))
          addError(file, `Could not render the ${format} output: ${(error as Error).message}`, {
            ruleId: 'render-failed',
            source: `galley:${format}`,
          })
      }
      result.timings[format] = performance.now() - begun
      stageEnds.push([format, file.messages.length])
    }
  }
  const plain = plainMessages(file)
  let start = 0
  for (const [stage, end] of stageEnds) for (; start < end; start++) result.messages.push({ ...plain[start]!, stage })
  return result
}
