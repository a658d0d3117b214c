/**
 * A table too wide for the page, drawn as a numbered list of its rows: each cell on a line of its
 * own, after its column's header in bold. Nothing is lost and every word stays readable; the list
 * is built as hast and drawn by the list handler, so cells keep their blocks, links and messages.
 */
import type { Element, ElementContent } from 'hast'
import { toString } from 'hast-util-to-string'
import { renderFlow } from './blocks.ts'
import type { PdfContext } from './context.ts'
import { renderList } from './lists.ts'
import type { TableGrid } from './table-model.ts'

/** Draw `grid` as a list of rows. */
export function renderTableAsList(ctx: PdfContext, grid: TableGrid): void {
  const style = ctx.template.table.style
  if (grid.loose.length) renderFlow(ctx, grid.loose, { ...ctx.template.figure.caption, spaceAfter: 4 })
  const labels = headerLabels(grid)
  const numbered = grid.rows.map((cells, index) => ({ cells, node: grid.rowNodes[index] }))
  const body = numbered.slice(grid.headRows).filter((row) => row.cells.length)
  // Without body rows, the header rows are the content.
  const rows = body.length ? body : numbered.filter((row) => row.cells.length)
  const items = rows.map((row) =>
    element(
      'li',
      row.cells.map((cell) => {
        const label = body.length ? labels[cell.column] : undefined
        const children = label ? [element('strong', [text(`${label}: `)]), ...cell.node.children] : cell.node.children
        return element('div', children, cell.node)
      }),
      row.node ?? row.cells[0]?.node,
    ),
  )
  renderList(ctx, element('ol', items), style)
}

/** The text of the header cell over each column, from the header rows. */
function headerLabels(grid: TableGrid): Array<string | undefined> {
  const labels: Array<string | undefined> = []
  for (const row of grid.rows.slice(0, grid.headRows))
    for (const cell of row) {
      const label = toString(cell.node).replace(/\s+/g, ' ').trim()
      if (!label) continue
      for (let column = cell.column; column < cell.column + cell.colSpan; column++) labels[column] ??= label
    }
  return labels
}

function element(tagName: string, children: ElementContent[], source?: Element): Element {
  return {
    type: 'element',
    tagName,
    properties: {},
    children,
    ...(source?.position ? { position: source.position } : {}),
  }
}

function text(value: string): ElementContent {
  return { type: 'text', value }
}
