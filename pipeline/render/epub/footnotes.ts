/**
 * GFM footnotes as EPUB notes: references become `epub:type="noteref"` links and each note an
 * `<aside epub:type="footnote">`, which readers show as a pop-up
 * (https://www.w3.org/TR/epub-ssv-11/#notes, https://www.w3.org/TR/dpub-aria-1.1/).
 * Works in place on the EPUB's own copy of the tree.
 */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'

/**
 * Rewrite remark-rehype's footnote markup (`data-footnote-ref`, `section[data-footnotes]`) for EPUB;
 * the notes' heading becomes `heading` (remark-rehype writes English `Footnotes` whatever the language).
 */
export function rewriteFootnotes(tree: Root, heading: string): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'a' && 'dataFootnoteRef' in node.properties) {
      const { href, id } = node.properties
      node.properties = { href, id, className: ['noteref'], 'epub:type': 'noteref', role: 'doc-noteref' }
      return
    }
    if (node.tagName === 'section' && 'dataFootnotes' in node.properties && parent && index !== undefined) {
      parent.children[index] = footnoteSection(node, heading)
      return 'skip'
    }
    return undefined
  })
}

/** `<section data-footnotes><h2/><ol><li id>…</li></ol></section>` → a section of numbered asides. */
function footnoteSection(section: Element, headingText: string): Element {
  const heading = section.children.find(
    (child): child is Element => child.type === 'element' && /^h[1-6]$/.test(child.tagName),
  )
  const list = section.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol')
  const items = (list?.children ?? []).filter(
    (child): child is Element => child.type === 'element' && child.tagName === 'li',
  )
  if (heading) {
    heading.properties.className = undefined // the HTML page hides it (sr-only); a book shows it
    heading.children = [{ type: 'text', value: headingText }]
  }
  const notes = items.map((item, position) => footnote(item, position + 1))
  return {
    ...h(
      'section.footnotes',
      {
        'epub:type': 'footnotes',
        ...(heading?.properties.id ? { ariaLabelledBy: String(heading.properties.id) } : {}),
      },
      [...(heading ? [heading] : []), ...notes],
    ),
    position: section.position,
  }
}

/** One note: the number (linking back to the reference) opens its first paragraph; ↩ links go. */
function footnote(item: Element, number: number): Element {
  let backHref: string | undefined
  visit(item, 'element', (node, index, parent) => {
    if (node.tagName !== 'a' || !('dataFootnoteBackref' in node.properties) || !parent || index === undefined)
      return undefined
    backHref ??= String(node.properties.href)
    parent.children.splice(index, 1)
    trimTrailingSpace(parent.children, index)
    return index
  })
  const label = h('a.footnote-number', { ...(backHref ? { href: backHref } : {}), role: 'doc-backlink' }, `${number}.`)
  const children = [...item.children]
  const first = children.find((child): child is Element => child.type === 'element')
  if (first?.tagName === 'p') first.children.unshift(label, { type: 'text', value: ' ' })
  else children.unshift(h('p', [label]))
  return {
    ...h('aside.footnote', { id: item.properties.id, 'epub:type': 'footnote', role: 'doc-footnote' }, children),
    position: item.position,
  }
}

/** Drop the space that separated a removed back link from the text before it. */
function trimTrailingSpace(children: ElementContent[], removedAt: number): void {
  const before = children[removedAt - 1]
  if (before?.type === 'text') before.value = before.value.replace(/\s+$/, '')
}
