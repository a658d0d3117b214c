/**
 * Front matter: read the block (YAML, TOML, JSON, Hexo or Pelican style), map every field onto
 * Galley's own — its own names, and other tools' names and shapes for the same things — and report
 * each problem and each mapping at its own line:column in the source file.
 */
import path from 'node:path'
import type { Root as MdastRoot } from 'mdast'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { addError } from '../report.ts'
import { type BlockKind, type FencelessBlock, readBlock } from './front-matter-blocks.ts'
import { type Contribution, dialectRank, LANG_RULE, ruleFor, type Target } from './front-matter-fields.ts'
import { normaliseDate } from './front-matter-values.ts'

export { detachFencelessFrontMatter, type FencelessBlock } from './front-matter-blocks.ts'
export { normaliseDate } from './front-matter-values.ts'

const SOURCE = 'galley:front-matter'

/** Front matter fields after validation; all optional but `title` (checked by the metadata step). */
export interface FrontMatter {
  title?: string
  description?: string
  authors?: string[]
  date?: string
  updated?: string
  lang?: string
  tags?: string[]
  image?: string
  imageAlt?: string
  canonical?: string
  source?: string
  slug?: string
  /** The field that marks the article as a draft (`draft: true`, `published: false`, `status: draft`), and where: not built. */
  draft?: { field: string; place?: Point }
  /** How the block was written, when there is one (the missing-title message names its syntax). */
  format?: BlockKind
}

/** What each of Galley's fields means, for the messages that say what a field was read as. */
const MEANING: Record<Target, string> = {
  title: 'the title',
  description: 'the description',
  authors: 'the authors',
  date: 'the publication date',
  updated: 'the date of the last update',
  lang: 'the language',
  tags: 'tags',
  image: 'the lead image (social card and EPUB cover)',
  imageAlt: 'the lead image’s alt text',
  canonical: 'the canonical URL',
  source: 'the source',
  slug: 'the slug',
  draft: 'the draft flag',
}

const LISTS = new Set<Target>(['tags', 'authors'])

/** What is said of a block written without fences (Hexo's has its own warning). */
const BLOCK_NOTE: Partial<Record<BlockKind, string>> = {
  json: 'Read the JSON object at the top of the file as the front matter (Hugo)',
  pelican: 'Read the `Key: value` lines at the top of the file as the front matter (Pelican, MultiMarkdown)',
}

interface Candidate extends Contribution {
  key: string
  own: boolean
  exact: boolean
  tools?: string
  shape?: string
  rank: number
  place?: Point
}

/**
 * Read the front matter block at the top of `mdast` (or the fenceless one found before parsing) and
 * map it onto Galley's fields. Problems become messages on `file`: an unknown field warns; a wrong
 * value in one of Galley's own fields is fatal; a value another tool writes that cannot be used is a
 * warning and the field is ignored; each field read from another tool's name or shape is an info.
 */
export function readFrontMatter(mdast: MdastRoot, file: VFile, fenceless?: FencelessBlock): FrontMatter {
  const block = readBlock(mdast, file, fenceless)
  const result: FrontMatter = block ? { format: block.kind } : {}
  const candidates: Candidate[] = []
  const header = block?.kind === 'pelican'
  if (block && BLOCK_NOTE[block.kind])
    file.info(BLOCK_NOTE[block.kind]!, {
      place: { line: 1, column: 1 },
      ruleId: 'front-matter-dialect',
      source: SOURCE,
    })
  for (const [key, entry] of block?.entries ?? []) {
    const at = (offset: number | undefined) => block!.at(offset)
    const found = ruleFor(key)
    if (!found) {
      message(
        file,
        `Unknown front matter field \`${key}\`; Galley ignores it`,
        at(entry.keyOffset ?? entry.offset),
        'unknown-field',
      )
      continue
    }
    if (entry.value === null || entry.value === undefined) continue
    const reading = found.rule.read(entry.value, header)
    const valuePlace = at(entry.offset)
    if (reading.problem) {
      // A wrong language is no reason to stop: the metadata step detects it from the text.
      if (found.rule === LANG_RULE)
        message(
          file,
          `Invalid \`${key}\`: ${reading.problem}; the language is detected from the text instead`,
          valuePlace,
          'invalid-lang',
        )
      else if (found.own && !reading.shape)
        fatal(file, `Invalid \`${key}\`: ${reading.problem}`, valuePlace, 'invalid-field')
      else message(file, `Ignored \`${key}\`: ${reading.problem}`, valuePlace, 'ignored-field')
      continue
    }
    for (const part of reading.partial ?? [])
      message(file, `Ignored ${part} in \`${key}\``, valuePlace, 'ignored-field')
    for (const contribution of reading.contributions) {
      for (const note of reading.notes ?? [])
        message(
          file,
          `Read \`${key}\` leniently: ${note}`,
          valuePlace,
          contribution.target === 'slug' ? 'unsafe-slug' : 'lenient-date',
        )
      candidates.push({
        ...contribution,
        key,
        own: found.own,
        // Pelican and MultiMarkdown keys are case-insensitive: `Title:` is their way of writing it.
        exact: found.exact || (found.own && header),
        ...(found.rule.tools ? { tools: found.rule.tools } : {}),
        ...(reading.shape ? { shape: reading.shape } : {}),
        rank: dialectRank(key),
        place: at(entry.keyOffset ?? entry.offset),
      })
      reading.notes = []
    }
  }
  resolve(candidates, result, file)
  if (!result.date) dateFromFileName(file, result)
  return result
}

