/**
 * Tables: columns sized to their content, cells wrapped and aligned as the source says, spans
 * honoured, a tinted header repeated (as decoration) at the top of every page the table crosses, a
 * row taller than a page continued on the next. Tagged Table › THead/TBody › TR › TH/TD. A table
 * whose columns cannot all be made readable is drawn as a list of its rows, with a warning.
 */
import type { Element } from 'hast'
import { renderFlow } from './blocks.ts'
import { warn, type PdfContext } from './context.ts'
import { drawLine, endLine, type LineState } from './draw-line.ts'
import { baselineOffset } from './paragraph.ts'
import { renderTableAsList } from './table-as-list.ts'
import { layoutTable, type LaidCell, type TableLayout } from './table-layout.ts'
import { tableGrid } from './table-model.ts'

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

/** Draw a `<table>`. */
export function renderTable(ctx: PdfContext, node: Element): void {
  const { flow, template, tagger } = ctx
  const grid = tableGrid(node)
  // A table with no cells and no text takes no room at all.
  if (!grid.rows.length && !grid.loose.length) return
  const page = flow.bottom - flow.top
  const layout = layoutTable(ctx, grid, flow.width, page / 2)
  if (!layout) {
    warn(
      ctx,
      node,
      `Expected a table whose ${grid.columns} columns fit the page, found words too wide to fit: its rows are drawn as a list`,
      'pdf-table-too-wide',
    )
    renderTableAsList(ctx, grid)
    return
  }
  const { heights } = layout
  const head = layout.grid.headRows
  const headHeight = sum(heights.slice(0, head))
  // A header repeats only if it is short and no span joins it to the body.
  const repeat =
    head > 0 && head < heights.length && headHeight <= page / 3 && layout.groups.some(([first]) => first === head)
  flow.space(template.table.style.spaceBefore)
  tagger.wrap('Table', () => {
    if (grid.loose.length)
      tagger.wrap('Caption', () => renderFlow(ctx, grid.loose, { ...template.figure.caption, spaceAfter: 4 }))
    if (repeat) {
      // The header and the first rows together (the first lines of rows too tall for any page).
      const [, lastBody] = layout.groups.find(([group]) => group === head)!
      const first = sum(heights.slice(head, lastBody + 1))
      flow.ensure(headHeight + (headHeight + first <= page ? first : someLines(ctx)))
    }
    if (head) tagger.wrap('THead', () => drawRows(ctx, layout, 0, head))
    if (head < heights.length)
      tagger.wrap('TBody', () =>
        drawRows(ctx, layout, head, heights.length, repeat ? () => drawHeader(ctx, layout) : undefined),
      )
  })
  flow.y += template.table.style.spaceAfter
}

/** The header rows again, as decoration, at the top of a page the table continues on. */
function drawHeader(ctx: PdfContext, layout: TableLayout): void {
  ctx.tagger.artifact(() => {
    for (let row = 0; row < layout.grid.headRows; row++) drawRow(ctx, layout, row, true)
  })
}

/** Draw rows `from`…`to` (excluded), a group of rows at a time, breaking pages between groups. */
function drawRows(ctx: PdfContext, layout: TableLayout, from: number, to: number, onNewPage?: () => void): void {
  const { flow } = ctx
  const newPage = () => {
    flow.newPage()
    onNewPage?.()
  }
  for (const [first, last] of layout.groups) {
    if (first < from || last >= to) continue
    const height = sum(layout.heights.slice(first, last + 1))
    if (flow.y + height > flow.bottom + 0.01 && !flow.atTop) {
      // A group that fits a fresh page goes there; a taller one starts here if a few lines fit.
      const roomOnFresh = flow.bottom - flow.top - (onNewPage ? headerHeight(layout) : 0)
      if (height <= roomOnFresh || flow.room < someLines(ctx)) newPage()
    }
    if (flow.y + height <= flow.bottom + 0.01 || first < last) {
      for (let row = first; row <= last; row++) {
        // A row that only spanning cells cross has no cells of its own to tag.
        if (layout.cells[row]!.length) ctx.tagger.wrap('TR', () => drawRow(ctx, layout, row, false))
        else drawRow(ctx, layout, row, false)
      }
    } else ctx.tagger.wrap('TR', () => drawSlicedRow(ctx, layout, first, newPage))
  }
}

/** Room for a row of two lines: less is not worth starting a long row in. */
function someLines(ctx: PdfContext): number {
  return 2 * ctx.template.table.style.leading + 2 * ctx.template.table.cellPadding
}

function headerHeight(layout: TableLayout): number {
  return sum(layout.heights.slice(0, layout.grid.headRows))
}

/**
 * Draw the cells that start in `row` at the cursor, with their rules, and move the cursor below
 * the row. `decoration` draws everything as an artifact (a repeated header).
 */
function drawRow(ctx: PdfContext, layout: TableLayout, row: number, decoration: boolean): void {
  const { flow, tagger } = ctx
  const top = flow.y
  decorate(ctx, layout, row, top, layout.heights[row]!, decoration, true)
  for (const cell of layout.cells[row]!) {
    const draw = () => drawCellLines(ctx, layout, cell, top, 0, cell.lines.length)
    if (decoration) draw()
    else tagger.wrap(cell.header ? 'TH' : 'TD', draw, cellOptions(layout, cell))
  }
  flow.y = top + layout.heights[row]!
}

