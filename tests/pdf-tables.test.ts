/**
 * Tables in the PDF, one fixture per shape a sanitised tree can have (tests/fixtures/pdf/tables/),
 * read back through the tagged structure (`pdfinfo -struct-text`), the text layer and qpdf.
 */
import { h } from 'hastscript'
import { describe, expect, it } from 'vitest'
import { tableGrid } from '../pipeline/render/pdf/table-model.ts'
import { pdfInfo, pdfText, renderFixture, tool, type RenderedPdf } from './helpers/pdf.ts'

const rendered = new Map<string, Promise<RenderedPdf>>()
/** Render a shape's fixture once per run. */
function shape(name: string): Promise<RenderedPdf> {
  let found = rendered.get(name)
  if (!found) {
    found = renderFixture(`tests/fixtures/pdf/tables/${name}/input.md`)
    rendered.set(name, found)
  }
  return found
}

/** The rows of every tagged table, as the text of each TH/TD, from `pdfinfo -struct-text`. */
async function taggedTables(file: string): Promise<string[][][]> {
  const tables: string[][][] = []
  let cell: string[] | undefined
  for (const line of (await tool('pdfinfo', ['-struct-text', file])).split('\n')) {
    const item = line.trim()
    if (item.startsWith('Table')) tables.push([])
    else if (item === 'TR') tables.at(-1)!.push([])
    else if (/^T[HD]\b/.test(item)) {
      cell = []
      tables.at(-1)!.at(-1)!.push('')
    } else if (cell && item.startsWith('"')) {
      const row = tables.at(-1)!.at(-1)!
      row[row.length - 1] = `${row.at(-1)} ${JSON.parse(item)}`.replace(/\s+/g, ' ').trim()
    } else if (!item.startsWith('/')) cell = undefined
  }
  return tables
}

/** The article's PDF messages as `line:col: rule-id`. */
function pdfMessages(rendered: RenderedPdf): string[] {
  return rendered.article.file.messages
    .filter((message) => message.source === 'galley:pdf')
    .map((message) => `${message.line}:${message.column}: ${message.ruleId}`)
}

const NAMES = [
  'blank-lines',
  'caption',
  'empty',
  'in-list-and-quote',
  'long-word',
  'nested',
  'ragged',
  'spans',
  'tall-row',
  'too-wide',
]

