/**
 * Ordered, unordered, nested and task lists: tagged L › LI › Lbl + LBody, the label hung in the
 * indent at the first line's baseline, bullets changing with depth, task boxes drawn.
 */
import type { Element, ElementContent } from 'hast'
import { renderFlow } from './blocks.ts'
import { indentFromStart, isRtl, type PdfContext } from './context.ts'
import { drawPlainText, plainWidth } from './plain-text.ts'
import { baselineOffset } from './paragraph.ts'
import type { BlockStyle } from './template.ts'

let depth = 0

/** Draw a `<ul>` or `<ol>`. */
export function renderList(ctx: PdfContext, node: Element, style: BlockStyle): void {
  const { flow, template } = ctx
  const { indent, itemSpace } = template.list
  const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li')
  const ordered = node.tagName === 'ol'
  const start = Number.isSafeInteger(node.properties.start) ? (node.properties.start as number) : 1
  const itemStyle: BlockStyle = { ...style, spaceBefore: 0, spaceAfter: itemSpace }
  const labelWidth = ordered
    ? Math.max(indent, plainWidth(ctx, `${start + items.length - 1}.`, style) + template.list.labelGap)
    : indent
  if (depth === 0) flow.space(style.spaceBefore)
  depth++
  try {
    ctx.tagger.wrap('L', () => {
      items.forEach((item, index) => {
        const label = ordered ? `${start + index}.` : template.list.bullets[(depth - 1) % template.list.bullets.length]!
        renderItem(ctx, item, itemStyle, label, labelWidth)
      })
    })
  } finally {
    depth--
  }
  if (depth === 0) flow.y += style.spaceAfter - itemSpace
}

function renderItem(ctx: PdfContext, item: Element, style: BlockStyle, label: string, labelWidth: number): void {
  const { flow, tagger, template } = ctx
  const rtl = isRtl(ctx)
  const checkbox = findCheckbox(item.children)
  // Room for the label and the lines kept with it, so a label never stands alone.
  flow.ensure(style.leading * (template.text.minLinesAtBreak + 1))
  const baseline = flow.y + baselineOffset(style)
  // The label hangs in the indent the body really gets (less than asked when nested very deep).
  const [indent] = flow.fit(labelWidth, 0)
  tagger.wrap('LI', () => {
    if (checkbox) {
      const done = checkbox.properties.checked === true
      const box = style.size * 0.78
      const x = rtl ? flow.left + flow.width - indent + style.size * 1.25 - box : flow.left + indent - style.size * 1.25
      tagger.wrap('Lbl', () => drawTaskBox(ctx, x, baseline, box, done), {
        alt: done ? template.labels.taskDone : template.labels.taskOpen,
      })
    } else {
      tagger.wrap('Lbl', () => {
        tagger.content()
        // The label ends a gap before the text, on the side lines start from.
        const muted = { ...style, color: 'muted' as const }
        if (rtl) drawPlainText(ctx, label, flow.left + flow.width - indent + template.list.labelGap, baseline, muted)
        else
          drawPlainText(ctx, label, flow.left + indent - template.list.labelGap, baseline, muted, Infinity, {
            anchor: 'right',
          })
      })
    }
    tagger.wrap('LBody', () => indentFromStart(ctx, indent, 0, () => renderFlow(ctx, item.children, style)))
  })
}

function findCheckbox(children: ElementContent[]): Element | undefined {
  for (const child of children) {
    if (child.type !== 'element') continue
    if (child.tagName === 'input' && child.properties.type === 'checkbox') return child
    if (child.tagName === 'p') return findCheckbox(child.children)
  }
  return undefined
}

/** A rounded box, ticked when done: vector graphics, so no font needs a ballot-box glyph. */
function drawTaskBox(ctx: PdfContext, x: number, baseline: number, size: number, done: boolean): void {
  const { doc, palette, tagger } = ctx
  const top = baseline - size * 0.92
  tagger.artifact(() => {
    doc
      .roundedRect(x, top, size, size, size * 0.18)
      .lineWidth(0.8)
      .stroke(done ? palette.accent : palette.muted)
    if (done) {
      doc.lineWidth(1.2).lineCap('round').lineJoin('round')
      doc
        .moveTo(x + size * 0.22, top + size * 0.52)
        .lineTo(x + size * 0.43, top + size * 0.74)
        .lineTo(x + size * 0.8, top + size * 0.24)
        .stroke(palette.accent)
      doc.lineCap('butt').lineJoin('miter')
    }
  })
}
