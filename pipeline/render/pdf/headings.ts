/**
 * Headings: tagged H1–H6, a named destination for their id, an outline entry nested by rank, and
 * kept with the start of what follows (never alone at the foot of a page).
 */
import type { Element } from 'hast'
import { headingRank } from 'hast-util-heading-rank'
import { toText } from 'hast-util-to-text'
import { startHeight } from './blocks.ts'
import { destinationName, type PdfContext } from './context.ts'
import { collectRuns, runStyle } from './inline-runs.ts'
import { baseDirection } from './bidi.ts'
import { layoutRuns, placeLines } from './paragraph.ts'
import type { BlockStyle } from './template.ts'

/** Draw an `<h1>`…`<h6>` of the body. */
export function renderHeading(ctx: PdfContext, node: Element, _style: BlockStyle, next?: Element): void {
  const rank = (headingRank(node) ?? 2) as 1 | 2 | 3 | 4 | 5 | 6
  const style = ctx.template.headings[rank]
  const id = typeof node.properties.id === 'string' ? node.properties.id : undefined
  drawHeading(
    ctx,
    rank,
    style,
    collectRuns(ctx, node.children, runStyle(ctx, style)),
    toText(node).trim(),
    id,
    startHeight(ctx, next),
  )
}

/** Draw a heading of `rank` from prepared runs; `title` names its outline entry; `keep` is the room the next block's start needs. */
export function drawHeading(
  ctx: PdfContext,
  rank: number,
  style: BlockStyle,
  runs: ReturnType<typeof collectRuns>,
  title: string,
  id?: string,
  keep = ctx.template.text.body.leading * ctx.template.text.minLinesAtBreak,
): void {
  const { flow } = ctx
  const text = runs.map((run) => run.text).join('')
  const dir = baseDirection(text, ctx.metadata.dir)
  const lines = layoutRuns(ctx, runs, { style, hyphenate: false, dir })
  flow.space(style.spaceBefore)
  // Keep with next: the heading and the first lines of the next block start on the same page.
  flow.ensure(lines.length * style.leading + style.spaceAfter + keep)
  if (id) ctx.doc.addNamedDestination(destinationName(ctx, id), 'XYZ', flow.left, flow.y, null)
  const rtl = dir === 'rtl'
  addOutlineEntry(ctx, rank, title)
  ctx.tagger.wrap(`H${Math.min(rank, 6)}`, () => placeLines(ctx, lines, style, rtl ? 'right' : 'left', undefined, rtl))
  flow.y += style.spaceAfter
}

/** An outline (bookmark) entry at the cursor, nested under the nearest entry of a higher rank. */
export function addOutlineEntry(ctx: PdfContext, rank: number, title: string): void {
  while (ctx.outline.length && ctx.outline[ctx.outline.length - 1]!.rank >= rank) ctx.outline.pop()
  const parent = ctx.outline[ctx.outline.length - 1]?.item ?? ctx.doc.outline
  const item = parent.addItem(title, { expanded: true })
  // pdfkit points entries at the whole page; point at the heading instead (XYZ left top zoom).
  const data = (item as unknown as { outlineData: { Dest: unknown[] } }).outlineData
  data.Dest = [ctx.doc.page.dictionary, 'XYZ', null, ctx.doc.page.height - ctx.flow.y + 4, null]
  ctx.outline.push({ rank, item })
}
