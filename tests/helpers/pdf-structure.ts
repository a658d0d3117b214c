/**
 * A PDF's structure as assistive technology reads it, checked with the tools at hand: pdf.js (npm
 * `pdfjs-dist`) for the content streams' marked content and the structure tree, poppler for the
 * tagged text and the page text, qpdf for the catalog. Each check returns its problems as sentences;
 * an empty list is a pass.
 */
import { readFile } from 'node:fs/promises'
import { AnnotationMode, getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { pdfInfo, pdfObjects, tool } from './pdf.ts'

const OP_NAMES = Object.fromEntries(Object.entries(OPS).map(([name, code]) => [code, name])) as Record<number, string>

// Operators that put ink on the page. constructPath carries its painting operator as its first argument.
const PAINT = new Set([
  'showText',
  'showSpacedText',
  'nextLineShowText',
  'nextLineSetSpacingShowText',
  'paintImageXObject',
  'paintInlineImageXObject',
  'paintImageMaskXObject',
  'paintSolidColorImageMask',
  'shadingFill',
  'fill',
  'eoFill',
  'stroke',
  'fillStroke',
  'eoFillStroke',
  'closeStroke',
  'closeFillStroke',
  'closeEOFillStroke',
])

async function open(file: string): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise
}

/**
 * Ink drawn outside both a tagged marked-content sequence (one with an MCID, owned by a structure
 * element) and an Artifact: PDF/UA-1 7.1 wants every page's content to be one or the other.
 */
export async function untaggedContent(file: string): Promise<string[]> {
  const pdf = await open(file)
  const problems: string[] = []
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const { fnArray, argsArray } = await page.getOperatorList({ annotationMode: AnnotationMode.DISABLE })
      // Each open sequence: true when it (or one around it) is tagged content or an artifact.
      const stack: boolean[] = []
      let untagged = 0
      fnArray.forEach((code, index) => {
        const name = OP_NAMES[code]
        const args = argsArray[index] as unknown[] | null
        if (name === 'beginMarkedContent' || name === 'beginMarkedContentProps') {
          const tag = name === 'beginMarkedContent' ? (args?.[0] as { name?: string })?.name : String(args?.[0])
          const covered = tag === 'Artifact' || (name === 'beginMarkedContentProps' && typeof args?.[1] === 'number')
          stack.push(covered || stack.at(-1) === true)
        } else if (name === 'endMarkedContent') stack.pop()
        else if (isPaint(name, args) && stack.at(-1) !== true) untagged++
      })
      if (untagged) problems.push(`page ${number}: ${untagged} painting operator(s) neither tagged nor an artifact`)
    }
  } finally {
    await pdf.destroy()
  }
  return problems
}

function isPaint(name: string | undefined, args: unknown[] | null): boolean {
  if (name === 'constructPath') return PAINT.has(OP_NAMES[args?.[0] as number] ?? '')
  return name !== undefined && PAINT.has(name)
}

/** A structure element as pdf.js reads it. */
interface StructNode {
  role?: string
  alt?: string
  children?: StructNode[]
}

/** Every structure element's role in document order (pdfinfo -struct: the whole tree, once). */
export async function structureRoles(file: string): Promise<Array<{ role: string; depth: number }>> {
  const lines = (await tool('pdfinfo', ['-struct', file])).split('\n')
  return lines
    .map((line) => /^( *)([A-Za-z][A-Za-z0-9]*)(?: \(|:|$)/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ role: match[2]!, depth: match[1]!.length / 2 }))
}

/** Headings that skip a level on the way down (H2 then H4), and a first heading other than H1. */
export async function headingProblems(file: string): Promise<string[]> {
  const levels = (await structureRoles(file))
    .map(({ role }) => /^H([1-6])$/.exec(role))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]))
  const problems: string[] = []
  if (levels[0] !== undefined && levels[0] !== 1) problems.push(`the first heading is H${levels[0]}, not H1`)
  levels.forEach((level, index) => {
    const before = levels[index - 1]
    if (before !== undefined && level > before + 1) problems.push(`H${before} is followed by H${level}`)
  })
  return problems
}

/** Tables without a TH cell, and figures without alt text (pdf.js's reading of each page's tree). */
export async function tableAndFigureProblems(file: string): Promise<string[]> {
  const problems: string[] = []
  const roles = await structureRoles(file)
  roles.forEach(({ role, depth }, index) => {
    if (role !== 'Table') return
    const end = roles.findIndex((next, after) => after > index && next.depth <= depth)
    const cells = roles.slice(index + 1, end === -1 ? undefined : end)
    if (!cells.some((cell) => cell.role === 'TH')) problems.push(`a Table (element ${index + 1}) has no TH cell`)
  })
  const pdf = await open(file)
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const tree = (await (await pdf.getPage(number)).getStructTree()) as StructNode | null
      const walk = (node: StructNode) => {
        if (node.role === 'Figure' && !node.alt?.trim()) problems.push(`page ${number}: a Figure has no alt text`)
        for (const child of node.children ?? []) walk(child)
      }
      if (tree) walk(tree)
    }
  } finally {
    await pdf.destroy()
  }
  return problems
}

