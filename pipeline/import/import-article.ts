/**
 * `galley import`: a raw article (plain text, Markdown-ish text or a saved HTML page) → a canonical
 * source `input/<slug>.md`. It never invents a fact (no headline is an error that says how to give
 * one) and never overwrites a file without `force`.
 */
import { addError } from '../report.ts'
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { slug as slugify } from 'github-slugger'
import { VFile } from 'vfile'
import { stringify } from 'yaml'
import { decodeSource } from '../source/decode-source.ts'
import { smarten } from '../source/processor.ts'
import { cleanText, type Block, type FoundFields } from './clean-text.ts'
import { extractFromHtml } from './from-html.ts'

export interface ImportOptions {
  /** Folder to write into. Default `input`. */
  outDir?: string
  /** The headline, when the source has none (or to replace it). */
  title?: string
  /** The slug (file name); default: from the title. */
  slug?: string
  /** Overwrite an existing file. Default false. */
  force?: boolean
  cwd?: string
}

export interface ImportResult {
  file: VFile
  /** Where the source was written; undefined when nothing was written. */
  written?: string
}

const SOURCE = 'galley:import'

/** Import one raw article. Problems and the report of what changed are messages on `file`. */
export async function importArticle(sourcePath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const cwd = options.cwd ?? process.cwd()
  const file = new VFile({ path: path.relative(cwd, path.resolve(cwd, sourcePath)), cwd })
  let bytes: Uint8Array
  try {
    bytes = await readFile(path.resolve(cwd, sourcePath))
  } catch (error) {
    fatal(file, `Could not read the file: ${(error as Error).message}`, 'unreadable-file')
    return { file }
  }
  if (!decodeSource(bytes, file)) return { file }
  const text = String(file.value)
  const isHtml = /\.x?html?$/i.test(sourcePath) || /^\s*(?:<!doctype html|<html)/i.test(text)
  const { fields, blocks } = isHtml ? extractFromHtml(text, file) : cleanText(text, file)

  if (options.title) {
    if (fields.title)
      file.info(`Replaced the headline “${fields.title}” with the one given`, { ruleId: 'headline', source: SOURCE })
    fields.title = options.title
  }
  if (!fields.title) {
    fatal(
      file,
      'Expected a headline, found none: give one with `--title "…"` (Galley does not invent headlines)',
      'missing-headline',
    )
    return { file }
  }
  if (blocks.length === 0) {
    fatal(file, 'Expected an article body, found none after the boilerplate', 'empty-body')
    return { file }
  }

  const slug = options.slug ?? slugify(fields.title).replace(/-{2,}/g, '-').replace(/^-|-$/g, '')
  const target = path.resolve(cwd, options.outDir ?? 'input', `${slug}.md`)
  const source = canonicalSource(fields, blocks, Boolean(options.title))
  try {
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, source, { flag: options.force ? 'w' : 'wx' })
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST'
    fatal(
      file,
      exists
        ? `${path.relative(cwd, target)} already exists; pass --force to overwrite it`
        : `Could not write ${target}: ${(error as Error).message}`,
      exists ? 'file-exists' : 'write-failed',
    )
    return { file }
  }
  return { file, written: path.relative(cwd, target) }
}

/** Front matter (in the canonical field order) and the body, typography normalised. */
export function canonicalSource(fields: FoundFields, blocks: Block[], titleGiven: boolean): string {
  const data: Record<string, unknown> = { title: smarten(fields.title!) }
  if (fields.authors.length) data.author = fields.authors.length === 1 ? fields.authors[0] : fields.authors
  if (fields.date) data.date = fields.date
  if (fields.updated) data.updated = fields.updated
  if (fields.source) data.source = fields.source
  if (fields.lang) data.lang = fields.lang
  if (fields.tags.length) data.tags = fields.tags
  const comments = [
    ...(titleGiven ? ['# The headline was given at import; the source had none (or another).'] : []),
    ...fields.unreadDates.map(
      ({ field, text }) => `# ${field} as written (not understood, please check): ${text.replace(/\n/g, ' ')}`,
    ),
  ]
  const yaml = stringify(data, { lineWidth: 0 }).trimEnd()
  const body = blocks.map((block) => (block.text.includes('\n') ? block.text : tidyProse(block.text))).join('\n\n')
  return `---\n${[...comments, yaml].join('\n')}\n---\n\n${body}\n`
}

/** Curly quotes, real dashes and ellipses; single spaces. */
function tidyProse(text: string): string {
  return smarten(text.replace(/[ \t]{2,}/g, ' ').trim())
}

function fatal(file: VFile, reason: string, ruleId: string): void {
  addError(file, reason, { ruleId, source: SOURCE })
}
