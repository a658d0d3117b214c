/**
 * Direction per block for the HTML page and the EPUB (HTML's `dir`): a paragraph, heading, list
 * item or cell whose first strong letter reads the other way from the article gets `dir="auto"`,
 * so an English paragraph in a Hebrew page ends with its full stop on the right; code blocks are
 * always `dir="ltr"`. Works on copies: the shared tree is never changed.
 */
import type { Element, ElementContent } from 'hast'
import { toText } from 'hast-util-to-text'

const BLOCKS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'dt', 'dd', 'figcaption', 'summary'])
// Strong letters: right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo…) and every other letter.
const STRONG = /\p{L}/u
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u

/** The direction of the first strong letter of `text` (UAX #9 P2), or undefined when it has none. */
export function firstStrongDirection(text: string): 'ltr' | 'rtl' | undefined {
  const match = STRONG.exec(text)
  if (!match) return undefined
  return STRONG_RTL.test(match[0]) ? 'rtl' : 'ltr'
}

/** `nodes` with `dir` set where a block's direction differs from the article's `dir`. */
export function withBlockDirections(nodes: readonly ElementContent[], dir: 'ltr' | 'rtl'): ElementContent[] {
  return nodes.map((node) => directed(node, dir))
}

function directed(node: ElementContent, dir: 'ltr' | 'rtl'): ElementContent {
  if (node.type !== 'element' || node.properties.dir !== undefined) return node
  if (node.tagName === 'pre') return dir === 'rtl' ? { ...node, properties: { ...node.properties, dir: 'ltr' } } : node
  if (BLOCKS.has(node.tagName)) {
    const own = firstStrongDirection(toText(node))
    const children = withBlockDirections(node.children, dir)
    const element: Element = { ...node, children }
    return own && own !== dir ? { ...element, properties: { ...node.properties, dir: 'auto' } } : element
  }
  if (node.tagName === 'code' || node.tagName === 'svg' || node.tagName === 'math') return node
  return { ...node, children: withBlockDirections(node.children, dir) }
}
