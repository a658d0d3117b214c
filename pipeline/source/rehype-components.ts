/**
 * Components from MDX and JSX-flavoured Markdown (`galley-*` elements, see remark-mdx-nodes.ts)
 * as HTML every format can show: react.dev's `<Note>`, `<Pitfall>`, `<DeepDive>`, `<YouWillLearn>`
 * and `<Recap>` as callouts, `<Solution>` and `<Hint>` folded, `<TerminalBlock>` as code, a
 * component with a `src` (an illustration, `<FigCaption src>`) as a figure with its content as
 * the caption. Known wrappers (`<Intro>`, `<Sandpack>`, `<Challenges>`…) give way to their
 * content quietly; any other component does too, and rehype-report-unknown-elements names it.
 */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { toText } from 'hast-util-to-text'
import { visit } from 'unist-util-visit'
import { calloutKind } from './callout.ts'

/** Components shown as callouts: the kind and the title shown. */
const CALLOUTS: Record<string, [kind: string, title: string]> = {
  note: ['note', 'Note'],
  info: ['note', 'Info'],
  tip: ['tip', 'Tip'],
  pitfall: ['warning', 'Pitfall'],
  warning: ['warning', 'Warning'],
  caution: ['caution', 'Caution'],
  danger: ['caution', 'Danger'],
  important: ['important', 'Important'],
  deepdive: ['important', 'Deep Dive'],
  wip: ['warning', 'Under construction'],
  youwilllearn: ['note', 'You will learn'],
  recap: ['note', 'Recap'],
  callout: ['note', 'Note'],
  admonition: ['note', 'Note'],
  aside: ['note', 'Note'],
}

/** Components folded away, as on the sites that use them. */
const FOLDED: Record<string, string> = { solution: 'Solution', hint: 'Hint', details: 'Details', collapse: 'Details' }

/** Components that only wrap Markdown: their content stands without them, silently. */
const WRAPPERS = new Set([
  'intro',
  'sandpack',
  'challenges',
  'recipes',
  'tabs',
  'tabitem',
  'codegroup',
  'math',
  'mathi',
  'center',
  'figure',
])

export function rehypeComponents() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined || !node.tagName.startsWith('galley-')) return
      const name = node.tagName.slice('galley-'.length).replace(/-/g, '')
      const replacement = replace(name, node)
      if (replacement === undefined) return
      parent.children.splice(index, 1, ...replacement)
      return index
    })
  }
}

function replace(name: string, node: Element): ElementContent[] | undefined {
  const position = node.position ? { position: node.position } : {}
  const title = typeof node.properties.title === 'string' ? node.properties.title : undefined
  const type = typeof node.properties.type === 'string' ? node.properties.type : undefined
  const callout = CALLOUTS[name]
  if (callout) {
    const kind = (type && calloutKind(type)) || callout[0]
    return [
      {
        ...h('aside', { className: ['callout', `callout-${kind}`], role: 'note' }, [
          h('p', { className: ['callout-title'] }, title ?? callout[1]),
          ...node.children,
        ]),
        ...position,
      },
    ]
  }
  if (FOLDED[name])
    return [{ ...h('details', [h('summary', h('strong', title ?? FOLDED[name])), ...node.children]), ...position }]
  if (name === 'terminalblock')
    return [{ ...h('pre', h('code', { className: ['language-sh'] }, toText(node).trim())), ...position }]
  if (typeof node.properties.src === 'string') return [figure(node, node.properties.src)]
  if (WRAPPERS.has(name)) return node.children
  return undefined
}

/** `<Illustration src alt>`, `<FigCaption src>…</FigCaption>`: the image, its content as caption. */
function figure(node: Element, src: string): Element {
  const caption = toText(node).replace(/\s+/g, ' ').trim()
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : caption.slice(0, 160)
  const blocks = node.children.some((child) => child.type === 'element' && child.tagName === 'p')
  const figcaption = h('figcaption', blocks ? unwrapParagraphs(node.children) : node.children)
  const captionText = typeof node.properties.caption === 'string' ? node.properties.caption : undefined
  return {
    ...h('figure', [
      h('img', { src, alt }),
      ...(caption ? [figcaption] : captionText ? [h('figcaption', captionText)] : []),
    ]),
    ...(node.position ? { position: node.position } : {}),
  }
}

/** Figure captions hold phrasing content: paragraphs become lines. */
function unwrapParagraphs(children: ElementContent[]): ElementContent[] {
  const result: ElementContent[] = []
  for (const child of children) {
    if (child.type === 'element' && child.tagName === 'p') {
      if (result.length) result.push(h('br'))
      result.push(...child.children)
    } else if (child.type !== 'text' || child.value.trim()) result.push(child)
  }
  return result
}
