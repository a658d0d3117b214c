/**
 * Math (`$…$`, `$$…$$`, fenced `math` code) as MathML in the shared tree: remark-math and
 * remark-rehype leave `<code class="language-math">` (in a `<pre>` for display math); MathJax
 * turns its TeX into a `<math>` element, with the TeX kept as `alttext` for readers and for the
 * PDF, which draws the formula from it. TeX that MathJax cannot read stays code, with a warning.
 */
import type { Element, Root, Text } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { mathjax } from '../math/mathjax.ts'

interface Found {
  node: Element
  parent: Element | Root
  index: number
  display: boolean
}

export function rehypeMathml() {
  return async (tree: Root, file: VFile) => {
    splitDelimitedMath(tree)
    const found: Found[] = []
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined || !isMathCode(node)) return
      const display = parent.type === 'element' && parent.tagName === 'pre' && parent.children.length === 1
      found.push(
        display
          ? { node, ...placeOf(tree, parent as Element), display }
          : { node, parent: parent as Element, index, display },
      )
    })
    if (!found.length) return
    const engine = await mathjax()
    for (const { node, parent, index, display } of found) {
      const tex = toString(node).trim()
      const result = engine.mathml(tex, display)
      if (!result.ok) {
        file.message(`Expected TeX math MathJax can read, found \`${tex}\` (${result.error}); it is shown as code`, {
          place: node.position?.start,
          ruleId: 'math-error',
          source: 'galley:source',
        })
        continue
      }
      const math = mathElement(result.value, tex, display, node)
      parent.children[index] = display
        ? {
            type: 'element',
            tagName: 'div',
            properties: { className: ['math-display'] },
            children: [math],
            ...at(node),
          }
        : math
    }
  }
}

/**
 * KaTeX and MathJax auto-render delimiters, `\(…\)` and `\[…\]`, where they reach the text:
 * in raw HTML, or written `\\(` in Markdown as Zola and Hugo sites do. Each becomes an inline
 * formula (`\[…\]` in display style) for the step below.
 */
function splitDelimitedMath(tree: Root): void {
  visit(tree, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !/\\[([]/.test(node.value)) return
    if (parent.type === 'element' && ['code', 'pre', 'script', 'style', 'kbd', 'samp'].includes(parent.tagName)) return
    const pieces: Array<Element | Text> = []
    let last = 0
    for (const match of node.value.matchAll(/\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g)) {
      if (match.index > last) pieces.push({ type: 'text', value: node.value.slice(last, match.index) })
      const tex = match[1] ?? `\\displaystyle ${match[2]}`
      pieces.push({
        type: 'element',
        tagName: 'code',
        properties: { className: ['language-math'] },
        children: [{ type: 'text', value: tex.trim() }],
        ...(node.position ? { position: node.position } : {}),
      })
      last = match.index + match[0].length
    }
    if (!pieces.length) return
    if (last < node.value.length) pieces.push({ type: 'text', value: node.value.slice(last) })
    parent.children.splice(index, 1, ...pieces)
    return index + pieces.length
  })
}

function isMathCode(node: Element): boolean {
  const classes = node.properties.className
  return node.tagName === 'code' && Array.isArray(classes) && classes.includes('language-math')
}

/** The `<pre>` of a display formula, found in its parent so it can be replaced whole. */
function placeOf(tree: Root, pre: Element): { parent: Element | Root; index: number } {
  let place: { parent: Element | Root; index: number } = { parent: tree, index: -1 }
  visit(tree, 'element', (node, index, parent) => {
    if (node === pre && parent && index !== undefined) place = { parent: parent as Element, index }
  })
  return place
}

function mathElement(mathml: string, tex: string, display: boolean, source: Element): Element {
  const fragment = fromHtml(mathml, { fragment: true })
  const math = fragment.children.find((child): child is Element => child.type === 'element')!
  visit(math, 'element', (node) => {
    // MathJax's own bookkeeping (data-mjx-texclass…) means nothing to a reader or a validator.
    for (const name of Object.keys(node.properties)) if (/^data/.test(name)) delete node.properties[name]
    delete node.position
    // The serialiser's indentation between elements; token elements keep their text as it is.
    if (!TOKENS.has(node.tagName))
      node.children = node.children.filter((child) => child.type !== 'text' || child.value.trim())
  })
  visit(math, 'text', (node) => {
    delete node.position
  })
  math.properties = { ...math.properties, display: display ? 'block' : 'inline', alttext: tex }
  return { ...math, ...at(source) }
}

const TOKENS = new Set(['mi', 'mn', 'mo', 'mtext', 'ms', 'annotation'])

const at = (node: Element) => (node.position ? { position: node.position } : {})
