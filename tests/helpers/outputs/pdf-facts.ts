/**
 * What poppler, qpdf and MuPDF read in a PDF, for the per-format golden and the consistency loop:
 * the Info dictionary, the catalog's /Lang, the outline, the text of each page, the fonts and the
 * tagged structure. One shell runs every tool over every file, so a hundred PDFs cost one process
 * start from Node, not six hundred.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** One outline entry: its depth (0 = top level), title and the page it goes to. */
export interface OutlineEntry {
  depth: number
  title: string
  page: number | null
}

export interface PdfFacts {
  /** `pdfinfo -isodates` fields. */
  info: Record<string, string>
  /** The catalog's /Lang, as MuPDF prints it (`(en)`), unwrapped. */
  lang: string
  outline: OutlineEntry[]
  /** `pdftotext` (reading order), one string per page. */
  pages: string[]
  /**
   * `pdftotext -raw` (content-stream order), one string per page: the order Galley draws and copies
   * text in, logical even where a right-to-left line mixes in left-to-right runs, which the reading
   * order above shuffles.
   */
  rawPages: string[]
  /** `pdffonts` rows: name, type, encoding, embedded, subset, unicode map. */
  fonts: string[]
  /** `pdfinfo -struct-text`: the structure tree with its text. */
  structure: string
}

// Each tool's output between markers; `|| true` keeps one tool's failure from hiding the others'.
const SCRIPT = `
for file in "$@"; do
  for tool in info lang outline text raw fonts structure; do
    printf '\\n@@@galley %s\\n' "$tool"
    case $tool in
      info) pdfinfo -isodates "$file" ;;
      lang) mutool show "$file" trailer/Root/Lang ;;
      outline) qpdf --json=2 --json-key=outlines "$file" ;;
      text) pdftotext -enc UTF-8 "$file" - ;;
      raw) pdftotext -raw -enc UTF-8 "$file" - ;;
      fonts) pdffonts "$file" ;;
      structure) pdfinfo -struct-text "$file" ;;
    esac 2>&1 || true
  done
done
`

/** Read `files` with every tool in one shell; the facts come back in the same order. */
export async function readPdfs(files: string[]): Promise<PdfFacts[]> {
  if (files.length === 0) return []
  const { stdout } = await run('bash', ['-c', SCRIPT, 'pdf-facts', ...files], { maxBuffer: 512 * 1024 * 1024 })
  const parts = stdout.split(/\n@@@galley (\w+)\n/)
  const facts: PdfFacts[] = []
  let current: Partial<Record<string, string>> = {}
  for (let index = 1; index < parts.length; index += 2) {
    const tool = parts[index]!
    current[tool] = parts[index + 1] ?? ''
    if (tool === 'structure') {
      facts.push(toFacts(current))
      current = {}
    }
  }
  if (facts.length !== files.length)
    throw new Error(`Read ${facts.length} of ${files.length} PDFs:\n${stdout.slice(0, 2000)}`)
  return facts
}

function toFacts(out: Partial<Record<string, string>>): PdfFacts {
  const info: Record<string, string> = {}
  for (const line of (out.info ?? '').split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) info[line.slice(0, colon)] = line.slice(colon + 1).trim()
  }
  return {
    info,
    lang: /^\((.*)\)$/.exec((out.lang ?? '').trim())?.[1] ?? (out.lang ?? '').trim(),
    outline: readOutline(out.outline ?? ''),
    pages: (out.text ?? '').split('\f').slice(0, -1),
    rawPages: (out.raw ?? '').split('\f').slice(0, -1),
    fonts: (out.fonts ?? '').split('\n').slice(2).filter(Boolean),
    structure: out.structure ?? '',
  }
}

interface QpdfOutline {
  title: string
  destpageposfrom1?: number | null
  kids: QpdfOutline[]
}

function readOutline(json: string): OutlineEntry[] {
  let outlines: QpdfOutline[]
  try {
    outlines = (JSON.parse(json) as { outlines: QpdfOutline[] }).outlines
  } catch {
    throw new Error(`qpdf printed no outline JSON: ${json.slice(0, 500)}`)
  }
  const entries: OutlineEntry[] = []
  const walk = (items: QpdfOutline[], depth: number) => {
    for (const item of items) {
      entries.push({ depth, title: item.title, page: item.destpageposfrom1 ?? null })
      walk(item.kids, depth + 1)
    }
  }
  walk(outlines, 0)
  return entries
}