/** Give each of Galley's fields its value: lists merge every field; otherwise Galley's own name wins, then the dialects in order. */
function resolve(candidates: Candidate[], result: FrontMatter, file: VFile): void {
  const targets = new Map<Target, Candidate[]>()
  for (const candidate of candidates)
    targets.set(candidate.target, [...(targets.get(candidate.target) ?? []), candidate])
  const fields = result as Record<string, unknown>
  for (const [target, given] of targets) {
    let used = given
    // Any field that says so makes a draft: a tool's own flag is never outvoted by another's.
    if (target === 'draft') {
      const marking = given.find((candidate) => candidate.value === true)
      if (marking) result.draft = { field: marking.key, ...(marking.place ? { place: marking.place } : {}) }
      continue
    }
    if (LISTS.has(target)) fields[target] = [...new Set(given.flatMap((candidate) => candidate.value as string[]))]
    else {
      const ordered = [...given].sort(
        (a, b) => Number(b.own) - Number(a.own) || Number(b.exact) - Number(a.exact) || a.rank - b.rank,
      )
      const winner = ordered[0]!
      used = [winner]
      fields[target] = winner.value
      for (const loser of ordered.slice(1))
        if (loser.key !== winner.key)
          message(
            file,
            `Ignored \`${loser.key}${loser.label}\`: ${MEANING[target]} comes from \`${winner.key}${winner.label}\``,
            loser.place,
            'duplicate-field',
          )
    }
    for (const candidate of used) {
      if (candidate.own && candidate.exact && !candidate.shape) continue
      const name = `\`${candidate.key}${candidate.label}\``
      const reason =
        candidate.own && !candidate.shape
          ? `Read ${name} as Galley’s \`${candidate.target}\``
          : `Read ${name}${candidate.tools ? ` (${candidate.tools})` : ''} as ${MEANING[target]}${candidate.shape ? `, from ${candidate.shape}` : ''}`
      file.info(reason, { place: candidate.place, ruleId: 'front-matter-dialect', source: SOURCE })
    }
  }
}

/** Jekyll's posts carry their date in the file name: `2011-12-29-jekyll-introduction.md`. */
function dateFromFileName(file: VFile, result: FrontMatter): void {
  const match = /^(\d{4}-\d{2}-\d{2})-./.exec(path.basename(file.path ?? ''))
  const date = match && normaliseDate(match[1]!)
  if (!date) return
  result.date = date
  file.info(`Read the publication date ${date} from the file name, as Jekyll does`, {
    place: { line: 1, column: 1 },
    ruleId: 'front-matter-dialect',
    source: SOURCE,
  })
}

function message(file: VFile, reason: string, place: Point | undefined, ruleId: string): void {
  file.message(reason, { place, ruleId, source: SOURCE })
}

function fatal(file: VFile, reason: string, place: Point | undefined, ruleId: string): void {
  addError(file, reason, { place, ruleId, source: SOURCE })
}
