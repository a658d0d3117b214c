/**
 * A link whose only content is a formula (`[$\KaTeX$](https://katex.org/)`) is named by the
 * formula's text (`aria-label`): axe and Ace find no accessible name in MathML for the link
 * (WCAG 2.4.4, 4.1.2). The page and the book keep the label; the PDF reads the link's text anyway.
 */
import type { Element, Root } from 'hast'
import { toText } from 'hast-util-to-text'
import { visit } from 'unist-util-visit'

export function rehypeFormulaLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'a' || !onlyFormulas(node)) return
      const name = toText(node).replace(/\s+/g, ' ').trim()
      if (name) node.properties.ariaLabel = name
    })
  }
}

function onlyFormulas(link: Element): boolean {
  let formulas = 0
  for (const child of link.children) {
    if (child.type === 'element' && child.tagName === 'math') formulas++
    else if (child.type === 'text' ? child.value.trim() : child.type === 'element' && toText(child).trim()) return false
  }
  return formulas > 0
}
