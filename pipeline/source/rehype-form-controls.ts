/**
 * Form controls after sanitising: a GFM task list's check box stays (each format labels or draws it
 * with its item's text); any other control came from raw HTML, lost its `<label>` to the sanitiser,
 * does nothing in a page, a PDF or a book, and would reach a screen reader with no name (WCAG 4.1.2).
 * It is removed with a warning; the text around it stays.
 */
import type { Element, Root } from 'hast'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

const CONTROLS = new Set(['input', 'button', 'select', 'textarea'])

export function rehypeFormControls() {
  return (tree: Root, file: VFile) => {
    // Where a task box may stand: a task item, or the first paragraph of a loose one.
    const boxHolders = new Set<Element>()
    visit(tree, 'element', (node) => {
      if (!isTaskItem(node)) return
      boxHolders.add(node)
      const first = firstContent(node)
      if (first?.type === 'element' && first.tagName === 'p') boxHolders.add(first)
    })
    visit(tree, 'element', (node, index, parent) => {
      if (!CONTROLS.has(node.tagName) || !parent || index === undefined) return undefined
      const taskBox =
        node.tagName === 'input' &&
        node.properties.type === 'checkbox' &&
        parent.type === 'element' &&
        boxHolders.has(parent) &&
        firstContent(parent) === node
      if (taskBox) return SKIP
      file.message(
        `Expected form controls only as task list boxes, found an \`<${node.tagName}>\` from raw HTML, which has no label once sanitised; it is removed and the text around it kept`,
        { place: node.position?.start, ruleId: 'unlabelled-control', source: 'galley:source' },
      )
      parent.children.splice(index, 1)
      return index
    })
  }
}

function isTaskItem(node: Element): boolean {
  const classes = node.properties.className
  return node.tagName === 'li' && Array.isArray(classes) && classes.includes('task-list-item')
}

/** The first child that is not blank text. */
function firstContent(node: Element) {
  return node.children.find((child) => child.type !== 'text' || child.value.trim() !== '')
}
