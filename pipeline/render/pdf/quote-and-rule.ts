/**
 * Block quotes (indented, italic, an accent rule down the side on every page they cross) and
 * thematic breaks (a short centred rule).
 */
import type { Element } from 'hast'
import { renderFlow } from './blocks.ts'
import { indentFromStart, isRtl, type PdfContext } from './context.ts'
import type { BlockStyle } from './template.ts'

/** Draw a `<blockquote>`. */
export function renderQuote(ctx: PdfContext, node: Element, style: BlockStyle): void {
  const { flow, template, palette, doc, tagger } = ctx
  const { indent, ruleWidth, ruleGap } = template.quote
  flow.space(style.spaceAfter > 0 ? 2 : 0)
  // Narrowed as the column allows (deep nesting stops indenting); the bar on the side lines start from.
  const [start, end] = flow.fit(indent, indent / 2)
  const x = isRtl(ctx) ? flow.left + flow.width - start + ruleGap - ruleWidth : flow.left + start - ruleGap
  let from = flow.y
  const drawRule = (to: number) => {
    if (to - from > 1) tagger.artifact(() => doc.rect(x, from + 2, ruleWidth, to - from - 4).fill(palette.accent))
  }
  tagger.wrap('BlockQuote', () =>
    flow.onBreak(
      (bottom) => {
        drawRule(bottom)
        from = flow.top
      },
      () =>
        indentFromStart(ctx, start, end, () =>
          renderFlow(ctx, node.children, {
            ...template.quote.style,
            size: style.size === template.text.body.size ? template.quote.style.size : style.size,
          }),
        ),
    ),
  )
  drawRule(flow.y - template.quote.style.spaceAfter)
  flow.y += style.spaceAfter
}

/** Draw an `<hr>` as a short centred hairline, decoration only. */
export function renderRule(ctx: PdfContext): void {
  const { flow, template, palette, doc, tagger } = ctx
  const { width, spaceBefore, spaceAfter, length } = template.rule
  flow.space(spaceBefore)
  flow.ensure(spaceAfter + 20)
  const lineLength = flow.width * length
  const x = flow.left + (flow.width - lineLength) / 2
  tagger.artifact(() =>
    doc
      .moveTo(x, flow.y)
      .lineTo(x + lineLength, flow.y)
      .lineWidth(width)
      .stroke(palette.rule),
  )
  flow.y += spaceAfter
}
