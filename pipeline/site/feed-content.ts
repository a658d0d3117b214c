/**
 * An article's body as the feeds carry it: its HTML with every relative link and image made absolute
 * against the article's page, since a feed reader has no page to resolve them against. Made where
 * the article is rendered, from its tree: parsing each entry's HTML again in the main thread took
 * 5 ms an entry, at the end of every build with feeds.
 */
import type { Element, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { visit } from 'unist-util-visit'

// Attributes whose value is a URL, in the elements the sanitised tree keeps.
const URL_PROPERTIES = ['href', 'src', 'cite', 'poster'] as const

/**
 * `tree` as HTML with its links made absolute against `base`. The links are rewritten in the tree
 * itself, so call it once nothing else will read the tree (after the renderers).
 */
export function feedContent(tree: Root, base: string): string {
  visit(tree, 'element', (element: Element) => {
    for (const property of URL_PROPERTIES) {
      const value = element.properties[property]
      if (typeof value !== 'string') continue
      try {
        element.properties[property] = new URL(value, base).href
      } catch {
        // Not a URL a reader could follow either way: left as written.
      }
    }
  })
  return toHtml(tree)
}
