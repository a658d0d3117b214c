/**
 * The unit of work of a build: read one source, parse it once, render the requested formats, and
 * return everything as plain data (bytes, metadata, messages) so it can cross a worker boundary.
 * It writes nothing: the orchestrator decides what is written, in which order.
 */
import { addError, plainMessages, type PlainMessage } from '../report.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { toText } from 'hast-util-to-text'
import { loadTemplate, RENDERERS, renderOrder } from '../render/index.ts'
import { articlePageUrl } from '../metadata/extract-metadata.ts'
import { feedContent } from '../site/feed-content.ts'
import { parseArticle } from '../source/parse-article.ts'
import type { Article, Format, Metadata, SiblingFile, SiteConfig } from '../types.ts'

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
  /** The article's files the build keeps as they are (fresh in the cache), for the page's links. */
  kept?: Partial<Record<Format, SiblingFile>>
  /**
   * The sizes of the files the kept page links, when the page is wanted but fresh: if what this task
   * renders changes one of them, the page is rendered again too.
   */
  pageShows?: Partial<Record<Format, number>>
  /** Keep the body as HTML with absolute links (the feeds' full content; needs the config's site URL). */
  keepContent?: boolean
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
  /** The body as HTML with absolute links, when the task asked for it (`keepContent`). */
  content?: string
  /** Per format, the size of the file the rendered page links (what its download links show). */
  pageShows?: Partial<Record<Format, number>>
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
      ...(task.templateVersions.og ? { ogTemplateVersion: task.templateVersions.og } : {}),
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
    const render = async (format: Format) => {
      const begun = performance.now()
      try {
        const siblings = siblingsOf(format, article, rendered, task.kept)
        const bytes = await RENDERERS[format]!.render({
          ...article,
          template: await loadTemplate(format, task.config, task.templateVersions[format]),
          artifacts: rendered,
          siblings,
        })
        rendered.set(format, bytes)
        result.outputs[format] = bytes
        if (format === 'html')
          result.pageShows = Object.fromEntries([...siblings].map(([linked, file]) => [linked, file.bytes]))
      } catch (error) {
        addError(file, `Could not render the ${format} output: ${(error as Error).message}`, {
          ruleId: 'render-failed',
          source: `galley:${format}`,
        })
      }
      result.timings[format] = performance.now() - begun
      stageEnds.push([format, file.messages.length])
    }
    // A format that uses another's output (the EPUB's cover is the card) gets it drawn first, asked for
    // or not, and kept only when asked for; a page that links files comes after them.
    for (const format of renderOrder(task.formats)) {
      if (task.formats.includes(format)) await render(format)
      else await drawOnly(format)
    }
    if (task.pageShows && !task.formats.includes('html') && linkedSizesChanged(article, rendered, task))
      await render('html')
    // Last: it makes the tree's links absolute.
    if (task.keepContent && task.config.siteUrl)
      result.content = feedContent(article.tree, articlePageUrl(task.config.siteUrl, article.metadata.slug))

    async function drawOnly(format: Format) {
      try {
        rendered.set(
          format,
          await RENDERERS[format]!.render({
            ...article!,
            template: await loadTemplate(format, task.config, task.templateVersions[format]),
            artifacts: rendered,
          }),
        )
      } catch {
        // Not asked for: the format that needs it reports what its absence costs.
      }
      stageEnds.push([format, file.messages.length])
    }
  }
  const plain = plainMessages(file)
  let start = 0
  for (const [stage, end] of stageEnds) for (; start < end; start++) result.messages.push({ ...plain[start]!, stage })
  return result
}

/** The files `format` links, from this task's renders or the build's kept files. */
function siblingsOf(
  format: Format,
  article: Article,
  rendered: ReadonlyMap<Format, Uint8Array>,
  kept: ArticleTask['kept'],
): Map<Format, SiblingFile> {
  const siblings = new Map<Format, SiblingFile>()
  for (const linked of RENDERERS[format]?.links ?? []) {
    const bytes = rendered.get(linked)
    const file = bytes
      ? { fileName: RENDERERS[linked]!.fileName(article.metadata.slug), bytes: bytes.byteLength }
      : kept?.[linked]
    if (file) siblings.set(linked, file)
  }
  return siblings
}

/** Whether the files the kept page links now differ in size from what it shows. */
function linkedSizesChanged(article: Article, rendered: ReadonlyMap<Format, Uint8Array>, task: ArticleTask): boolean {
  const now = siblingsOf('html', article, rendered, task.kept)
  const shown = task.pageShows ?? {}
  const formats = new Set([...now.keys(), ...(Object.keys(shown) as Format[])])
  return [...formats].some((format) => now.get(format)?.bytes !== shown[format])
}
