/**
 * The one unified processor that turns Markdown into the shared hast tree every renderer reads.
 */
import type { Root } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize'
import rehypeSlug from 'rehype-slug'
import remarkFrontmatter from 'remark-frontmatter'
import { defListHastHandlers, remarkDefinitionList } from 'remark-definition-list'
import remarkGemoji from 'remark-gemoji'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkMdx from 'remark-mdx'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { retext } from 'retext'
import retextSmartypants from 'retext-smartypants'
import { unified } from 'unified'
import { EXIT, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { rehypeCalloutLabels } from './rehype-callout-labels.ts'
import { rehypeFootnoteLabel } from './rehype-footnote-label.ts'
import { rehypeComponents } from './rehype-components.ts'
import { rehypeFormControls } from './rehype-form-controls.ts'
import { rehypeFormulaLinks } from './rehype-formula-links.ts'
import { rehypeMathml } from './rehype-mathml.ts'
import { rehypeMedia } from './rehype-media.ts'
import { rehypeEmptyHeaders } from './rehype-empty-headers.ts'
import { rehypeLinkTargets } from './rehype-link-targets.ts'
import { rehypeNormalizeHeadings } from './rehype-normalize-headings.ts'
import { remarkGithubAlerts } from './remark-github-alerts.ts'
import { remarkHeadingIds } from './remark-heading-ids.ts'
import { remarkMathGuard } from './remark-math-guard.ts'
import { remarkLenientMdx, remarkMdxNodes } from './remark-mdx-nodes.ts'
import { remarkShortcodes } from './remark-shortcodes.ts'
import { remarkShortcodeSyntax } from './shortcode-syntax.ts'
import { rehypeReportUnknownElements } from './rehype-report-unknown-elements.ts'
import { quotationMarks } from './quotation-marks.ts'
import remarkSmartTypography from './remark-smart-typography.ts'
import { FENCED_KINDS } from './front-matter-kinds.ts'

/**
 * What raw HTML may keep: GitHub's schema (no scripts, no event handlers, no `style`, only
 * http(s)/mailto links) plus the harmless semantic elements articles use.
 */
export const sanitizeSchema: Schema & { tagNames: string[] } = {
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
    'aside',
  ],
  // Ids need no clobber prefix: Galley's pages run no script a clobbered global could confuse, and the
  // prefix would double the one remark-rehype already gives footnote ids.
  clobber: [],
  attributes: {
    ...defaultSchema.attributes,
    time: ['dateTime'],
    bdo: ['dir'],
    // Callouts (see callout.ts): their classes and role, and nothing else of the kind from raw HTML.
    aside: [
      ['className', 'callout', /^callout-[a-z]+$/],
      ['role', 'note'],
    ],
    details: [...(defaultSchema.attributes?.details ?? []), ['className', 'callout', /^callout-[a-z]+$/]],
    p: [['className', 'callout-title']],
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

const syntax = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, [...FENCED_KINDS])
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkDefinitionList)
  .use(remarkShortcodeSyntax)
  .freeze()

/** MDX's syntax on top: JSX, expressions, import/export; no indented code, no raw HTML. */
const mdxSyntax = syntax().use(remarkMdx).freeze()

const markdown = syntax()
  // Transforms, in order: other tools' syntax first, so what they build gets the typography too.
  .use(remarkMdxNodes)
  .use(remarkMathGuard)
  .use(remarkShortcodes)
  .use(remarkGithubAlerts)
  .use(remarkHeadingIds)
  .use(remarkGemoji)
  .use(remarkSmartTypography, smartypantsOptions)
  .freeze()

const toHast = unified()
  .use(remarkRehype, { allowDangerousHtml: true, handlers: defListHastHandlers })
  .use(rehypeRawWhereNeeded)
  .use(rehypeMedia)
  .use(rehypeComponents)
  .use(rehypeReportUnknownElements, { allowed: sanitizeSchema.tagNames, stripped: sanitizeSchema.strip ?? [] })
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeFormControls)
  .use(rehypeNormalizeHeadings)
  // After sanitising, so heading ids are not given the `user-content-` clobber prefix.
  .use(rehypeSlug)
  .use(rehypeEmptyHeaders)
  // Generated after sanitising: Galley's own MathML and ids, not the article's raw HTML.
  .use(rehypeMathml)
  .use(rehypeFormulaLinks)
  .use(rehypeCalloutLabels)
  .use(rehypeFootnoteLabel)
  // After the heading and callout ids exist, so an anchor name that repeats one is caught.
  .use(rehypeLinkTargets)
  .freeze()

// import/export lines, MDX comments or PascalCase components: worth reading as MDX first.
const MDX_SIGNS = /^(?:import|export)\s|\{\s*\/\*|<[A-Z][a-z]\w*[\s/>]/m

/** Whether the text shows signs of MDX outside code (fenced blocks and code spans are skipped). */
export function looksLikeMdx(text: string): boolean {
  if (!MDX_SIGNS.test(text)) return false
  const prose = text
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[ \t]*$|(?![\s\S]))/gm, '')
    .replace(/`[^`\n]*`/g, '')
  return MDX_SIGNS.test(prose)
}

/**
 * Parse Markdown (with front matter) into the raw mdast, keeping positions and the author's
 * characters. A source that looks like MDX is read as MDX when it is valid MDX; else as Markdown,
 * where components in raw HTML and top-level import lines are still recognised.
 */
export function parseMarkdown(file: VFile): MdastRoot {
  if (looksLikeMdx(String(file.value))) {
    try {
      return mdxSyntax.parse(file) as MdastRoot
    } catch (error) {
      const place = (error as { place?: unknown }).place
      file.info(`Read as Markdown, not MDX: ${(error as Error).message}`, {
        ...(place ? { place: place as never } : {}),
        ruleId: 'not-mdx',
        source: 'galley:source',
      })
      const tree = syntax.parse(file) as MdastRoot
      remarkLenientMdx()(tree, file)
      return tree
    }
  }
  return syntax.parse(file) as MdastRoot
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