/** A row taller than the page: as many lines of each cell as fit, then the rest on the next page. */
function drawSlicedRow(ctx: PdfContext, layout: TableLayout, row: number, newPage: () => void): void {
  const { flow, tagger, template } = ctx
  const padding = template.table.cellPadding
  const cells = layout.cells[row]!
  const elements = cells.map((cell) => tagger.create(cell.header ? 'TH' : 'TD', cellOptions(layout, cell)))
  const done = cells.map(() => 0)
  for (;;) {
    const top = flow.y
    const counts = cells.map((cell, index) => {
      const fit = Math.floor((flow.bottom - top - 2 * padding + 0.01) / cell.style.leading)
      // At least one line each time, so the row always advances.
      return Math.min(cell.lines.length - done[index]!, Math.max(1, fit))
    })
    const height =
      counts.reduce((tallest, count, index) => Math.max(tallest, count * cells[index]!.style.leading), 0) + 2 * padding
    const finished = counts.every((count, index) => done[index]! + count >= cells[index]!.lines.length)
    decorate(ctx, layout, row, top, height, false, finished)
    for (const [index, cell] of cells.entries())
      tagger.within(elements[index]!, () => drawCellLines(ctx, layout, cell, top, done[index]!, counts[index]!))
    counts.forEach((count, index) => {
      done[index] = done[index]! + count
    })
    flow.y = top + height
    if (finished) return
    newPage()
  }
}

function cellOptions(layout: TableLayout, cell: LaidCell) {
  return {
    ...(cell.header ? { scope: cell.row < layout.grid.headRows ? ('Column' as const) : ('Row' as const) } : {}),
    rowSpan: cell.rowSpan,
    colSpan: cell.colSpan,
  }
}

/** Lines `from`…`from + count` of a cell, the first at the top of the cell box at `top`. */
function drawCellLines(
  ctx: PdfContext,
  layout: TableLayout,
  cell: LaidCell,
  top: number,
  from: number,
  count: number,
): void {
  const padding = ctx.template.table.cellPadding
  const x = columnStart(ctx, layout, cell.column, cell.colSpan)
  const width = sum(layout.widths.slice(cell.column, cell.column + cell.colSpan)) - 2 * padding
  const state: LineState = {}
  cell.lines.slice(from, from + count).forEach((line, n) => {
    const baseline = top + padding + n * cell.style.leading + baselineOffset(cell.style)
    drawLine(ctx, line, x + padding, baseline, Math.max(0, width), cell.align, state)
  })
  endLine(ctx, state)
}

/**
 * A header row's tint, and the rule under every slot of the row that no cell continues below;
 * the rule under the header is heavier. `ruled` false leaves the rules off (a row that continues).
 */
function decorate(
  ctx: PdfContext,
  layout: TableLayout,
  row: number,
  top: number,
  height: number,
  asArtifact: boolean,
  ruled: boolean,
): void {
  const { doc, flow, palette, tagger, template } = ctx
  const width = sum(layout.widths)
  const head = row < layout.grid.headRows
  const draw = () => {
    const rtl = ctx.metadata.dir === 'rtl'
    const tableLeft = rtl ? flow.left + flow.width - width : flow.left
    if (head) doc.rect(tableLeft, top, width, height).fill(palette.tableHeader)
    if (!ruled) return
    const lastHead = row === layout.grid.headRows - 1
    const continuing = layout.spanning.filter((cell) => cell.row <= row && cell.row + cell.rowSpan - 1 > row)
    const open = (column: number) =>
      !continuing.some((cell) => column >= cell.column && column < cell.column + cell.colSpan)
    doc.lineWidth(lastHead ? template.table.ruleWidth * 2 : template.table.ruleWidth)
    // One stroke per stretch of columns with nothing continuing below.
    let x = tableLeft
    let start: number | undefined
    let stretches = 0
    // Measured from the table's start; a right-to-left table is drawn from the right.
    const mirror = (at: number) => (rtl ? 2 * tableLeft + width - at : at)
    const rule = (end: number) => {
      doc.moveTo(mirror(start!), top + height).lineTo(mirror(end), top + height)
      start = undefined
      stretches++
    }
    layout.widths.forEach((columnWidth, column) => {
      if (open(column)) start ??= x
      else if (start !== undefined) rule(x)
      x += columnWidth
    })
    if (start !== undefined) rule(x)
    if (stretches) doc.stroke(lastHead ? palette.muted : palette.rule)
  }
  if (asArtifact) draw()
  else tagger.artifact(draw)
}

/**
 * Where a cell spanning `span` columns from `column` starts: columns run from the side lines start
 * from, right to left in a right-to-left article.
 */
function columnStart(ctx: PdfContext, layout: TableLayout, column: number, span: number): number {
  const { flow } = ctx
  if (ctx.metadata.dir !== 'rtl') return flow.left + sum(layout.widths.slice(0, column))
  return flow.left + flow.width - sum(layout.widths.slice(0, column + span))
}
