/**
 * Curly quotes, dashes and ellipses: remark-smartypants 3's method (retext-smartypants over the
 * text of the whole document for quotes, so a quote pairs across emphasis and links, then over
 * each text node for dashes and ellipses), with the passes that cannot change anything skipped.
 * remark-smartypants parses every text node into a retext tree, which cost about 10 ms an article,
 * most of it on nodes with no `--` and no dots in a row. The output is the same (tested against
 * remark-smartypants itself). Double quotes take the marks of the article's language (`file.data.lang`).
 */
import type { Root, Text } from 'mdast'
import type { Root as NlcstRoot } from 'nlcst'
import { toString } from 'nlcst-to-string'
import { retext } from 'retext'
import retextSmartypants, { type Options } from 'retext-smartypants'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { quotationMarks } from './quotation-marks.ts'

// What each pass could change: quote marks; two dashes or dots in a row (spaced dots included).
const MAY_HAVE_QUOTES = /["']/
const MAY_HAVE_DASHES_OR_ELLIPSES = /--|\.\s*\./

// Nodes whose text starts fresh: a quote right at their start opens (as in remark-smartypants).
const BLOCKS = new Set(['paragraph', 'heading', 'tableCell'])
const LITERALS = new Set(['text', 'inlineCode'])

export default function remarkSmartTypography(options: Options = {}) {
  const latin = retext().freeze()
  // The plugin's transformer per language, applied below to the sentences that have a quote mark.
  // Only double quotes take the language's marks: a straight single quote is mostly an apostrophe (’).
  const transformers = new Map<string, (tree: unknown) => void>()
  const curlQuotesFor = (lang: string) => {
    const { primary } = quotationMarks(lang)
    const key = primary.join('')
    let transformer = transformers.get(key)
    if (!transformer) {
      transformer = retextSmartypants({
        ...options,
        ellipses: false,
        dashes: false,
        backticks: false,
        openingQuotes: { double: primary[0], single: '‘' },
        closingQuotes: { double: primary[1], single: '’' },
      }) as (tree: unknown) => void
      transformers.set(key, transformer)
    }
    return transformer
  }
  let curlQuotes = curlQuotesFor('en')
  const dashesAndEllipses = retext()
    .use(retextSmartypants, { ...options, quotes: false })
    .freeze()

  return (tree: Root, file?: VFile) => {
    curlQuotes = curlQuotesFor(file?.data.lang ?? 'en')
    const nodes: Array<{ type: string; value?: string }> = []
    let allText = ''
    visit(tree, (node, _index, parent) => {
      if (!parent) return
      if (LITERALS.has(node.type)) {
        const { value } = node as Text
        // Code counts for its length only, so quotes pair around it but never inside it.
        allText += node.type === 'text' ? value : 'A'.repeat(value.length)
        nodes.push(node as Text)
      } else if (BLOCKS.has(node.type)) {
        allText += ' '
        nodes.push(node)
      }
    })
    if (MAY_HAVE_QUOTES.test(allText)) allText = withCurlyQuotes(allText)
    let start = 0
    for (const node of nodes) {
      if (node.value === undefined) {
        start += 1 // the space that stood for the block
        continue
      }
      const end = start + node.value.length
      if (node.type === 'text') {
        const text = allText.slice(start, end)
        node.value = MAY_HAVE_DASHES_OR_ELLIPSES.test(text) ? String(dashesAndEllipses.processSync(text)) : text
      }
      start = end
    }
  }

  /**
   * The plugin decides each quote mark from its neighbours in its sentence (or word) alone, so it is
   * run on each sentence that has one instead of on the whole tree: walking every word and letter
   * of the article took most of the time quote curling cost.
   */
  function withCurlyQuotes(text: string): string {
    const tree = latin.parse(text) as NlcstRoot
    for (const paragraph of tree.children) {
      if (paragraph.type !== 'ParagraphNode') {
        if (paragraph.type !== 'WhiteSpaceNode') return wholeTree(tree)
        continue
      }
      for (const sentence of paragraph.children) {
        if (sentence.type === 'SentenceNode') {
          if (MAY_HAVE_QUOTES.test(text.slice(sentence.position!.start.offset, sentence.position!.end.offset)))
            curlQuotes(sentence)
        } else if (sentence.type !== 'WhiteSpaceNode') return wholeTree(tree)
      }
    }
    return toString(tree)
  }

  /** Anything but paragraphs of sentences (never seen from retext-latin): the plugin's own walk. */
  function wholeTree(tree: NlcstRoot): string {
    curlQuotes(tree)
    return toString(tree)
  }
}
