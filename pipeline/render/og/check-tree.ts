/**
 * Checks on a template's element tree before satori sees it: satori lays out flexbox only, and its
 * own message for a block with several children names no element. This one names the path.
 */
import type { JSXNode } from 'satori/jsx'

interface ElementLike {
  type: unknown
  props: { style?: Record<string, unknown>; children?: JSXNode; [key: string]: unknown }
}

const LAYOUT_DISPLAYS = new Set(['flex', 'none', 'contents'])

/** Throw a readable Error when an element has several children but no `display: 'flex'`. */
export function assertFlexLayout(node: JSXNode, where = 'card'): void {
  visit(node, where)
}

/** Every string and number the tree draws, in document order, for script detection. */
export function textOf(node: JSXNode): string {
  return textsOf(node).join(' ')
}

/** Each text of the tree, in tree order. */
export function textsOf(node: JSXNode): string[] {
  const parts: string[] = []
  walk(node, (value) => parts.push(value))
  return parts
}

function visit(node: JSXNode, path: string, index?: number): void {
  const element = expand(node)
  if (!element) return
  const children = flatChildren(element.props.children)
  const name = typeof element.type === 'string' ? element.type : 'component'
  const here = `${path} > ${name}${index === undefined ? '' : `[${index}]`}`
  const display = String(element.props.style?.display ?? '')
  if (children.length > 1 && !LAYOUT_DISPLAYS.has(display))
    throw new Error(
      `The og template gives <${name}> at \`${here}\` ${children.length} children but no \`display: 'flex'\`: satori, which draws the card, lays out several children only in a flex container. Add \`style={{ display: 'flex' }}\` (with \`flexDirection\` as needed) to that element.`,
    )
  for (const [childIndex, child] of children.entries()) visit(child, here, children.length > 1 ? childIndex : undefined)
}

function walk(node: JSXNode, onText: (value: string) => void): void {
  if (typeof node === 'string' || typeof node === 'number') {
    onText(String(node))
    return
  }
  const element = expand(node)
  if (!element) return
  for (const child of flatChildren(element.props.children)) walk(child, onText)
}

/** The element a node stands for, calling function components the way satori does. */
function expand(node: JSXNode): ElementLike | undefined {
  let current: unknown = node
  while (isElement(current) && typeof current.type === 'function')
    current = (current.type as (props: unknown) => unknown)(current.props)
  return isElement(current) ? current : undefined
}

function isElement(node: unknown): node is ElementLike {
  return typeof node === 'object' && node !== null && 'type' in node && 'props' in node
}

/** Children as satori counts them: arrays flattened, nothing-nodes dropped. */
function flatChildren(children: JSXNode): JSXNode[] {
  if (children === undefined || children === null || typeof children === 'boolean' || children === '') return []
  if (typeof children === 'object' && Symbol.iterator in children && typeof children !== 'string')
    return [...(children as Iterable<JSXNode>)].flatMap(flatChildren)
  return [children]
}
