/**
 * A front matter title or description as inline Markdown: `Changes to \`u128\` layout` keeps its
 * code, *emphasis* and [links](…) as the body would. Metadata fields get the plain text; the formats
 * that can style it (page h1, PDF title, EPUB title page) get styled runs.
 */
import type { PhrasingContent, Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import remarkSmartTypography from '../source/remark-smart-typography.ts'
import type { InlineRun } from '../types.ts'

// The body's typography (see processor.ts): `--` and `---` become an em dash.
const inline = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkSmartTypography, { dashes: true, backticks: false })
  .freeze()

/** The plain text of a field, and its styled runs when any part of it is styled. */
export interface InlineText {
  text: string
  runs?: InlineRun[]
}

/**
 * Read `source` (front matter text, or a heading's inline nodes, already typographed) as inline
 * Markdown. Text that is not one paragraph (`1. Intro` is a list) stays as written, typographed.
 * Default `lang`: `en`.
 */
export function inlineMarkdown(source: string | PhrasingContent[], lang = 'en'): InlineText {
  let nodes: PhrasingContent[]
  if (typeof source === 'string') {
    // The language picks the quotation marks, as it does in the body.
    const tree = inline.runSync(inline.parse(source), new VFile({ data: { lang } })) as Root
    const [only] = tree.children
    nodes =
      tree.children.length === 1 && only?.type === 'paragraph'
        ? only.children
        : [{ type: 'text', value: source.trim() }]
  } else nodes = source
  const runs = mergeRuns(toRuns(nodes, {}))
  const text = runs
    .map((run) => run.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  return runs.some((run) => run.code || run.emphasis || run.strong || run.strike)
    ? { text, runs: trimRuns(runs) }
    : { text }
}

type Style = Omit<InlineRun, 'text'>

function toRuns(nodes: PhrasingContent[], style: Style): InlineRun[] {
  const runs: InlineRun[] = []
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        runs.push({ ...style, text: node.value.replace(/\s+/g, ' ') })
        break
      case 'inlineCode':
        runs.push({ ...style, code: true, text: node.value })
        break
      case 'emphasis':
        runs.push(...toRuns(node.children, { ...style, emphasis: true }))
        break
      case 'strong':
        runs.push(...toRuns(node.children, { ...style, strong: true }))
        break
      case 'delete':
        runs.push(...toRuns(node.children, { ...style, strike: true }))
        break
      case 'break':
        runs.push({ ...style, text: ' ' })
        break
      case 'image':
      case 'imageReference':
        if (node.alt) runs.push({ ...style, text: node.alt })
        break
      case 'html':
        // Titles are not HTML: `Array<T>` parses as a tag, and means the text.
        runs.push({ ...style, text: node.value })
        break
      default:
        if ('children' in node) runs.push(...toRuns(node.children as PhrasingContent[], style))
        else if ('value' in node && typeof node.value === 'string') runs.push({ ...style, text: node.value })
    }
  }
  return runs
}

function sameStyle(a: Style, b: Style): boolean {
  return a.code === b.code && a.emphasis === b.emphasis && a.strong === b.strong && a.strike === b.strike
}

function mergeRuns(runs: InlineRun[]): InlineRun[] {
  const merged: InlineRun[] = []
  for (const run of runs) {
    const last = merged.at(-1)
    if (last && sameStyle(last, run)) last.text += run.text
    else if (run.text) merged.push({ ...run })
  }
  return merged
}

/** The runs with the outer white space of the whole text removed, as the plain text has it. */
function trimRuns(runs: InlineRun[]): InlineRun[] {
  const trimmed = runs.map((run) => ({ ...run }))
  if (trimmed[0]) trimmed[0].text = trimmed[0].text.trimStart()
  const last = trimmed.at(-1)
  if (last) last.text = last.text.trimEnd()
  return trimmed.filter((run) => run.text)
}
