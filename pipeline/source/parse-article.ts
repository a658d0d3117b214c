/**
 * Parse once: source bytes → decoded text → mdast (front matter read and checked) → the shared hast
 * tree, its local images and its metadata. Every later stage reads what this returns.
 */
import { addError } from '../report.ts'
import path from 'node:path'
import type { Heading, Root as MdastRoot } from 'mdast'
import { slug as slugify } from 'github-slugger'
import { toString } from 'mdast-util-to-string'
import { VFile } from 'vfile'
import { fieldPlace, resolveLanguage } from '../metadata/detect-language.ts'
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

/**
 * Limits that keep every format within bounded time and memory (documented in the README). Real
 * articles are far below them: a long feature is ~100 KB and nests lists three or four deep.
 */
export const LIMITS = {
  /** Largest source file. */
  sourceBytes: 2 * 1024 * 1024,
  /** Deepest nesting of block quotes and lists. */
  nesting: 64,
} as const

/** Parse one source. Never throws for bad content: problems are messages on the returned file. */
export async function parseArticle(sourcePath: string, bytes: Uint8Array, options: ParseOptions): Promise<ParseResult> {
  const cwd = options.cwd ?? process.cwd()
  const file = new VFile({ path: path.relative(cwd, path.resolve(cwd, sourcePath)) || sourcePath, cwd })
  if (bytes.byteLength > LIMITS.sourceBytes) {
    fatal(
      file,
      `Expected a source of at most ${LIMITS.sourceBytes / 1048576} MB, found ${(bytes.byteLength / 1048576).toFixed(1)} MB; split it into several articles`,
      'source-too-large',
    )
    return { file }
  }
  if (!decodeSource(bytes, file)) return { file }
  try {
    return await parseDecoded(sourcePath, file, cwd, options)
  } catch (error) {
    // Deep structures can still exhaust the stack in a library's recursion: a message, not a crash.
    if (!(error instanceof RangeError)) throw error
    fatal(file, `The article is too deeply nested to process (${error.message})`, 'too-deep')
    return { file }
  }
}

async function parseDecoded(sourcePath: string, file: VFile, cwd: string, options: ParseOptions): Promise<ParseResult> {
  const fenceless = detachFencelessFrontMatter(file)
  const mdast = parseMarkdown(file)
  const frontMatter = readFrontMatter(mdast, file, fenceless)
  if (hasFatal(file)) return { file }
  const language = resolveLanguage(mdast, frontMatter.lang, options.config.defaultLanguage, file, {
    lint: options.lint !== false,
    place: fieldPlace(file, 'lang'),
  })
  // Smart typography picks the language's quotation marks.
  file.data.lang = language.lang
  if (options.lint !== false) {
    lintSource(mdast, frontMatter, file)
    if (options.strict) makeLintStrict(file)
  }
  const deepest = deepestNesting(mdast)
  if (deepest.depth > LIMITS.nesting) {
    addError(
      file,
      `Expected block quotes and lists nested at most ${LIMITS.nesting} levels deep, found ${deepest.depth}`,
      {
        place: deepest.node.position?.start,
        ruleId: 'too-deep',
        source: 'galley:source',
      },
    )
    return { file }
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
    frontMatter:
      frontMatter.image && !assets.has(frontMatter.image) ? { ...frontMatter, image: undefined } : frontMatter,
    ...(fallbackTitle ? { fallbackTitle } : {}),
    fallbackSlug: slugFromPath(sourcePath),
    tree,
    language,
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
  if (first?.type !== 'heading' || (first as Heading).depth !== 1) return undefined
  const text = toString(first).trim()
  if (title && normalise(title) !== normalise(text)) return undefined
  mdast.children.splice(index, 1)
  return title ? undefined : text
}

const normalise = (text: string) =>
  text
    .replace(/[\s“”"‘’']+/g, ' ')
    .trim()
    .toLowerCase()

/** The deepest chain of block quotes and lists, walked without recursion (the tree may be deep). */
function deepestNesting(tree: MdastRoot): { depth: number; node: MdastRoot | MdastRoot['children'][number] } {
  let deepest: { depth: number; node: MdastRoot | MdastRoot['children'][number] } = { depth: 0, node: tree }
  const stack: Array<[MdastRoot | MdastRoot['children'][number], number]> = [[tree, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    const here = depth + (node.type === 'blockquote' || node.type === 'list' ? 1 : 0)
    if (here > deepest.depth) deepest = { depth: here, node }
    if ('children' in node)
      for (const child of node.children) stack.push([child as MdastRoot['children'][number], here])
  }
  return deepest
}

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
  addError(file, reason, { place: { line: 1, column: 1 }, ruleId, source: 'galley:source' })
}
