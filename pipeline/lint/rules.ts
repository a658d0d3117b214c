/**
 * The editorial lint rules, one small function each, run on the source's raw mdast (before smart
 * typography) so positions and the author's own characters are what is checked. Each reason is
 * written for a newsroom editor, not a programmer.
 */
import type { Link, Root, Text } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { PLACEHOLDER } from './placeholder.ts'
import { quotationMarks } from '../source/quotation-marks.ts'
import type { FrontMatter } from '../source/front-matter.ts'
import { isFrontMatterNode } from '../source/front-matter-kinds.ts'

export interface LintContext {
  tree: Root
  frontMatter: FrontMatter
  file: VFile
}

export type LintRule = (context: LintContext) => void

/** Longest title the social card shows whole; longer ones are clamped with an ellipsis. */
export const CARD_TITLE_LIMIT = 100

const SOURCE = 'galley:lint'
const TERMINAL = /[.!?…:;)\]”’"'»]$/u

/** The double quotation marks of the article's language (decided before lint runs), e.g. `« »`. */
const quotes = (file: VFile) => quotationMarks(file.data.lang ?? 'en').primary.join(' ')

const warn = (file: VFile, reason: string, place: unknown, ruleId: string) =>
  file.message(reason, { place: place as never, ruleId, source: SOURCE })

/** Prose text nodes (not code, not inside link targets), with their positions. */
function proseTexts(tree: Root, visitor: (node: Text) => void): void {
  visit(tree, (node) => {
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html' || isFrontMatterNode(node))
      return SKIP
    if (node.type === 'text') visitor(node)
    return undefined
  })
}

export const placeholderText: LintRule = ({ tree, file }) => {
  visit(tree, 'paragraph', (node) => {
    const match = PLACEHOLDER.exec(toString(node))
    if (match)
      warn(
        file,
        `Placeholder text (“${match[0]}”) is still in the article; replace or delete it before publishing`,
        node.position,
        'placeholder-text',
      )
  })
}

export const splitParagraph: LintRule = ({ tree, file }) => {
  for (let index = 1; index < tree.children.length; index++) {
    const previous = tree.children[index - 1]!
    const current = tree.children[index]!
    if (previous.type !== 'paragraph' || current.type !== 'paragraph') continue
    const before = toString(previous, { includeHtml: false }).trim()
    const start = current.children[0]
    if (before && !TERMINAL.test(before) && start?.type === 'text' && /^\p{Ll}/u.test(start.value))
      warn(
        file,
        'This paragraph starts in lower case right after one that ends without punctuation: it looks like one sentence split in two; join them',
        current.position?.start,
        'split-paragraph',
      )
  }
}

export const straightQuotes: LintRule = ({ tree, file }) => {
  proseTexts(tree, (node) => {
    const count = (node.value.match(/["']/g) ?? []).length
    if (count > 0) {
      const offset = node.value.search(/["']/)
      const start = node.position?.start
      const place =
        start && !node.value.slice(0, offset).includes('\n')
          ? { line: start.line, column: start.column + offset }
          : start
      warn(
        file,
        `${count} straight quote mark(s) here; Galley curls them in the output, but use ${quotes(file)} and ‘ ’ (or ’ for apostrophes) in the source`,
        place,
        'straight-quotes',
      )
    }
  })
}

export const doubledSpaces: LintRule = ({ tree, file }) => {
  proseTexts(tree, (node) => {
    const match = /\S( {2,})(?=\S)/.exec(node.value)
    if (!match) return
    const start = node.position?.start
    const offset = match.index + 1
    const place =
      start && !node.value.slice(0, offset).includes('\n') ? { line: start.line, column: start.column + offset } : start
    warn(file, 'Two or more spaces in a row; use one space between words and sentences', place, 'doubled-space')
  })
}

export const emptyLinks: LintRule = ({ tree, file }) => {
  visit(tree, 'link', (node: Link) => {
    if (node.url.trim() === '' || node.url.trim() === '#')
      warn(
        file,
        `The link “${toString(node)}” goes nowhere (its address is “${node.url}”); give it a real address or remove the link`,
        node.position,
        'empty-link',
      )
  })
}

export const missingDescription: LintRule = ({ frontMatter, file }) => {
  if (!frontMatter.description)
    warn(
      file,
      'No `description` in the front matter: the social card and search results will use the start of the first paragraph instead',
      { line: 1, column: 1 },
      'missing-description',
    )
}

export const titleTooLong: LintRule = ({ frontMatter, file }) => {
  const length = [...(frontMatter.title ?? '')].length
  if (length > CARD_TITLE_LIMIT)
    warn(
      file,
      `The title has ${length} characters; the social card shows about ${CARD_TITLE_LIMIT} before cutting it with “…”. Consider a shorter headline`,
      { line: 1, column: 1 },
      'title-too-long',
    )
}

/** Every per-article rule, in the order their messages are reported. */
export const RULES: LintRule[] = [
  placeholderText,
  splitParagraph,
  straightQuotes,
  doubledSpaces,
  emptyLinks,
  missingDescription,
  titleTooLong,
]
