/**
 * Heading levels every format can trust: the article's title is the only level 1 (each template
 * prints it), so body headings start at level 2 and never skip a level (h2 → h4). Screen readers,
 * the PDF outline and the EPUB navigation all need an unbroken hierarchy (WCAG 1.3.1; the Nu HTML
 * Checker reports skipped levels). Sources often use `#` for sections or jump levels for looks.
 */
import type { Root } from 'hast'
import { headingRank } from 'hast-util-heading-rank'
import { visit } from 'unist-util-visit'

export function rehypeNormalizeHeadings() {
  return (tree: Root) => {
    let shift = 0
    visit(tree, 'element', (node) => {
      if (headingRank(node) === 1) shift = 1
    })
    let previous = 1
    visit(tree, 'element', (node) => {
      const rank = headingRank(node)
      if (!rank) return
      // The footnotes' own label (remark-rehype's) is a section heading of its own: keep it at h2.
      if (String(node.properties.id ?? '').endsWith('footnote-label')) return
      const level = Math.min(6, rank + shift, previous + 1)
      node.tagName = `h${level}`
      previous = level
    })
  }
}
