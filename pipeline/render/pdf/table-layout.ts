/**
 * Table layout: the width of every column (auto layout: natural widths when they fit, else shrink
 * towards each column's longest word; a spanning cell widens the columns it covers), each cell's
 * lines, the height of every row (a spanning cell deepens the last row it covers), and the groups
 * of rows a page break must not split (rows joined by a `rowspan`). Every size is finite: no
 * columns is a width of 0.
 */
import { toAtoms, type Atom } from './atoms.ts'
import { cellRuns } from './cell-runs.ts'
import type { PdfContext } from './context.ts'
import type { Alignment } from './draw-line.ts'
import { runStyle, type Run } from './inline-runs.ts'
import { contentWidth, type Line } from './line-breaker.ts'
import { layoutRuns } from './paragraph.ts'
import type { GridCell, TableGrid } from './table-model.ts'
import { TEMPLATE_DEFAULTS, type BlockStyle, type TextStyle } from './template.ts'

/** A cell with its content collected and laid out. */
export interface LaidCell extends GridCell {
  align: Alignment
  style: TextStyle
  /** Collected once: collecting reports the cell's problems (a broken link, an inline image). */
  runs: Run[]
  lines: Line[]
}

/** Everything needed to draw a table. */
export interface TableLayout {
  grid: TableGrid
  /** The cells starting in each row. */
  cells: LaidCell[][]
  widths: number[]
  heights: number[]
  /** First and last row of each run of rows that `rowspan` ties together, in order. */
  groups: Array<[number, number]>
  /** The cells that span more than one row. */
  spanning: LaidCell[]
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

/**
 * Lay out `grid` in `available` points, with no group of rows taller than `maxGroupHeight` (its
 * row spans are given up when one is). Undefined when the columns cannot be made wide enough to read.
 */
export function layoutTable(
  ctx: PdfContext,
  grid: TableGrid,
  available: number,
  maxGroupHeight: number,
): TableLayout | undefined {
  const cells = grid.rows.map((row) => row.map((cell) => toLaidCell(ctx, cell)))
  const widths = columnWidths(ctx, cells.flat(), grid.columns, available)
  if (!widths) return undefined
  const padding = 2 * ctx.template.table.cellPadding
  for (const cell of cells.flat()) {
    const width = sum(widths.slice(cell.column, cell.column + cell.colSpan)) - padding
    cell.lines = layoutRuns(
      ctx,
      cell.runs,
      { style: { ...cell.style, spaceBefore: 0, spaceAfter: 0 } as BlockStyle, hyphenate: false },
      Math.max(0, width),
    )
  }
  let heights = rowHeights(ctx, cells, grid.rows.length)
  let groups = rowGroups(cells)
  const tooTall = groups.filter(([first, last]) => first < last && sum(heights.slice(first, last + 1)) > maxGroupHeight)
  if (tooTall.length) {
    for (const [first, last] of tooTall)
      for (const row of cells.slice(first, last + 1)) for (const cell of row) cell.rowSpan = 1
    heights = rowHeights(ctx, cells, grid.rows.length)
    groups = rowGroups(cells)
  }
  const spanning = cells.flat().filter((cell) => cell.rowSpan > 1)
  return { grid, cells, widths, heights, groups, spanning }
}

/** Height a cell's content needs, padding included. */
export function cellHeight(ctx: PdfContext, cell: LaidCell): number {
  return cell.lines.length * cell.style.leading + 2 * ctx.template.table.cellPadding
}

function toLaidCell(ctx: PdfContext, cell: GridCell): LaidCell {
  // Cells start from the side lines start from: the right in a right-to-left article.
  const start = ctx.metadata.dir === 'rtl' ? 'right' : 'left'
  const align = (['left', 'center', 'right'] as const).find((value) => cell.node.properties.align === value) ?? start
  const style = cell.header ? ctx.template.table.headerStyle : ctx.template.table.style
  return { ...cell, align, style, runs: cellRuns(ctx, cell.node.children, runStyle(ctx, style)), lines: [] }
}

/** Column widths filling `available`, or undefined when a column would be crushed below the template's minimum. */
function columnWidths(ctx: PdfContext, cells: LaidCell[], columns: number, available: number): number[] | undefined {
  if (columns === 0) return []
  const natural = new Array<number>(columns).fill(0)
  const minimum = new Array<number>(columns).fill(0)
  const measured = cells.map((cell) => ({ cell, ...cellWidths(ctx, cell) }))
  for (const { cell, natural: width, minimum: least } of measured) {
    if (cell.colSpan > 1) continue
    natural[cell.column] = Math.max(natural[cell.column]!, width)
    minimum[cell.column] = Math.max(minimum[cell.column]!, least)
  }
  // Narrow spans first, so a wide span sees the columns the narrow ones already widened.
  for (const { cell, natural: width, minimum: least } of measured
    .filter((entry) => entry.cell.colSpan > 1)
    .sort((a, b) => a.cell.colSpan - b.cell.colSpan)) {
    widen(natural, cell.column, cell.colSpan, width)
    widen(minimum, cell.column, cell.colSpan, least)
  }
  // A word longer than a fair share of the width is broken inside its cell rather than crushing the other columns.
  const narrowest = ctx.template.table.minColumnWidth ?? TEMPLATE_DEFAULTS.minColumnWidth
  const longestWord = Math.max(narrowest, available / columns)
  for (const [index, width] of minimum.entries()) minimum[index] = Math.min(width, longestWord)
  const totalNatural = sum(natural)
  const totalMinimum = sum(minimum)
  let widths: number[]
  if (totalNatural <= available)
    widths =
      totalNatural > 0
        ? natural.map((width) => width + (available - totalNatural) * (width / totalNatural))
        : natural.map(() => available / columns)
  else if (totalMinimum >= available) widths = minimum.map((width) => (width * available) / totalMinimum)
  else {
    const share = (available - totalMinimum) / (totalNatural - totalMinimum)
    widths = minimum.map((width, index) => width + (natural[index]! - width) * share)
  }
  const crushed = widths.some((width, index) => width < minimum[index]! - 0.01 && width < narrowest)
  return crushed ? undefined : widths
}

/** Make the columns from `first` (`count` of them) at least `need` wide together, in proportion to their widths. */
function widen(widths: number[], first: number, count: number, need: number): void {
  const have = sum(widths.slice(first, first + count))
  if (need <= have) return
  for (let index = first; index < first + count; index++)
    widths[index] = widths[index]! + (have > 0 ? ((need - have) * widths[index]!) / have : (need - have) / count)
}

/** A cell's natural width (its longest line unbroken) and minimum width (its longest word), padding included. */
function cellWidths(ctx: PdfContext, cell: LaidCell): { natural: number; minimum: number } {
  const padding = 2 * ctx.template.table.cellPadding
  const atoms = toAtoms(ctx, cell.runs, { hyphenate: false })
  let natural = 0
  let line: Atom[] = []
  for (const atom of [...atoms, undefined]) {
    if (atom && atom.kind !== 'break') line.push(atom)
    else {
      natural = Math.max(natural, contentWidth(line))
      line = []
    }
  }
  let minimum = 0
  let word = 0
  for (const atom of atoms) {
    const breaks = atom.kind === 'space' || atom.kind === 'break' || atom.kind === 'opportunity'
    word = breaks ? 0 : word + atom.width
    minimum = Math.max(minimum, word)
  }
  return { natural: natural + padding, minimum: minimum + padding }
}

/** Each row's height: its tallest cell; a cell spanning rows deepens the last of them if it needs to. */
function rowHeights(ctx: PdfContext, cells: LaidCell[][], count: number): number[] {
  const heights = new Array<number>(count).fill(0)
  for (const cell of cells.flat())
    if (cell.rowSpan === 1) heights[cell.row] = Math.max(heights[cell.row]!, cellHeight(ctx, cell))
  for (const cell of cells
    .flat()
    .filter((cell) => cell.rowSpan > 1)
    .sort((a, b) => a.rowSpan - b.rowSpan)) {
    const last = cell.row + cell.rowSpan - 1
    const deficit = cellHeight(ctx, cell) - sum(heights.slice(cell.row, last + 1))
    if (deficit > 0) heights[last] = heights[last]! + deficit
  }
  return heights
}

/** Runs of rows that spanning cells tie together. */
function rowGroups(cells: LaidCell[][]): Array<[number, number]> {
  const groups: Array<[number, number]> = []
  let first = 0
  let last = -1
  cells.forEach((row, index) => {
    if (index > last) {
      if (index > 0) groups.push([first, index - 1])
      first = index
    }
    for (const cell of row) last = Math.max(last, index + cell.rowSpan - 1)
    last = Math.max(last, index)
  })
  if (cells.length) groups.push([first, cells.length - 1])
  return groups
}
