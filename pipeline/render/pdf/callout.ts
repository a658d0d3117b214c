/**
 * Callouts (`<aside class="callout">`, folded `<details class="callout">`): a framed box with a bar
 * in the kind's colour down its side, redrawn on every page the box crosses, the title in bold in
 * that colour (it names the kind in words), tagged as a `Div` holding the title and the content.
 */
import type { Element } from 'hast'
import { renderFlow } from './blocks.ts'
import type { PdfContext } from './context.ts'
import { collectRuns, runStyle } from './inline-runs.ts'
import { renderRuns } from './paragraph.ts'
import type { BlockStyle } from './template.ts'

type Kind = keyof PdfContext['template']['callout']['colors']

/** Whether an element is a callout Galley built. */
export function isCallout(node: Element): boolean {
  const classes = node.properties.className
  return Array.isArray(classes) && classes.includes('callout')
}

/** Draw an `<aside>` or `<details>` callout. */
export function renderCallout(ctx: PdfContext, node: Element, style: BlockStyle): void {
  const { doc, flow, tagger, template } = ctx
  const { padding, barWidth, frameWidth, colors, title: titleStyle, spaceBefore, spaceAfter } = template.callout
  const classes = (node.properties.className as string[]).map(String)
  const kind = (classes.find((name) => name.startsWith('callout-'))?.slice(8) ?? 'note') as Kind
  const color = colors[kind] ?? colors.note
  const isTitle = (child: Element['children'][number]): child is Element =>
    child.type === 'element' &&
    (child.tagName === 'summary' ||
      (Array.isArray(child.properties.className) && child.properties.className.includes('callout-title')))
  const title = node.children.find(isTitle)
  const content = node.children.filter((child) => child !== title)

  flow.space(spaceBefore)
  flow.ensure(titleStyle.leading + style.leading * 2 + padding * 2)
  const left = flow.left
  const width = flow.width
  let start = flow.y
  const drawBox = (end: number) => {
    if (end - start < 1) return
    tagger.artifact(() => {
      doc
        .rect(left, start, width, end - start)
        .lineWidth(frameWidth)
        .stroke(color)
      doc.rect(left, start, barWidth, end - start).fill(color)
    })
  }
  tagger.wrap('Div', () =>
    flow.onBreak(
      (bottom) => {
        drawBox(Math.min(bottom + padding / 2, flow.bottom))
        start = flow.top
      },
      () =>
        flow.indent(barWidth + padding, padding, () => {
          flow.y += padding
          if (title) {
            const runs = collectRuns(ctx, title.children, { ...runStyle(ctx, titleStyle), color, bold: true })
            renderRuns(ctx, runs, { style: titleStyle, structType: 'P', hyphenate: false, align: 'left' })
          }
          renderFlow(ctx, content, style)
        }),
    ),
  )
  // The last block's space below gives way to the box's own padding.
  flow.y = Math.max(flow.y - style.spaceAfter + padding, start + padding)
  drawBox(flow.y)
  flow.y += spaceAfter
}
