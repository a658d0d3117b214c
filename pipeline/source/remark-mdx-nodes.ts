/**
 * MDX without running it. What remark-mdx parsed becomes plain Markdown and elements: JSX elements
 * become elements (a component, `<Note>`, as `galley-note` for rehype-components.ts), expressions
 * that are comments (`{/* more *\/}`) vanish, string literals (`{' '}`) stay as text, every other
 * expression and the `import`/`export` lines are removed with a warning naming them. Read as plain
 * Markdown instead (the file was not valid MDX), raw HTML gets the same component names, and
 * top-level `import … from` lines are removed the same way.
 */
import type { Html, Nodes, Parent, Root, RootContent } from 'mdast'
import type {
  MdxJsxAttribute,
  MdxJsxExpressionAttribute,
  MdxJsxFlowElement,
  MdxJsxTextElement,
} from 'mdast-util-mdx-jsx'
import { find, html } from 'property-information'
import type { VFile } from 'vfile'

/** `FigCaption` → `galley-figcaption`: a custom element name no HTML parser gives a meaning to. */
export const componentTag = (name: string) => `galley-${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`

/** Whether a JSX name is a component (PascalCase or dotted), not an HTML element. */
const isComponent = (name: string) => /^[A-Z]/.test(name) && (/[a-z]/.test(name) || name.includes('.'))

export function remarkMdxNodes() {
  return (tree: Root, file: VFile) => {
    const warned = new Set<string>()
    const warn = (node: Nodes, reason: string) => {
      if (warned.has(reason)) return
      warned.add(reason)
      file.message(reason, { place: node.position?.start, ruleId: 'mdx-removed', source: 'galley:source' })
    }
    walk(tree, (node, parent, index) => {
      switch (node.type) {
        case 'mdxjsEsm':
          warn(node, `Removed the MDX \`${firstLine(node.value)}\`, which Galley cannot run`)
          parent.children.splice(index, 1)
          return index
        case 'mdxFlowExpression':
        case 'mdxTextExpression': {
          const literal = stringLiteral(node.value)
          if (literal !== undefined) {
            parent.children[index] = { type: 'text', value: literal, ...at(node) } as RootContent
            return index + 1
          }
          if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(node.value))
            warn(node, `Removed the MDX expression \`{${firstLine(node.value)}}\`, which Galley cannot evaluate`)
          parent.children.splice(index, 1)
          return index
        }
        case 'mdxJsxFlowElement':
        case 'mdxJsxTextElement':
          if (!node.name) {
            // A fragment `<>…</>` only groups.
            parent.children.splice(index, 1, ...(node.children as RootContent[]))
            return index
          }
          toElement(node)
          return undefined
        case 'html':
          if (parent.type === 'root' || !/^\s*<!--/.test(node.value)) renameComponents(node)
          return undefined
        default:
          return undefined
      }
    })
  }
}

/** Markdown that only looked like MDX: the same component names, and its import lines removed. */
export function remarkLenientMdx() {
  return (tree: Root, file: VFile) => {
    walk(tree, (node) => {
      if (node.type === 'html') renameComponents(node)
      return undefined
    })
    tree.children = tree.children.filter((node) => {
      if (node.type !== 'paragraph') return true
      const text = node.children.map((child) => ('value' in child ? child.value : '')).join('')
      const esm =
        /^(?:import\s[^\n]*\bfrom\s*['"][^'"]+['"];?|import\s*['"][^'"]+['"];?|export\s+(?:const|let|default|function)\b[\s\S]*)$/.test(
          text.trim(),
        )
      if (esm)
        file.message(`Removed the MDX \`${firstLine(text)}\`, which Galley cannot run`, {
          place: node.position?.start,
          ruleId: 'mdx-removed',
          source: 'galley:source',
        })
      return !esm
    })
  }
}

type Visitor = (node: RootContent, parent: Parent, index: number) => number | undefined

/** Visit every node; a visitor that replaces nodes returns the index to continue from. */
function walk(parent: Parent, visitor: Visitor): void {
  let index = 0
  while (index < parent.children.length) {
    const node = parent.children[index] as RootContent
    const next = visitor(node, parent, index)
    if (next !== undefined) {
      index = next
      continue
    }
    if ('children' in node) walk(node as Parent, visitor)
    index++
  }
}

function toElement(node: MdxJsxFlowElement | MdxJsxTextElement): void {
  const name = node.name!
  const properties: Record<string, unknown> = {}
  for (const attribute of node.attributes as Array<MdxJsxAttribute | MdxJsxExpressionAttribute>) {
    if (attribute.type !== 'mdxJsxAttribute') continue
    const value =
      attribute.value === null || attribute.value === undefined
        ? true
        : typeof attribute.value === 'string'
          ? attribute.value
          : stringLiteral(attribute.value.value)
    if (value === undefined) continue
    const property = find(html, attribute.name === 'class' ? 'className' : attribute.name).property
    properties[property] = property === 'className' && typeof value === 'string' ? value.split(/\s+/) : value
  }
  if (isComponent(name)) properties.dataComponent = name
  node.data = { ...node.data, hName: isComponent(name) ? componentTag(name) : name, hProperties: properties } as never
}

/** Rename component tags in raw HTML (`<Note>`, `<Badge … />`) to custom element names. */
function renameComponents(node: Html): void {
  if (!/<\/?[A-Z]/.test(node.value)) return
  node.value = node.value.replace(
    /<(\/?)([A-Z][\w.]*)((?:\s(?:[^<>"']|"[^"]*"|'[^']*')*?)?)(\/?)>/g,
    (tag, slash: string, name: string, attributes: string, selfClosing: string) => {
      if (!isComponent(name)) return tag
      const renamed = componentTag(name)
      const named = slash ? '' : ` data-component="${name}"`
      return selfClosing
        ? `<${renamed}${named}${attributes}></${renamed}>`
        : `<${slash}${renamed}${slash ? '' : named}${attributes}>`
    },
  )
}

/** The value of a JavaScript string literal, or undefined for any other expression. */
function stringLiteral(source: string): string | undefined {
  const match = /^\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$\\]*)`)\s*$/.exec(source)
  if (!match) return undefined
  return (match[1] ?? match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1')
}

const firstLine = (text: string) => {
  const line = text.trim().split('\n')[0]!.trim()
  return line.length > 60 ? `${line.slice(0, 59)}…` : line
}

const at = (node: Nodes) => (node.position ? { position: node.position } : {})
