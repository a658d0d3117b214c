/**
 * The one unified processor that turns Markdown into the shared hast tree every renderer reads.
 */
import type { Root } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import rehypeSlug from 'rehype-slug'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { retext } from 'retext'
import retextSmartypants from 'retext-smartypants'
import { unified } from 'unified'
import { EXIT, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { rehypeNormalizeHeadings } from './rehype-normalize-headings.ts'
import { rehypeReportUnknownElements } from './rehype-report-unknown-elements.ts'
import { quotationMarks } from './quotation-marks.ts'
import remarkSmartTypography from './remark-smart-typography.ts'

/**
 * What raw HTML may keep: GitHub's schema (no scripts, no event handlers, no `style`, only
 * http(s)/mailto links) plus the harmless semantic elements articles use.
 */
export const sanitizeSchema = {
  ...defaultSchema,
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    'figure',
    'figcaption',
    'abbr',
    'mark',
    'cite',
    'small',
    'time',
    'u',
    'bdi',
    'bdo',
    'wbr',
  ],
  // Ids need no clobber prefix: Galley's pages run no script a clobbered global could confuse, and the
  // prefix would double the one remark-rehype already gives footnote ids.
  clobber: [],
  attributes: {
    ...defaultSchema.attributes,
    time: ['dateTime'],
    bdo: ['dir'],
  },
}

/**
 * rehype-raw, for a tree that has raw HTML. It parses the whole tree again with parse5, which took
 * about 2.5 ms an article; without raw HTML what it gives back differs only in form: neighbouring
 * text nodes merged, `data-footnote-ref` and `data-footnotes` as "" rather than true (written
 * `data-footnotes=""` rather than `data-footnotes`), an unchecked task box's `checked: false`
 * dropped. Every renderer reads both forms alike.
 */
function rehypeRawWhereNeeded() {
  const parseRaw = rehypeRaw()
  return (tree: Root, file: VFile): Root => {
    let hasRaw = false
    visit(tree, 'raw', () => {
      hasRaw = true
      return EXIT
    })
    return hasRaw ? parseRaw(tree, file) : tree
  }
}

// `--` and `---` both become an em dash, as most writers mean them.
const smartypantsOptions = { dashes: true, backticks: false } as const

const markdown = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm)
  .use(remarkSmartTypography, smartypantsOptions)
  .freeze()

const toHast = unified()
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRawWhereNeeded)
  .use(rehypeReportUnknownElements, { allowed: sanitizeSchema.tagNames, stripped: sanitizeSchema.strip ?? [] })
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeNormalizeHeadings)
  // After sanitising, so heading ids are not given the `user-content-` clobber prefix.
  .use(rehypeSlug)
  .freeze()

/** Parse Markdown (with front matter) into the raw mdast, keeping positions and the author's characters. */
export function parseMarkdown(file: VFile): MdastRoot {
  return markdown.parse(file) as MdastRoot
}

/** Apply the Markdown-level transforms (smart typography) to a raw mdast, in place. */
export function transformMarkdown(mdast: MdastRoot, file: VFile): MdastRoot {
  return markdown.runSync(mdast, file) as MdastRoot
}

/** mdast → the shared, sanitised hast tree with heading ids. */
export async function markdownToHast(mdast: MdastRoot, file: VFile): Promise<Root> {
  return (await toHast.run(mdast, file)) as Root
}

const prose = new Map<string, ReturnType<typeof proseFor>>()
const proseFor = (lang: string) => {
  const [open, close] = quotationMarks(lang).primary
  return retext()
    .use(retextSmartypants, {
      ...smartypantsOptions,
      openingQuotes: { double: open, single: '‘' },
      closingQuotes: { double: close, single: '’' },
    })
    .freeze()
}

/** The same typography as the body (curly quotes in the language's marks, dashes, ellipses) for a front matter string. Default `lang`: `en`. */
export function smarten(text: string, lang = 'en'): string {
  const key = quotationMarks(lang).primary.join('')
  let processor = prose.get(key)
  if (!processor) prose.set(key, (processor = proseFor(lang)))
  return String(processor.processSync(text))
}
