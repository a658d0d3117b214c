/**
 * Name each callout by its visible title (`aria-labelledby`), so a screen reader announces
 * "Warning, note" (or the author's own title) and the kind is never said by colour alone.
 */
import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'

export function rehypeCalloutLabels() {
  return (tree: Root) => {
    const ids = new Set<string>()
    visit(tree, 'element', (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    let count = 0
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'aside' || !hasClass(node, 'callout')) return
      const title = node.children.find(
        (child): child is Element => child.type === 'element' && hasClass(child, 'callout-title'),
      )
      if (!title) return
      let id = `callout-${++count}`
      while (ids.has(id)) id = `callout-${++count}`
      ids.add(id)
      title.properties.id = id
      node.properties.ariaLabelledBy = [id]
    })
  }
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className
  return Array.isArray(classes) && classes.includes(name)
}
