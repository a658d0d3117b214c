/**
 * GFM tables: columns sized to their content within the column, cells wrapped and aligned as the
 * source says, a tinted header row repeated (as decoration) at the top of every page the table
 * crosses. Tagged Table › THead/TBody › TR › TH (scope Column)/TD.
 */
import type { Element } from 'hast'
import type { PdfContext } from './context.ts'
import { drawLine, endLine, type Alignment, type LineState } from './draw-line.ts'
import { collectRuns, runStyle, type Run } from './inline-runs.ts'
import type { Line } from './line-breaker.ts'
import { baselineOffset, layoutRuns } from './paragraph.ts'
import { contentWidth } from './line-breaker.ts'
import { toAtoms } from './atoms.ts'
import type { BlockStyle, TextStyle } from './template.ts'

interface Cell {
  node: Element
  header: boolean
  align: Alignment
  style: TextStyle
  /** Collected once: collecting reports the cell's problems (a broken link, an inline image). */
  runs: Run[]
  /** Laid out once the column widths are known; measured, tested against the page and drawn from. */
  lines: Line[]
}

/** Draw a `<table>`. */
export function renderTable(ctx: PdfContext, node: Element): void {
  const { flow, template, tagger } = ctx
  const { style } = template.table
  const groups = node.children.filter((child): child is Element => child.type === 'element')
  const rowsOf = (group: Element) =>
    group.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'tr')
  const head = groups.filter((group) => group.tagName === 'thead').flatMap(rowsOf)
  const body = groups
    .filter((group) => group.tagName !== 'thead')
    .flatMap((group) => (group.tagName === 'tr' ? [group] : rowsOf(group)))
  const cells = (row: Element) =>
    row.children
      .filter(
        (child): child is Element => child.type === 'element' && (child.tagName === 'td' || child.tagName === 'th'),
      )
      .map((cell) => toCell(ctx, cell))
  const headRows = head.map(cells)
  const bodyRows = body.map(cells)
  const widths = columnWidths(ctx, [...headRows, ...bodyRows], flow.width)
  for (const row of [...headRows, ...bodyRows])
    for (const [index, cell] of row.entries()) cell.lines = cellLines(ctx, cell, widths[index]!)
  flow.space(style.spaceBefore)
  tagger.wrap('Table', () => {
    const drawHeader = () => {
      for (const row of headRows) drawRow(ctx, row, widths, true)
    }
    if (headRows.length) {
      flow.ensure(rowHeight(ctx, headRows[0]!) + rowHeight(ctx, bodyRows[0] ?? headRows[0]!))
      tagger.wrap('THead', () => {
        for (const row of headRows) tagger.wrap('TR', () => drawRow(ctx, row, widths, false))
      })
    }
    tagger.wrap('TBody', () => {
      for (const row of bodyRows) {
        if (flow.y + rowHeight(ctx, row) > flow.bottom && !flow.atTop) {
          flow.newPage()
          if (headRows.length) tagger.artifact(drawHeader)
        }
        tagger.wrap('TR', () => drawRow(ctx, row, widths, false))
      }
    })
  })
  flow.y += style.spaceAfter
}

function toCell(ctx: PdfContext, node: Element): Cell {
  const header = node.tagName === 'th'
  const start = ctx.metadata.dir === 'rtl' ? 'right' : 'left'
  const align = (['left', 'center', 'right'] as const).find((value) => node.properties.align === value) ?? start
  const style = header ? ctx.template.table.headerStyle : ctx.template.table.style
  return { node, header, align, style, runs: collectRuns(ctx, node.children, runStyle(ctx, style)), lines: [] }
}

function cellLines(ctx: PdfContext, cell: Cell, width: number): Line[] {
  return layoutRuns(
    ctx,
    cell.runs,
    { style: { ...cell.style, spaceBefore: 0, spaceAfter: 0 } as BlockStyle, hyphenate: false },
    width - 2 * ctx.template.table.cellPadding,
  )
}

function rowHeight(ctx: PdfContext, row: Cell[]): number {
  return Math.max(...row.map((cell) => cell.lines.length * cell.style.leading)) + 2 * ctx.template.table.cellPadding
}

/** Auto layout: natural widths when they fit, else shrink towards each column's longest word. */
function columnWidths(ctx: PdfContext, rows: Cell[][], available: number): number[] {
  const padding = 2 * ctx.template.table.cellPadding
  const count = Math.max(...rows.map((row) => row.length))
  const natural = new Array<number>(count).fill(padding)
  const minimum = new Array<number>(count).fill(padding)
  for (const row of rows) {
    row.forEach((cell, index) => {
      const atoms = toAtoms(ctx, cell.runs, { hyphenate: false })
      natural[index] = Math.max(natural[index]!, contentWidth(atoms) + padding)
      const words = atoms.map((atom) => (atom.kind === 'space' ? 0 : atom.width))
      let word = 0
      for (const width of [...words, 0]) {
        word = width ? word + width : 0
        minimum[index] = Math.max(minimum[index]!, word + padding)
      }
    })
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
  if (sum(natural) <= available)
    return natural.map((width) => width + (available - sum(natural)) * (width / sum(natural)))
  if (sum(minimum) >= available) return minimum.map((width) => (width * available) / sum(minimum))
  const share = (available - sum(minimum)) / (sum(natural) - sum(minimum))
  return minimum.map((width, index) => width + (natural[index]! - width) * share)
}

function drawRow(ctx: PdfContext, row: Cell[], widths: number[], asArtifact: boolean): void {
  const { doc, flow, palette, tagger, template } = ctx
  const padding = template.table.cellPadding
  const height = rowHeight(ctx, row)
  const top = flow.y
  const header = row.every((cell) => cell.header)
  const decorate = () => {
    if (header) doc.rect(flow.left, top, flow.width, height).fill(palette.tableHeader)
    doc
      .moveTo(flow.left, top + height)
      .lineTo(flow.left + flow.width, top + height)
      .lineWidth(header ? template.table.ruleWidth * 2 : template.table.ruleWidth)
      .stroke(header ? palette.muted : palette.rule)
  }
  if (asArtifact) decorate()
  else tagger.artifact(decorate)
  // Columns run from the side lines start from: right to left in a right-to-left article.
  const rtl = ctx.metadata.dir === 'rtl'
  let x = rtl ? flow.left + flow.width : flow.left
  row.forEach((cell, index) => {
    const width = widths[index]!
    if (rtl) x -= width
    const draw = () => {
      const state: LineState = {}
      cell.lines.forEach((line, n) => {
        drawLine(
          ctx,
          line,
          x + padding,
          top + padding + n * cell.style.leading + baselineOffset(cell.style),
          width - 2 * padding,
          cell.align,
          state,
        )
      })
      endLine(ctx, state)
    }
    if (asArtifact) draw()
    else tagger.wrap(cell.header ? 'TH' : 'TD', draw, cell.header ? { scope: 'Column' } : {})
    if (!rtl) x += width
  })
  flow.y = top + height
}
