/**
 * Parse once: source bytes → decoded text → mdast (front matter read and checked) → the shared hast
 * tree, its local images and its metadata. Every later stage reads what this returns.
 */
import path from 'node:path'
import type { Heading, Root as MdastRoot } from 'mdast'
import { slug as slugify } from 'github-slugger'
import { toString } from 'mdast-util-to-string'
import { VFile } from 'vfile'
import { extractMetadata } from '../metadata/extract-metadata.ts'
import type { Article, SiteConfig } from '../types.ts'
import { decodeSource } from './decode-source.ts'
import { detachFencelessFrontMatter, readFrontMatter } from './front-matter.ts'
import { loadAssets } from './load-assets.ts'
import { lintSource, makeLintStrict } from '../lint/index.ts'
import { markdownToHast, parseMarkdown, transformMarkdown } from './processor.ts'

export interface ParseOptions {
  config: SiteConfig
  /** Seconds since the epoch, from `SOURCE_DATE_EPOCH`. Default: unset. */
  sourceDateEpoch?: number
  /** Folder the file path is shown relative to in messages. Default: the process's cwd. */
  cwd?: string
  /** Run the editorial lint rules. Default true. */
  lint?: boolean
  /** Lint findings are errors instead of warnings. Default false. */
  strict?: boolean
}

/** The result of parsing: the article, or only its file (with a fatal message) when it cannot be used. */
export interface ParseResult {
  article?: Article
  file: VFile
}

/** Parse one source. Never throws for bad content: problems are messages on the returned file. */
export async function parseArticle(sourcePath: string, bytes: Uint8Array, options: ParseOptions): Promise<ParseResult> {
  const cwd = options.cwd ?? process.cwd()
  const file = new VFile({ path: path.relative(cwd, path.resolve(cwd, sourcePath)) || sourcePath, cwd })
  if (!decodeSource(bytes, file)) return { file }

  const fenceless = detachFencelessFrontMatter(file)
  const mdast = parseMarkdown(file)
  const frontMatter = readFrontMatter(mdast, file, fenceless)
  if (hasFatal(file)) return { file }
  if (options.lint !== false) {
    lintSource(mdast, frontMatter, file)
    if (options.strict) makeLintStrict(file)
  }
  transformMarkdown(mdast, file)
  const fallbackTitle = takeTitleHeading(mdast, frontMatter.title)
  if (!mdast.children.some((node) => node.type !== 'yaml' && (node.type as string) !== 'toml')) {
    fatal(file, 'Expected an article body after the front matter, found nothing', 'empty-body')
    return { file }
  }

  const tree = await markdownToHast(mdast, file)
  const baseDir = path.dirname(path.resolve(cwd, sourcePath))
  const assets = await loadAssets(tree, file, baseDir, frontMatter.image ? [frontMatter.image] : [])
  const metadata = extractMetadata({
    frontMatter: frontMatter.image && !assets.has(frontMatter.image) ? { ...frontMatter, image: undefined } : frontMatter,
    ...(fallbackTitle ? { fallbackTitle } : {}),
    fallbackSlug: slugFromPath(sourcePath),
    tree,
    config: options.config,
    file,
    ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
  })
  if (hasFatal(file)) return { file }
  return { article: { sourcePath, baseDir, tree, metadata, assets, file }, file }
}

/**
 * The article's title lives in the metadata, and every template prints it: a leading `# Heading`
 * would print it twice. Remove it when it repeats the front matter title, or when there is none
 * (then it becomes the title). Returns the heading's text when it supplied the title.
 */
function takeTitleHeading(mdast: MdastRoot, title: string | undefined): string | undefined {
  const index = mdast.children.findIndex((node) => node.type !== 'yaml' && (node.type as string) !== 'toml')
  const first = mdast.children[index]
  if (!first || first.type !== 'heading' || (first as Heading).depth !== 1) return undefined
  const text = toString(first).trim()
  if (title && normalise(title) !== normalise(text)) return undefined
  mdast.children.splice(index, 1)
  return title ? undefined : text
}

const normalise = (text: string) => text.replace(/[\s“”"‘’']+/g, ' ').trim().toLowerCase()

/** `input/some-story.md` → `some-story`; `input/some-story/index.md` → `some-story`. */
export function slugFromPath(sourcePath: string): string {
  const parsed = path.parse(sourcePath)
  const name = /^(?:index|readme)$/i.test(parsed.name) ? path.basename(parsed.dir) : parsed.name
  return slugify(name).replace(/-{2,}/g, '-').replace(/^-|-$/g, '') || 'article'
}

export function hasFatal(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}

function fatal(file: VFile, reason: string, ruleId: string): void {
  const message = file.message(reason, { place: { line: 1, column: 1 }, ruleId, source: 'galley:source' })
  message.fatal = true
}
