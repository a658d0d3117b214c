/**
 * Flow content: each block element goes to the handler of its family; runs of inline content
 * between blocks become paragraphs. An element Galley does not know keeps its text and warns.
 */
import type { Element, ElementContent } from 'hast'
import { isCallout, renderCallout } from './callout.ts'
import { renderCode } from './code.ts'
import { indentFromStart, warn, type PdfContext } from './context.ts'
import { renderFootnotes } from './footnotes.ts'
import { renderHeading } from './headings.ts'
import { figureHeight, isImageParagraph, renderFigure } from './images.ts'
import { renderList } from './lists.ts'
import { isDisplayMath, renderDisplayMath } from './math.ts'
import { renderParagraph } from './paragraph.ts'
import { renderQuote, renderRule } from './quote-and-rule.ts'
import { renderTable } from './tables.ts'
import type { BlockStyle } from './template.ts'

/** Draws one block element in `style` (the body style of the surrounding block). */
export type BlockHandler = (ctx: PdfContext, node: Element, style: BlockStyle, next?: Element) => void

const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'i',
  'img',
  'input',
  'ins',
  'kbd',
  'label',
  'mark',
  'math',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
])

const HANDLERS: Record<string, BlockHandler> = {
  p: (ctx, node, style) =>
    isImageParagraph(node) ? renderFigure(ctx, node) : renderParagraph(ctx, node.children, { style }),
  h1: renderHeading,
  h2: renderHeading,
  h3: renderHeading,
  h4: renderHeading,
  h5: renderHeading,
  h6: renderHeading,
  ul: renderList,
  ol: renderList,
  blockquote: renderQuote,
  hr: renderRule,
  pre: renderCode,
  table: renderTable,
  figure: (ctx, node) => renderFigure(ctx, node),
  section: (ctx, node, style) =>
    node.properties.dataFootnotes !== undefined ? renderFootnotes(ctx, node) : renderFlow(ctx, node.children, style),
  div: (ctx, node, style) =>
    isDisplayMath(node) ? renderDisplayMath(ctx, node) : renderFlow(ctx, node.children, style),
  // Definition lists: the term in bold, its definition indented below.
  dl: (ctx, node, style) => ctx.tagger.wrap('Div', () => renderFlow(ctx, node.children, style)),
  dt: (ctx, node, style) =>
    renderParagraph(ctx, [{ type: 'element', tagName: 'strong', properties: {}, children: node.children }], {
      style: { ...style, spaceAfter: 2 },
    }),
  dd: (ctx, node, style) =>
    indentFromStart(ctx, ctx.template.list.indent, 0, () => renderFlow(ctx, node.children, style)),
  article: (ctx, node, style) => renderFlow(ctx, node.children, style),
  aside: (ctx, node, style) =>
    isCallout(node) ? renderCallout(ctx, node, style) : renderFlow(ctx, node.children, style),
  // A PDF cannot fold: the summary becomes a bold paragraph (a callout's title) and the details follow.
  details: (ctx, node, style) =>
    isCallout(node)
      ? renderCallout(ctx, node, style)
      : renderFlow(
          ctx,
          node.children.map((child) =>
            child.type === 'element' && child.tagName === 'summary' ? summaryParagraph(child) : child,
          ),
          style,
        ),
}

/** The first element after `nodes[index]`: usually the next node or the one after a line break, so no copy of the rest. */
function nextElement(nodes: readonly ElementContent[], index: number): Element | undefined {
  for (let at = index + 1; at < nodes.length; at++) {
    const sibling = nodes[at]!
    if (sibling.type === 'element') return sibling
  }
  return undefined
}

/** Draw a sequence of flow content in `style`. */
export function renderFlow(ctx: PdfContext, nodes: readonly ElementContent[], style: BlockStyle): void {
  let inline: ElementContent[] = []
  const flush = () => {
    if (inline.length) renderParagraph(ctx, inline, { style })
    inline = []
  }
  nodes.forEach((node, index) => {
    if (node.type === 'text' || (node.type === 'element' && INLINE.has(node.tagName))) {
      inline.push(node)
      return
    }
    if (node.type !== 'element') return
    flush()
    const handler = HANDLERS[node.tagName]
    const next = nextElement(nodes, index)
    if (handler) handler(ctx, node, style, next)
    else {
      warn(
        ctx,
        node,
        `Expected an element the PDF supports, found <${node.tagName}>: only its text is shown`,
        'pdf-unsupported-element',
      )
      renderFlow(ctx, node.children, style)
    }
  })
  flush()
}

function summaryParagraph(summary: Element): Element {
  return {
    type: 'element',
    tagName: 'p',
    properties: {},
    children: [{ ...summary, tagName: 'strong' }],
    ...(summary.position ? { position: summary.position } : {}),
  }
}

/** Height the start of `next` needs on the page of the heading before it (keep with next). */
export function startHeight(ctx: PdfContext, next: Element | undefined): number {
  const { template } = ctx
  const lines = template.text.body.leading * template.text.minLinesAtBreak
  if (!next) return 0
  if ((next.tagName === 'p' && isImageParagraph(next)) || next.tagName === 'figure')
    return figureHeight(ctx, next) ?? lines
  if (next.tagName === 'table') return template.table.style.leading * 3 + template.table.cellPadding * 4
  if (next.tagName === 'pre') return template.code.style.leading * 2 + template.code.padding * 2
  return lines
}