// White space and hyphens are left out of the comparison: justified lines and hyphenated line ends
// differ in them between the tagged text and the page text, the words do not.
const squash = (text: string) => text.replace(/[\s\u00ad\u2010-]+/g, '')
// poppler puts a right-to-left line of the page text in logical order, while the tagged text keeps
// the order the glyphs were drawn in; the positions check below covers those runs.
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/

/**
 * The tagged text in structure order (pdfinfo -struct-text) against the text in the order it is
 * drawn (pdftotext -raw): each tagged run must come after the one before it, so what a screen reader
 * follows is what the page draws, in that order. Whether that order goes down the page is
 * `positionOrderProblems`' question (pdftotext's reading-order mode cuts tabbed code and list labels
 * into columns of their own). The page text also holds the artifacts (running header and footer),
 * which the walk steps over. A table's cells need only come after the table's start.
 */
export async function readingOrderProblems(file: string): Promise<string[]> {
  const pageText = squash(await tool('pdftotext', ['-raw', file, '-']))
  const problems: string[] = []
  let cursor = 0
  let table: { depth: number; start: number; end: number } | undefined
  for (const line of (await tool('pdfinfo', ['-struct-text', file])).split('\n')) {
    const depth = /^ */.exec(line)![0].length
    if (table && depth <= table.depth && !line.trimStart().startsWith('"')) {
      cursor = table.end
      table = undefined
    }
    if (/^ *Table\b/.test(line)) table = { depth, start: cursor, end: cursor }
    const quoted = /^\s*"(.*)"$/.exec(line)?.[1]
    const run = quoted === undefined ? '' : squash(quoted)
    if (!run || RTL.test(run)) continue
    const found = pageText.indexOf(run, table ? table.start : cursor)
    if (found === -1) {
      const where = pageText.includes(run) ? 'comes earlier in the page text' : 'is not in the page text'
      problems.push(`tagged text “${run.slice(0, 40)}” ${where}`)
    } else if (table) table.end = Math.max(table.end, found + run.length)
    else cursor = found + run.length
  }
  return problems
}

// A run may sit a little above the one before it on the same line (a superscript note mark).
const SAME_LINE = 6

/**
 * The structure tree's order against the page's, by position: walking each page's tree, the marked
 * content it owns must go down the page, never back up to an earlier line (pdf.js reads the
 * content's text positions; a single-column page reads top to bottom).
 */
export async function positionOrderProblems(file: string): Promise<string[]> {
  const pdf = await open(file)
  const problems: string[] = []
  try {
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const tops = new Map<string, number>()
      let open: string | undefined
      for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
        if ('type' in item) open = item.type === 'beginMarkedContentProps' ? item.id : undefined
        else if (open && item.str.trim()) tops.set(open, Math.max(tops.get(open) ?? -Infinity, item.transform[5]))
      }
      // A table row's cells stand side by side: the row is read as one unit, from its highest line to its lowest.
      const order: string[][] = []
      const walk = (node: StructNode & { type?: string; id?: string; role?: string }, row?: string[]) => {
        if (node.type === 'content' && node.id) {
          if (row) row.push(node.id)
          else order.push([node.id])
        }
        const cells = !row && node.role === 'TR' ? [] : row
        for (const child of node.children ?? []) walk(child, cells)
        if (cells && !row) order.push(cells)
      }
      const tree = await page.getStructTree()
      if (tree) walk(tree as StructNode)
      let previous = Infinity
      for (const unit of order) {
        const unitTops = unit.flatMap((id) => (tops.has(id) ? [tops.get(id)!] : []))
        if (unitTops.length === 0) continue
        const top = Math.max(...unitTops)
        if (top > previous + SAME_LINE)
          problems.push(`page ${number}: content ${unit[0]} is read after content below it (y ${top} > ${previous})`)
        previous = Math.min(...unitTops)
      }
    }
  } finally {
    await pdf.destroy()
  }
  return problems
}

/** The catalog's language and marking, the shown title (DisplayDocTitle) and a title to show. */
export async function documentProblems(file: string): Promise<string[]> {
  const problems: string[] = []
  const info = await pdfInfo(file)
  if (!info.Title) problems.push('no Title in the document information')
  if (info.Tagged !== 'yes') problems.push('not marked as tagged')
  const objects = Object.values(await pdfObjects(file)).map((object) => object.value ?? {})
  const catalog = objects.find((value) => value['/Type'] === '/Catalog')
  if (typeof catalog?.['/Lang'] !== 'string' || catalog['/Lang'] === 'u:') problems.push('no /Lang in the catalog')
  if (!objects.some((value) => value['/DisplayDocTitle'] === true)) problems.push('no /DisplayDocTitle true')
  return problems
}
