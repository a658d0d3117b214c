/**
 * Footnotes as notes at the end: a short rule, the template's "Notes" heading, then the notes as
 * a numbered list in small type. Each note is a named destination for its reference; the back
 * arrow links of the web page are left out (the number in the text already links both ways).
 */
import type { Element, ElementContent } from 'hast'
import { isRtl, type PdfContext } from './context.ts'
import { drawHeading } from './headings.ts'
import { runStyle } from './inline-runs.ts'
import { renderList } from './lists.ts'

/** Draw `<section data-footnotes>`. */
export function renderFootnotes(ctx: PdfContext, section: Element): void {
  const { doc, flow, palette, tagger, template } = ctx
  const { heading, style, ruleLength } = template.notes
  const list = section.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol')
  if (!list) return
  flow.space(heading.spaceBefore)
  flow.ensure(heading.leading + style.leading * 3)
  const from = isRtl(ctx) ? flow.left + flow.width : flow.left
  const to = isRtl(ctx) ? from - flow.width * ruleLength : from + flow.width * ruleLength
  tagger.artifact(() => doc.moveTo(from, flow.y).lineTo(to, flow.y).lineWidth(template.rule.width).stroke(palette.rule))
  flow.y += 6
  drawHeading(
    ctx,
    2,
    { ...heading, spaceBefore: 0 },
    [{ kind: 'text', text: template.labels.notes(ctx.words), style: runStyle(ctx, heading) }],
    template.labels.notes(ctx.words),
  )
  // Each note's id becomes the anchor of its first run, so references jump to the note itself.
  const notes = {
    ...list,
    children: list.children.map((item) =>
      item.type === 'element' ? anchored(withoutBackReferences(item) as Element) : item,
    ),
  }
  renderList(ctx, notes, { ...style, spaceBefore: 0, spaceAfter: 0 })
}

function withoutBackReferences(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node
  const children = node.children
    .filter((child) => !(child.type === 'element' && child.properties.dataFootnoteBackref !== undefined))
    .map(withoutBackReferences)
  // Drop the space that separated the text from the removed arrow.
  const last = children[children.length - 1]
  if (last?.type === 'text') children[children.length - 1] = { ...last, value: last.value.trimEnd() }
  return { ...node, children }
}

function anchored(item: Element): Element {
  const id = typeof item.properties.id === 'string' ? item.properties.id : undefined
  if (!id) return item
  const wrap = (children: ElementContent[]): ElementContent[] => {
    const index = children.findIndex(
      (child) => child.type === 'element' || (child.type === 'text' && child.value.trim()),
    )
    if (index < 0) return children
    const first = children[index]!
    const replaced: ElementContent =
      first.type === 'element' && first.tagName === 'p'
        ? { ...first, children: wrap(first.children) }
        : { type: 'element', tagName: 'span', properties: { id }, children: [first] }
    return [...children.slice(0, index), replaced, ...children.slice(index + 1)]
  }
  return { ...item, properties: { ...item.properties, id: undefined }, children: wrap(item.children) }
}