describe('every table shape', () => {
  it.each(NAMES)('%s: builds a PDF that passes qpdf --check', async (name) => {
    const { file } = await shape(name)
    expect(await tool('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/)
  })

  it('a raw HTML table split by blank lines: the row without cells takes no room, the text around it stays', async () => {
    const rendered = await shape('blank-lines')
    expect(await taggedTables(rendered.file)).toEqual([])
    const text = await pdfText(rendered.file)
    expect(text).toContain('<td> Hi </td>')
    expect(text).toMatch(/foo baz .*bim/)
    expect(pdfMessages(rendered)).toEqual([])
  })

  it('empty tables and rows take no room; empty cells keep their row', async () => {
    const rendered = await shape('empty')
    expect(await taggedTables(rendered.file)).toEqual([
      [
        ['', ''],
        ['Filled', ''],
      ],
      [['Only a header', '']],
      [
        ['Left', 'Right'],
        ['', ''],
        ['Kept', ''],
      ],
    ])
    expect(await pdfText(rendered.file)).toMatch(/Before the tables\. Filled .*After the tables\./)
  })

  it('rows of unequal length keep every cell, in its column', async () => {
    const rendered = await shape('ragged')
    expect(await taggedTables(rendered.file)).toEqual([
      [['Name', 'Role', 'Team'], ['Ada'], ['Grace', 'Admiral', 'Navy', 'Extra cell'], ['Alan', 'Cryptanalyst']],
      [
        ['City', 'Country'],
        ['Oslo', ''],
        ['Lima', 'Peru'],
      ],
    ])
  })

  it('colspan and rowspan place cells as HTML does, and are tagged RowSpan and ColSpan', async () => {
    const rendered = await shape('spans')
    expect(await taggedTables(rendered.file)).toEqual([
      [
        ['Region', 'Sales'],
        ['2024', '2025'],
        ['North', '10', '12'],
        ['Merged result'],
        ['South, to the end', '7', '9'],
        ['8', 'Tall past the end'],
        ['Negative span'],
        ['Not a number', 'Wider than allowed'],
      ],
    ])
    const struct = await tool('pdfinfo', ['-struct', rendered.file])
    // rowspan="0" reaches the end of the body (4 rows); 99 and 5000 are clamped to the table.
    for (const attribute of ['/RowSpan 2', '/ColSpan 2', '/RowSpan 4', '/RowSpan 3', '/ColSpan 1000'])
      expect(struct).toContain(attribute)
    expect(pdfMessages(rendered)).toEqual([])
  })

  it('a table inside a cell becomes lines of text in it, with a warning at the inner table', async () => {
    const rendered = await shape('nested')
    const [outer] = await taggedTables(rendered.file)
    expect(outer).toEqual([
      ['Outer', 'Detail'],
      [
        'First paragraph. Second paragraph. • One item • Two item',
        'Before the inner table Inner A | Inner B alpha | beta deepest After the inner table',
      ],
    ])
    expect(pdfMessages(rendered)).toEqual(['14:1: pdf-nested-table', '14:76: pdf-nested-table'])
  })

  it('loose text the sanitiser leaves in a table (a caption) is drawn above it, and the foot comes last', async () => {
    const rendered = await shape('caption')
    expect(await pdfText(rendered.file)).toMatch(/Population by city, 2024 Oslo 7 Lima 8 Total 15/)
    expect(await tool('pdfinfo', ['-struct', rendered.file])).toMatch(/Table \(block\)\n\s+Caption/)
  })

  it('tables inside a list item, a quote and twenty levels of both stay inside the page', async () => {
    const rendered = await shape('in-list-and-quote')
    const tables = await taggedTables(rendered.file)
    expect(tables).toEqual([
      [
        ['Key', 'Value'],
        ['one', '1'],
      ],
      [['Quoted', 'table']],
      [
        ['Deep', 'Table'],
        ['still', 'readable'],
      ],
    ])
    const { margins } = (await import('../templates/pdf/index.ts')).default.page
    const width = Number(/^([\d.]+) x/.exec((await pdfInfo(rendered.file))['Page size']!)![1])
    const words = [
      ...(await tool('pdftotext', ['-bbox', rendered.file, '-'])).matchAll(
        /xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g,
      ),
    ]
    expect(words.length).toBeGreaterThan(20)
    for (const [, xMin, xMax] of words) {
      expect(Number(xMin)).toBeGreaterThanOrEqual(margins.left - 0.5)
      expect(Number(xMax)).toBeLessThanOrEqual(width - margins.right + 0.5)
    }
  })

  it('a word longer than the page is broken inside its cell, keeping the other columns', async () => {
    const rendered = await shape('long-word')
    const [table] = await taggedTables(rendered.file)
    expect(table!.map((row) => row.length)).toEqual([3, 3, 3])
    expect(table![1]![0]).toBe('a')
    expect(table![1]![1]!.replace(/ /g, '')).toBe('x'.repeat(3000))
    expect(table![1]![2]).toBe('short')
    expect(pdfMessages(rendered)).toEqual([])
  })

  it('a row taller than a page continues on the next pages, under the repeated header, as one row', async () => {
    const rendered = await shape('tall-row')
    const pages = Number((await pdfInfo(rendered.file)).Pages)
    expect(pages).toBeGreaterThanOrEqual(3)
    for (let page = 2; page <= pages; page++)
      expect(await pdfText(rendered.file, page)).toMatch(/^A row taller .* Topic Notes/)
    const [table] = await taggedTables(rendered.file)
    expect(table!.map((row) => row.length)).toEqual([2, 2, 2])
    const words = table![1]![1]!.split(' ')
    expect(words).toEqual(Array.from({ length: 1800 }, (_, index) => `word${index}`))
    expect(table![2]).toEqual(['After', 'the tall row'])
  })

  it('a table 500 columns wide is drawn as a list of its rows, with a warning at the table', async () => {
    const rendered = await shape('too-wide')
    expect(pdfMessages(rendered)).toEqual(['9:1: pdf-table-too-wide'])
    const warning = rendered.article.file.messages.find((message) => message.ruleId === 'pdf-table-too-wide')!
    expect(warning.fatal).toBe(false)
    expect(warning.reason).toMatch(/500 columns/)
    expect(await taggedTables(rendered.file)).toEqual([])
    const text = await pdfText(rendered.file)
    for (const column of [0, 1, 250, 499]) expect(text).toContain(`H${column}: v${column}`)
    expect(await tool('pdfinfo', ['-struct', rendered.file])).toMatch(/\bL\b[\s\S]*\bLI\b[\s\S]*\bLBody\b/)
  })
})

describe('the table grid', () => {
  const cells = (table: ReturnType<typeof h>) =>
    tableGrid(table).rows.map((row) =>
      row.map((cell) => `${cell.row},${cell.column} ${cell.rowSpan}x${cell.colSpan} ${cell.header ? 'th' : 'td'}`),
    )

  it('places spanning cells and moves a cell right past a slot a span already takes', () => {
    const table = h('table', [
      h('tr', [h('td', { rowSpan: 2 }, 'a'), h('td', 'b')]),
      h('tr', [h('td', 'c'), h('td', { colSpan: 2 }, 'd')]),
    ])
    expect(cells(table)).toEqual([
      ['0,0 2x1 td', '0,1 1x1 td'],
      ['1,1 1x1 td', '1,2 1x2 td'],
    ])
    expect(tableGrid(table).columns).toBe(4)
  })

  it('clamps spans as HTML does: rowspan 0 to the end of the group, colspan to 1000, garbage to 1', () => {
    const table = h('table', [
      h('tbody', [h('tr', [h('td', { rowSpan: 0 }), h('td', { colSpan: 99999 })]), h('tr', [h('td')])]),
      h('tbody', [h('tr', [h('td', { rowSpan: 7, colSpan: Number.NaN })])]),
    ])
    expect(cells(table)).toEqual([['0,0 2x1 td', '0,1 1x1000 td'], ['1,1 1x1 td'], ['2,0 1x1 td']])
  })

  it('draws the head first and the foot last, and makes stray cells a row of their own', () => {
    const table = h('table', [
      h('tfoot', [h('tr', [h('td', 'foot')])]),
      h('tbody', [h('td', 'stray'), h('td', 'stray too'), h('tr', [h('td', 'body')])]),
      h('thead', [h('tr', [h('th', 'head')])]),
    ])
    const grid = tableGrid(table)
    expect(
      grid.rows.map((row) => row.map((cell) => String((cell.node.children[0] as { value: string }).value))),
    ).toEqual([['head'], ['stray', 'stray too'], ['body'], ['foot']])
    expect(grid.headRows).toBe(1)
  })

  it('leaves out rows no cell starts in or crosses, and keeps a row a span crosses', () => {
    const table = h('table', [h('tr'), h('tr', [h('td', { rowSpan: 3 }, 'tall')]), h('tr'), h('tr'), h('tr')])
    const grid = tableGrid(table)
    expect(grid.rows.map((row) => row.length)).toEqual([1, 0, 0])
    expect(grid.rows[0]![0]!.row).toBe(0)
  })

  it('takes the leading rows of header cells as the header when there is no thead', () => {
    const grid = tableGrid(h('table', [h('tr', [h('th', 'a'), h('th', 'b')]), h('tr', [h('th', 'c'), h('td', 'd')])]))
    expect(grid.headRows).toBe(1)
  })

  it('has no columns and no rows for a table of nothing but text', () => {
    const grid = tableGrid(h('table', ['  ', h('b', 'caption'), ' text ']))
    expect(grid.columns).toBe(0)
    expect(grid.rows).toEqual([])
    expect(grid.loose).toHaveLength(2)
  })
})
