/**
 * The masthead on page one: the outlet as a kicker over an accent rule, the title (H1, the root of
 * the outline), the description as a dek, the byline, and the lead image when the article has one.
 */
import { isRtl, type PdfContext } from './context.ts'
import { drawHeading } from './headings.ts'
import { drawImage } from './images.ts'
import { inlineContent } from '../styled-text.ts'
import { collectRuns, runStyle } from './inline-runs.ts'
import { renderRuns } from './paragraph.ts'
import { drawPlainText } from './plain-text.ts'
import { baselineOffset } from './paragraph.ts'

/** Draw the masthead at the top of the first page. */
export function renderMasthead(ctx: PdfContext): void {
  const { doc, flow, metadata: m, palette, tagger, template } = ctx
  const { kicker, title, dek, byline, ruleWidth } = template.masthead
  tagger.artifact(() => {
    const start = isRtl(ctx) ? flow.left + flow.width : flow.left
    drawPlainText(ctx, template.labels.kicker(m), start, flow.y + baselineOffset(kicker), kicker, flow.width, {
      anchor: isRtl(ctx) ? 'right' : 'left',
    })
    flow.y += kicker.leading + kicker.spaceAfter
    doc.rect(flow.left, flow.y, flow.width, ruleWidth).fill(palette.accent)
    flow.y += ruleWidth
  })
  // Code and emphasis in the title and dek are drawn as in the body; the outline and /Title get the plain text.
  drawHeading(ctx, 1, title, collectRuns(ctx, inlineContent(m.title, m.titleRuns), runStyle(ctx, title)), m.title)
  if (!m.descriptionIsExcerpt)
    renderRuns(ctx, collectRuns(ctx, inlineContent(m.description, m.descriptionRuns), runStyle(ctx, dek)), {
      style: dek,
      align: 'left',
      hyphenate: false,
    })
  const parts = template.labels.byline(m, ctx.words)
  if (parts.length) {
    // Each part a bidi isolate (FSI … PDI): a Latin name beside an Arabic date keeps its own order.
    const text = parts.map((part) => `\u2068${part}\u2069`).join('  ·  ')
    renderRuns(ctx, [{ kind: 'text', text, style: runStyle(ctx, byline) }], {
      style: byline,
      align: 'left',
      hyphenate: false,
      dir: m.dir,
    })
  }
  if (m.image) {
    flow.y += template.figure.spaceBefore
    drawImage(
      ctx,
      undefined,
      m.image.src,
      m.image.alt,
      undefined,
      (flow.bottom - flow.top) * template.masthead.leadImageMaxHeight,
    )
    flow.y -= template.figure.spaceAfter
  }
  flow.y += 10
  tagger.artifact(() =>
    doc
      .moveTo(flow.left, flow.y)
      .lineTo(flow.left + flow.width, flow.y)
      .lineWidth(template.rule.width)
      .stroke(palette.rule),
  )
  flow.y += template.masthead.spaceAfter
}
