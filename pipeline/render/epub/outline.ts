/**
 * The book's outline: the article's title, with its headings nested below by rank. The navigation
 * document and the NCX are both written from it, so the two can never disagree.
 */
import type { Element, Root } from 'hast'
import { headingRank } from 'hast-util-heading-rank'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'

/** One entry of the table of contents. */
export interface OutlineEntry {
  label: string
  /** Link relative to the package document, e.g. `article.xhtml#lists`. */
  href: string
  children: OutlineEntry[]
}

/**
 * Every heading of `body` (which must all have ids) as entries linking into `documentHref`, nested
 * by rank: an h3 after an h2 goes below it; a heading that skips ranks nests one level only.
 */
export function headingOutline(body: Root, documentHref: string): OutlineEntry[] {
  const root: OutlineEntry[] = []
  const stack: Array<{ rank: number; entry: OutlineEntry }> = []
  visit(body, 'element', (node: Element) => {
    const rank = headingRank(node)
    if (!rank || typeof node.properties.id !== 'string') return
    const label = toString(node).replace(/\s+/g, ' ').trim()
    if (!label) return
    const entry: OutlineEntry = { label, href: `${documentHref}#${node.properties.id}`, children: [] }
    while (stack.length && stack[stack.length - 1]!.rank >= rank) stack.pop()
    ;(stack.length ? stack[stack.length - 1]!.entry.children : root).push(entry)
    stack.push({ rank, entry })
  })
  return root
}

/** How many levels deep the outline goes (the NCX's `dtb:depth`). */
export function outlineDepth(entries: OutlineEntry[]): number {
  return entries.reduce((deepest, entry) => Math.max(deepest, 1 + outlineDepth(entry.children)), 0)
}
