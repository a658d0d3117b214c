/**
 * A header cell with nothing in it heads nothing: it becomes a data cell, so no format announces an
 * empty header (Ace by DAISY's `empty-table-header`; PDF/UA wants every TH to name its column).
 */
import type { Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'

export function rehypeEmptyHeaders() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (
        node.tagName === 'th' &&
        toString(node).trim() === '' &&
        !node.children.some((child) => child.type === 'element' && child.tagName === 'img')
      )
        node.tagName = 'td'
    })
  }
}
