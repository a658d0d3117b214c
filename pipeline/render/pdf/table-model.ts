/**
 * A `<table>` element as a grid, for every shape a sanitised tree can give: row groups in any
 * order, rows without cells, cells outside rows, rows of unequal length, `colspan` and `rowspan`
 * (clamped as HTML clamps them), and text the sanitiser left loose in the table (an unwrapped
 * caption). Follows the table model of HTML §4.9.12, without its error recovery for overlaps: a cell
 * that would cover a slot already taken is moved right, as browsers do.
 * https://html.spec.whatwg.org/multipage/tables.html#forming-a-table
 */
import type { Element, ElementContent } from 'hast'

/** One cell placed in the grid. */
export interface GridCell {
  node: Element
  header: boolean
  row: number
  column: number
  rowSpan: number
  colSpan: number
}

/** A table as rows of placed cells. */
export interface TableGrid {
  /** The cells that start in each row, left to right; a row may have none. */
  rows: GridCell[][]
  /** The `<tr>` of each row, when there is one (cells outside rows form a row of their own). */
  rowNodes: Array<Element | undefined>
  /** Rows at the top that are headers: the `<thead>`, or leading rows of `<th>` only. */
  headRows: number
  columns: number
  /** Content that is not part of any row (a caption's text, left behind by the sanitiser). */
  loose: ElementContent[]
}

// HTML's limits: https://html.spec.whatwg.org/multipage/tables.html#attr-tdth-colspan
const MAX_COLSPAN = 1000
const MAX_ROWSPAN = 65534

interface Group {
  kind: 'head' | 'body' | 'foot'
  rows: Array<{ node: Element | undefined; cells: Element[] }>
}

const ORDER = ['head', 'body', 'foot'] as const

/** Read the grid of `table`. */
export function tableGrid(table: Element): TableGrid {
  const loose: ElementContent[] = []
  const groups = rowGroups(table, loose)
  // The head is drawn first and the foot last, wherever they are in the source.
  const ordered = ORDER.flatMap((kind) => groups.filter((group) => group.kind === kind))
  const rows: GridCell[][] = []
  const rowNodes: Array<Element | undefined> = []
  const taken: boolean[][] = []
  let headRows = 0
  let columns = 0
  for (const group of ordered) {
    const first = rows.length
    const end = first + group.rows.length
    for (const [offset, source] of group.rows.entries()) {
      const row = first + offset
      rowNodes.push(source.node)
      const placed: GridCell[] = []
      let column = 0
      for (const node of source.cells) {
        while (taken[row]?.[column]) column++
        const colSpan = clampSpan(node.properties.colSpan, 1, MAX_COLSPAN)
        const asked = clampSpan(node.properties.rowSpan, 0, MAX_ROWSPAN)
        // rowspan="0" reaches the end of the row group; no span crosses it.
        const rowSpan = Math.min(asked === 0 ? end - row : asked, end - row)
        for (let r = row; r < row + rowSpan; r++) {
          taken[r] ??= []
          for (let c = column; c < column + colSpan; c++) taken[r]![c] = true
        }
        placed.push({ node, header: node.tagName === 'th', row, column, rowSpan, colSpan })
        column += colSpan
        columns = Math.max(columns, column)
      }
      rows.push(placed)
    }
    if (group.kind === 'head') headRows = end
  }
  return dropEmptyRows({ rows, rowNodes, headRows: headRows || leadingHeaderRows(rows), columns, loose }, taken)
}

/** The rows of each row group, in source order; stray cells become rows of their own. */
function rowGroups(table: Element, loose: ElementContent[]): Group[] {
  const groups: Group[] = []
  let bare: Group | undefined
  for (const child of table.children) {
    if (
      child.type === 'element' &&
      (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot')
    ) {
      bare = undefined
      const kind = child.tagName === 'thead' ? 'head' : child.tagName === 'tfoot' ? 'foot' : 'body'
      groups.push({ kind, rows: rowsOf(child.children, loose) })
    } else if (child.type === 'element' && (child.tagName === 'tr' || isCell(child))) {
      if (!bare) {
        bare = { kind: 'body', rows: [] }
        groups.push(bare)
      }
      bare.rows.push(...rowsOf([child], loose))
    } else keepLoose(child, loose)
  }
  return groups
}

/** Rows of a row group's children: each `<tr>`, and each run of cells outside a `<tr>`. */
function rowsOf(children: readonly ElementContent[], loose: ElementContent[]): Group['rows'] {
  const rows: Group['rows'] = []
  let stray: Element[] | undefined
  for (const child of children) {
    if (child.type === 'element' && child.tagName === 'tr') {
      stray = undefined
      rows.push({ node: child, cells: child.children.filter(isCell) })
      for (const other of child.children) if (!isCell(other)) keepLoose(other, loose)
    } else if (isCell(child)) {
      if (!stray) {
        stray = []
        rows.push({ node: undefined, cells: stray })
      }
      stray.push(child)
    } else keepLoose(child, loose)
  }
  return rows
}

/** Keep content outside the grid unless it is white space or a comment. */
function keepLoose(node: ElementContent, loose: ElementContent[]): void {
  if (node.type === 'element' || (node.type === 'text' && node.value.trim())) loose.push(node)
}

function isCell(node: ElementContent): node is Element {
  return node.type === 'element' && (node.tagName === 'td' || node.tagName === 'th')
}

/** A span attribute as an integer within [min, max]; anything else is 1. */
function clampSpan(value: unknown, min: number, max: number): number {
  const number = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10)
  if (!Number.isFinite(number)) return 1
  return Math.min(max, Math.max(min, Math.trunc(number)))
}

/** Without a `<thead>`, the rows at the top made only of `<th>` are the header. */
function leadingHeaderRows(rows: GridCell[][]): number {
  let count = 0
  while (count < rows.length && rows[count]!.length && rows[count]!.every((cell) => cell.header)) count++
  return count
}

/** Rows that no cell starts in or spans over take no room: leave them out and renumber the rest. */
function dropEmptyRows(grid: TableGrid, taken: boolean[][]): TableGrid {
  const keep = grid.rows.map((_, row) => (taken[row] ?? []).some(Boolean))
  if (keep.every(Boolean)) return grid
  const index: number[] = []
  let next = 0
  for (const kept of keep) index.push(kept ? next++ : -1)
  const rows = grid.rows
    .filter((_, row) => keep[row])
    .map((cells) => cells.map((cell) => ({ ...cell, row: index[cell.row]! })))
  return {
    ...grid,
    rows,
    rowNodes: grid.rowNodes.filter((_, row) => keep[row]),
    headRows: keep.slice(0, grid.headRows).filter(Boolean).length,
  }
}
