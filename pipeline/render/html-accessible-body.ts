/**
 * The article body as the web page needs it for keyboard and screen reader users, on a copy of the
 * shared tree: what the stylesheet lets scroll sideways (code blocks, tables, display formulas) is a
 * focusable, named region (WCAG 2.1.1; axe `scrollable-region-focusable`), and a task list's check box
 * is labelled by its item's text (WCAG 4.1.2; axe `label`).
 */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { toText } from 'hast-util-to-text'
import { CONTINUE, SKIP, visit } from 'unist-util-visit'

/** Names of the scrolling regions, in the page's words. Defaults: English, numbered in page order. */
export interface RegionLabels {
  /** A code block; `language` from its `language-*` class when it has one. */
  code(number: number, language?: string): string
  /** A table without a caption of its own. */
  table(number: number): string
  /** A display formula. */
  formula(number: number): string
}

export const ENGLISH_REGION_LABELS: RegionLabels = {
  code: (number, language) => (language ? `Code block ${number} (${language})` : `Code block ${number}`),
  table: (number) => `Table ${number}`,
  formula: (number) => `Formula ${number}`,
}

/** A copy of `tree` with the page's accessibility markup; `tree` itself is left as it was. */
export function accessibleBody(tree: Root, labels: RegionLabels = ENGLISH_REGION_LABELS): Root {
  const copy = structuredClone(tree)
  const count = { code: 0, table: 0, formula: 0 }
  visit(copy, 'element', (node, index, parent) => {
    if (node.tagName === 'pre') {
      region(node, labels.code(++count.code, languageOf(node)))
      return SKIP
    }
    if (hasClass(node, 'math-display')) {
      region(node, labels.formula(++count.formula))
      return SKIP
    }
    if (node.tagName === 'table' && parent && index !== undefined) {
      const caption = node.children.find(
        (child): child is Element => child.type === 'element' && child.tagName === 'caption',
      )
      const name = caption ? toText(caption).trim() : ''
      // The table keeps its own semantics; the wrapper scrolls (a `role` on the table would replace them).
      parent.children[index] = region(h('div.table-scroll', [node]), name || labels.table(++count.table))
      return [SKIP, index + 1]
    }
    if (node.tagName === 'input' && node.properties.type === 'checkbox' && parent && index !== undefined) {
      return labelTaskBox(parent as { children: ElementContent[] }, index)
    }
    return CONTINUE
  })
  return copy
}

function region(node: Element, name: string): Element {
  node.properties.tabIndex = 0
  node.properties.role = 'region'
  node.properties.ariaLabel = name
  return node
}

function languageOf(pre: Element): string | undefined {
  const code = pre.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code')
  const classes = code?.properties.className
  const language = Array.isArray(classes) ? classes.map(String).find((name) => name.startsWith('language-')) : undefined
  return language?.slice('language-'.length) || undefined
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className
  return Array.isArray(classes) && classes.includes(name)
}

/**
 * A GFM task box (first in its item, or in its item's first paragraph) goes into a `<label>` with
 * the inline content after it, up to the first block, so the item's text names the box.
 */
function labelTaskBox(parent: { children: ElementContent[] }, index: number): [typeof SKIP, number] {
  const siblings = parent.children
  let end = index + 1
  while (end < siblings.length && isPhrasing(siblings[end]!)) end++
  const label = h('label', siblings.slice(index, end))
  siblings.splice(index, end - index, label)
  return [SKIP, index + 1]
}

const BLOCKS = new Set(['p', 'ul', 'ol', 'div', 'pre', 'blockquote', 'table', 'figure', 'dl', 'details', 'aside'])
const NOT_IN_LABEL = new Set(['label', 'input', 'button', 'select', 'textarea'])

function isPhrasing(node: ElementContent): boolean {
  if (node.type !== 'element') return true
  return !BLOCKS.has(node.tagName) && !/^h[1-6]$/.test(node.tagName) && !NOT_IN_LABEL.has(node.tagName)
}
