/**
 * The content of a table cell as one sequence of runs: a cell is laid out as lines, so block
 * content inside it (paragraphs, lists, headings, code, a nested table) becomes lines of its own,
 * separated by forced breaks. A nested table's rows become lines with their cells side by side.
 */
import type { Element, ElementContent } from 'hast'
import { toText } from 'hast-util-to-text'
import { warn, type PdfContext } from './context.ts'
import { collectRuns, type Run, type RunStyle } from './inline-runs.ts'
import { tableGrid } from './table-model.ts'

// Blocks whose content starts and ends a line; their own handling, if any, is in `blockRuns`.
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'picture',
  'pre',
  'section',
  'summary',
  'table',
  'ul',
])

/** Between the cells of a nested table's row. */
const CELL_SEPARATOR = ' | '

/** The runs of a cell's children in `style`, blocks separated by line breaks. */
export function cellRuns(ctx: PdfContext, nodes: readonly ElementContent[], style: RunStyle): Run[] {
  const runs: Run[] = []
  appendContent(ctx, runs, nodes, style)
  trimBreaks(runs)
  return runs
}

function appendContent(ctx: PdfContext, runs: Run[], nodes: readonly ElementContent[], style: RunStyle): void {
  let inline: ElementContent[] = []
  const flush = () => {
    if (inline.length) runs.push(...collectRuns(ctx, inline, style))
    inline = []
  }
  for (const node of nodes) {
    if (node.type === 'element' && BLOCKS.has(node.tagName)) {
      flush()
      lineBreak(runs, style)
      blockRuns(ctx, runs, node, style)
      lineBreak(runs, style)
    } else inline.push(node)
  }
  flush()
}

function blockRuns(ctx: PdfContext, runs: Run[], node: Element, style: RunStyle): void {
  switch (node.tagName) {
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'dt':
    case 'summary':
      appendContent(ctx, runs, node.children, { ...style, bold: true })
      return
    case 'pre':
      preRuns(ctx, runs, node, style)
      return
    case 'ul':
    case 'ol': {
      const items = node.children.filter(
        (child): child is Element => child.type === 'element' && child.tagName === 'li',
      )
      const start = Number.isSafeInteger(node.properties.start) ? (node.properties.start as number) : 1
      items.forEach((item, index) => {
        lineBreak(runs, style)
        runs.push({ kind: 'text', text: node.tagName === 'ol' ? `${start + index}. ` : '• ', style })
        appendContent(ctx, runs, item.children, style)
      })
      return
    }
    case 'table':
      nestedTableRuns(ctx, runs, node, style)
      return
    case 'hr':
      return
    default:
      appendContent(ctx, runs, node.children, style)
  }
}

/** Preformatted text keeps its line breaks, in the code style. */
function preRuns(ctx: PdfContext, runs: Run[], node: Element, style: RunStyle): void {
  const mono: RunStyle = { ...style, role: 'mono', size: style.size * ctx.template.code.inlineScale, italic: false }
  const text = toText(node, { whitespace: 'pre' }).replace(/\t/g, '  ').replace(/\n$/, '')
  text.split('\n').forEach((line, index) => {
    if (index) runs.push({ kind: 'break', text: '\n', style })
    runs.push({ kind: 'text', text: line, style: mono })
  })
}

/** A table inside a cell: each of its rows on a line of its own, cells side by side. */
function nestedTableRuns(ctx: PdfContext, runs: Run[], node: Element, style: RunStyle): void {
  warn(
    ctx,
    node,
    'Expected a table cell of text, found a table inside it: its rows are drawn as lines of text, cells separated by “|”',
    'pdf-nested-table',
  )
  const grid = tableGrid(node)
  if (grid.loose.length) appendContent(ctx, runs, grid.loose, style)
  for (const row of grid.rows) {
    lineBreak(runs, style)
    row.forEach((cell, index) => {
      if (index) runs.push({ kind: 'text', text: CELL_SEPARATOR, style: { ...style, color: ctx.palette.muted } })
      const inner = cellRuns(ctx, cell.node.children, cell.header ? { ...style, bold: true } : style)
      // The cell's own lines are joined: a row stays one line (which may wrap).
      runs.push(...inner.map((run) => (run.kind === 'break' ? { ...run, kind: 'text' as const, text: ' ' } : run)))
    })
  }
}

/**
 * End the current line unless it is empty. White space before the break gives way to one space,
 * invisible at the line's end, that keeps the words of two lines apart in the text layer.
 */
function lineBreak(runs: Run[], style: RunStyle): void {
  while (runs.length && runs.at(-1)!.kind === 'text' && !runs.at(-1)!.text.trim()) runs.pop()
  if (runs.length && runs.at(-1)!.kind !== 'break')
    runs.push({ kind: 'text', text: ' ', style }, { kind: 'break', text: '\n', style })
}

/** No break at the end, and no white space at the start of a line after a break. */
function trimBreaks(runs: Run[]): void {
  while (runs.length && (runs.at(-1)!.kind === 'break' || (runs.at(-1)!.kind === 'text' && !runs.at(-1)!.text.trim())))
    runs.pop()
  for (let index = runs.length - 1; index > 0; index--) {
    if (runs[index - 1]!.kind === 'break' && runs[index]!.kind === 'text' && !runs[index]!.text.trim())
      runs.splice(index, 1)
  }
}
