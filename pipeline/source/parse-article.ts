/**
 * Parse once: source bytes → decoded text → mdast (front matter read and checked) → the shared hast
 * tree, its local images and its metadata. Every later stage reads what this returns.
 */
import { addError } from '../report.ts'
import path from 'node:path'
import type { Heading, PhrasingContent, Root as MdastRoot } from 'mdast'
import { slug as slugify } from 'github-slugger'
import { toString } from 'mdast-util-to-string'
import { VFile } from 'vfile'
import { fieldPlace, resolveLanguage } from '../metadata/detect-language.ts'
import { cardSizeOf } from '../metadata/card-size.ts'
import { extractMetadata } from '../metadata/extract-metadata.ts'
import { inlineMarkdown } from '../metadata/inline-markdown.ts'
import type { Article, SiteConfig } from '../types.ts'
import { decodeSource } from './decode-source.ts'
import { detachFencelessFrontMatter, readFrontMatter } from './front-matter.ts'
import { FRONT_MATTER_KINDS, isFrontMatterNode } from './front-matter-kinds.ts'
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
  /** The og template folder's version the build computed once (see `environmentKeys`), for the card size. */
  ogTemplateVersion?: string
}

/**
 * The result of parsing: the article; or only its file, with a fatal message when it cannot be used,
 * or with `skipped` when the article asks not to be built (a draft).
 */
export interface ParseResult {
  article?: Article
  file: VFile
  /** Why the article was not built though nothing is wrong with it. */
  skipped?: 'draft'
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
  if (frontMatter.draft) {
    file.info(
      `Skipped: \`${frontMatter.draft.field}\` marks the article as a draft; change or remove it to build the article`,
      {
        place: frontMatter.draft.place ?? { line: 1, column: 1 },
        ruleId: 'draft',
        source: 'galley:front-matter',
      },
    )
    return { file, skipped: 'draft' }
  }
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
  const fallbackTitle = takeTitleHeading(mdast, frontMatter.title, file) ?? titleFromFileName(frontMatter.title, file)
  if (!mdast.children.some((node) => !isFrontMatterNode(node))) {
    fatal(file, 'Expected an article body after the front matter, found nothing', 'empty-body')
    return { file }
  }

  const tree = await markdownToHast(mdast, file)
  const baseDir = path.dirname(path.resolve(cwd, sourcePath))
  const { assets, keys } = await loadAssets(tree, file, baseDir, {
    extra: frontMatter.image ? [frontMatter.image] : [],
    staticFolders: options.config.staticFolders,
  })
  const image = frontMatter.image ? keys.get(frontMatter.image) : undefined
  const metadata = extractMetadata({
    frontMatter: { ...frontMatter, image },
    ...(fallbackTitle ? { fallbackTitle } : {}),
    titleField: FRONT_MATTER_KINDS[frontMatter.format ?? 'yaml'].title,
    fallbackSlug: slugFromPath(sourcePath),
    tree,
    language,
    config: options.config,
    file,
    ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
    cardSize: await cardSizeOf(options.config, options.ogTemplateVersion),
  })
  if (hasFatal(file)) return { file }
  return { article: { sourcePath, baseDir, tree, metadata, assets, file }, file }
}

/**
 * The article's title lives in the metadata, and every template prints it: a leading `# Heading`
 * would print it twice. Remove it when it repeats the front matter title, or when there is none
 * (then it becomes the title). Without a front matter title, the one level-1 heading also counts
 * when no other heading comes before it (MDX and VitePress pages open with imports or components
 * before their `# Title`). Returns the heading's content when it supplied the title.
 */
function takeTitleHeading(mdast: MdastRoot, title: string | undefined, file: VFile): PhrasingContent[] | undefined {
  const index = mdast.children.findIndex((node) => !isFrontMatterNode(node))
  const first = mdast.children[index]
  if (first?.type === 'heading' && first.depth === 1) {
    // The front matter title may hold inline Markdown (`u128`): compare its text with the heading's.
    if (title && normalise(inlineMarkdown(title).text) !== normalise(toString(first))) return undefined
    mdast.children.splice(index, 1)
    return title || !toString(first).trim() ? undefined : first.children
  }
  if (title) return undefined
  const headings = mdast.children.filter((node): node is Heading => node.type === 'heading')
  const [heading] = headings
  if (heading?.depth !== 1 || headings.filter((node) => node.depth === 1).length !== 1 || !toString(heading).trim())
    return undefined
  mdast.children.splice(mdast.children.indexOf(heading), 1)
  file.info('Took the title from the article’s one level-1 heading, which other content precedes', {
    place: heading.position?.start,
    ruleId: 'title-from-heading',
    source: 'galley:source',
  })
  return heading.children
}

/**
 * Jekyll titles a post without one from its file name: `2011-12-29-jekyll-introduction.md` →
 * “Jekyll Introduction”. Only a dated file name is a Jekyll post's; any other name is too often a
 * mere label (`draft-2`, `index`) to print as a headline.
 */
function titleFromFileName(title: string | undefined, file: VFile): string | undefined {
  if (title) return undefined
  const match = /^\d{4}-\d{2}-\d{2}-(.+)$/.exec(path.parse(file.path ?? '').name)
  if (!match) return undefined
  const words = match[1]!.split(/[-_\s]+/).filter(Boolean)
  const made = words.map((word) => word.charAt(0).toLocaleUpperCase() + word.slice(1)).join(' ')
  if (!made) return undefined
  file.message(`No title: used “${made}” from the file name, as Jekyll does; add \`title: …\` to choose it`, {
    place: { line: 1, column: 1 },
    ruleId: 'title-from-file-name',
    source: 'galley:source',
  })
  return made
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
