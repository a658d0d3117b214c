/**
 * The accessibility checks themselves can fail: each is shown a document made to break it (a PDF
 * drawn with pdfkit, pages with known faults) and must name the fault.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { axeFiles, launchChromium } from './helpers/axe.ts'
import {
  documentProblems,
  headingProblems,
  positionOrderProblems,
  readingOrderProblems,
  tableAndFigureProblems,
  untaggedContent,
} from './helpers/pdf-structure.ts'

const folder = mkdtempSync(path.join(os.tmpdir(), 'galley-a11y-checks-'))
const FONT = 'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'

/**
 * A tagged PDF with every fault: an H1 then an H3, a Figure without alt, a Table without TH, the
 * lower paragraph tagged before the upper one, two paragraphs tagged in the other order than they
 * are drawn, a line drawn outside any tag, and no language or DisplayDocTitle.
 */
async function faultyPdf(): Promise<string> {
  const doc = new PDFDocument({ tagged: true, font: FONT, pdfVersion: '1.7', info: { Title: 'Faulty' } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise((resolve) => doc.on('end', resolve))
  const root = doc.struct('Document')
  doc.addStructure(root)
  const tagged = (type: string, draw: () => void, options: object = {}) => {
    const element = doc.struct(type, options)
    root.add(element)
    const content = doc.markStructureContent(type)
    draw()
    doc.endMarkedContent()
    element.add(content)
    element.end()
  }
  tagged('H1', () => doc.text('The heading', 72, 72))
  tagged('H3', () => doc.text('A heading two levels down', 72, 100))
  tagged('P', () => doc.text('The lower paragraph comes second on the page.', 72, 400))
  tagged('P', () => doc.text('The upper paragraph comes first on the page.', 72, 300))
  // Tagged in one order, drawn in the other: the structure tree and the content stream disagree.
  const first = doc.struct('P')
  const second = doc.struct('P')
  root.add(first)
  root.add(second)
  for (const [element, words, y] of [
    [second, 'Drawn first but tagged second.', 460],
    [first, 'Drawn second but tagged first.', 480],
  ] as const) {
    const content = doc.markStructureContent('P')
    doc.text(words, 72, y)
    doc.endMarkedContent()
    element.add(content)
    element.end()
  }
  tagged('Figure', () => doc.rect(72, 500, 50, 50).fill('#888888'))
  const table = doc.struct('Table')
  root.add(table)
  const row = doc.struct('TR')
  table.add(row)
  const cell = doc.struct('TD')
  row.add(cell)
  const content = doc.markStructureContent('TD')
  doc.fillColor('#000000').text('A cell', 72, 600)
  doc.endMarkedContent()
  cell.add(content)
  cell.end()
  row.end()
  table.end()
  doc.moveTo(72, 700).lineTo(300, 700).stroke()
  root.end()
  doc.end()
  await ended
  const file = path.join(folder, 'faulty.pdf')
  writeFileSync(file, Buffer.concat(chunks))
  return file
}

describe('the PDF structure checks', () => {
  it('name every fault of a faulty PDF', async () => {
    const file = await faultyPdf()
    expect(await untaggedContent(file)).toEqual(['page 1: 1 painting operator(s) neither tagged nor an artifact'])
    expect(await headingProblems(file)).toEqual(['H1 is followed by H3'])
    expect(await tableAndFigureProblems(file)).toEqual([
      'a Table (element 9) has no TH cell',
      'page 1: a Figure has no alt text',
    ])
    expect(await readingOrderProblems(file)).toEqual([
      'tagged text “Drawnfirstbuttaggedsecond.” comes earlier in the page text',
    ])
    // The lower paragraph tagged first, and the pair tagged against their drawing order.
    expect(await positionOrderProblems(file)).toEqual([
      expect.stringMatching(/^page 1: content .+ is read after content below it/),
      expect.stringMatching(/^page 1: content .+ is read after content below it/),
    ])
    expect(await documentProblems(file)).toEqual(['no /Lang in the catalog', 'no /DisplayDocTitle true'])
  })
})

describe('the axe-core run', () => {
  it('reports what the pages used to fail: an unlabelled box, a scrolling block out of keyboard reach, a colour-only link', async () => {
    const page = path.join(folder, 'faulty.html')
    writeFileSync(
      page,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Faulty</title>
<style>a { color: #b3261e; text-decoration: none } body { color: #1a1a1a }</style></head>
<body><main><h1>Faulty</h1>
<p>Some text with <a href="https://example.org/">a link told apart by its colour alone</a> in it, and more text around it.</p>
<ul><li><input type="checkbox" disabled> A task</li></ul>
<pre style="overflow-x: auto; width: 200px">${'long_code_line_'.repeat(20)}</pre>
</main></body></html>`,
    )
    const browser = await launchChromium()
    try {
      const rules = (await axeFiles(browser, [page])).map((violation) => violation.rule).sort()
      expect(rules).toEqual(['label', 'link-in-text-block', 'scrollable-region-focusable'])
    } finally {
      await browser.close()
    }
  }, 60_000)
})
