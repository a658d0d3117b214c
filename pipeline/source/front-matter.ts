/**
 * Front matter: parse the YAML (or TOML) block remark-frontmatter found, then check every field,
 * reporting each problem at its own line:column in the source file.
 */
import { addError } from '../report.ts'
import type { Root as MdastRoot } from 'mdast'
import { parse as parseToml } from 'smol-toml'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml'

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
}

type Field = keyof FrontMatter | 'author'
type Check = (value: unknown) => { value?: unknown; problem?: string }

const asText: Check = (value) =>
  typeof value === 'string' ? { value: value.trim() } : { problem: `expected text, found ${describe(value)}` }

const asTextList: Check = (value) => {
  if (typeof value === 'string') return { value: value.trim() ? [value.trim()] : [] }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return { value: value.map((item) => String(item).trim()).filter(Boolean) }
  return { problem: `expected text or a list of text, found ${describe(value)}` }
}

const asDate: Check = (value) => {
  if (value instanceof Date) return { value: value.toISOString() }
  if (typeof value !== 'string') return { problem: `expected a date such as 2025-05-23, found ${describe(value)}` }
  const normalised = normaliseDate(value.trim())
  return normalised
    ? { value: normalised }
    : { problem: `expected a real date such as 2025-05-23 or 2025-05-23T14:30:00+02:00, found \`${value}\`` }
}

const asLanguage: Check = (value) => {
  if (typeof value !== 'string')
    return { problem: `expected a BCP 47 language tag such as \`en\`, found ${describe(value)}` }
  try {
    return { value: Intl.getCanonicalLocales(value.trim())[0] }
  } catch {
    return { problem: `expected a BCP 47 language tag such as \`en\` or \`pt-BR\`, found \`${value}\`` }
  }
}

const asUrl: Check = (value) =>
  typeof value === 'string' && /^https?:\/\//.test(value.trim()) && URL.canParse(value.trim())
    ? { value: value.trim() }
    : {
        problem: `expected an absolute http(s) URL, found ${typeof value === 'string' ? `\`${value}\`` : describe(value)}`,
      }

const asSlug: Check = (value) =>
  typeof value === 'string' && /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u.test(value)
    ? { value }
    : {
        problem: `expected a slug of lower-case letters, digits and single hyphens, found ${typeof value === 'string' ? `\`${value}\`` : describe(value)}`,
      }

const asTitle: Check = (value) => {
  const checked = asText(value)
  return checked.value === '' ? { problem: 'expected the headline, found an empty value' } : checked
}

const FIELDS: Record<Field, Check> = {
  title: asTitle,
  description: asText,
  author: asTextList,
  authors: asTextList,
  date: asDate,
  updated: asDate,
  lang: asLanguage,
  tags: asTextList,
  image: asText,
  imageAlt: asText,
  canonical: asUrl,
  source: asText,
  slug: asSlug,
}

/**
 * Read the front matter block at the top of `mdast` (if any) and validate it.
 * Problems become messages on `file`: unknown fields warn, wrong types and impossible dates are fatal.
 */
export function readFrontMatter(mdast: MdastRoot, file: VFile, fenceless?: FencelessBlock): FrontMatter {
  const block = mdast.children[0]
  let value: string
  let contentOffset: number
  let kind: 'yaml' | 'toml' = 'yaml'
  if (fenceless) ({ value, contentOffset } = fenceless)
  else if (block && (block.type === 'yaml' || (block.type as string) === 'toml')) {
    value = (block as { value: string }).value
    kind = block.type as 'yaml' | 'toml'
    const start = block.position?.start.offset ?? 0
    // The block's content starts after the opening fence line (`---` or `+++`).
    contentOffset = start + String(file.value).slice(start).indexOf('\n') + 1
  } else return {}
  const place = location(file)
  const at = (offset: number | undefined): Point | undefined => place.toPoint(contentOffset + (offset ?? 0))

  const entries = kind === 'yaml' ? readYaml(value, file, at) : readToml(value, file, at, block?.position?.start)
  if (!entries) return {}

  const result: Record<string, unknown> = {}
  for (const [key, { value: raw, offset, keyOffset }] of entries) {
    const check = FIELDS[key as Field]
    if (!check) {
      file.message(`Unknown front matter field \`${key}\`; Galley ignores it`, {
        place: at(keyOffset ?? offset),
        ruleId: 'unknown-field',
        source: SOURCE,
      })
      continue
    }
    if (raw === null || raw === undefined) continue
    const { value: checked, problem } = check(raw)
    if (problem) {
      // A wrong language is no reason to stop: the metadata step detects it from the text.
      if (key === 'lang')
        file.message(`Invalid \`lang\`: ${problem}; the language is detected from the text instead`, {
          place: at(offset),
          ruleId: 'invalid-lang',
          source: SOURCE,
        })
      else fatal(file, `Invalid \`${key}\`: ${problem}`, at(offset), 'invalid-field')
      continue
    }
    result[key === 'author' ? 'authors' : key] = checked
  }
  return result as FrontMatter
}

/** Each field's value with the offsets of its key and of its value inside the block. */
/** Front matter found without its opening fence, already blanked out of the file. */
export interface FencelessBlock {
  value: string
  contentOffset: number
}

/**
 * Hexo-style front matter has no opening `---`: `key: value` lines from the first line down to a
 * `---` line. Take it out of `file.value` (each character but newlines becomes a space, so every
 * position in the body stays where it was) and return it, with a warning; undefined when absent.
 */
export function detachFencelessFrontMatter(file: VFile): FencelessBlock | undefined {
  const text = String(file.value)
  if (!/^[A-Za-z_][\w-]*:(?:\s|$)/.test(text)) return undefined
  const lines = text.split('\n')
  const end = lines.findIndex((line) => /^-{3}\s*$/.test(line))
  if (end < 1 || end > 200) return undefined
  const yamlish = lines
    .slice(0, end)
    .every(
      (line) =>
        line.trim() === '' || /^[A-Za-z_][\w-]*:(?:\s|$)/.test(line) || /^\s+\S/.test(line) || /^-\s/.test(line),
    )
  if (!yamlish) return undefined
  const length = lines.slice(0, end + 1).join('\n').length
  file.value = text.slice(0, length).replace(/[^\n]/g, ' ') + text.slice(length)
  file.message(
    'Front matter without an opening `---` line (Hexo style); Galley reads it, but add `---` as the first line',
    {
      place: { line: 1, column: 1 },
      ruleId: 'fenceless-front-matter',
      source: SOURCE,
    },
  )
  return { value: lines.slice(0, end).join('\n'), contentOffset: 0 }
}

type Entries = Map<string, { value: unknown; offset?: number; keyOffset?: number }>

function readYaml(text: string, file: VFile, at: (offset?: number) => Point | undefined): Entries | undefined {
  const document = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true })
  for (const error of document.errors) {
    fatal(file, `Invalid YAML in the front matter: ${error.message.split('\n')[0]}`, at(error.pos[0]), 'invalid-yaml')
  }
  if (document.errors.length > 0) return undefined
  const contents = document.contents
  if (contents === null || (isScalar(contents) && contents.value === null)) return new Map()
  if (!isMap(contents)) {
    fatal(
      file,
      'Expected the front matter to be a map of `field: value` lines',
      at(contents.range?.[0]),
      'invalid-yaml',
    )
    return undefined
  }
  const entries: Entries = new Map()
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const valueNode = pair.value as YamlNode | null
    const keyOffset = (pair.key as YamlNode | null)?.range?.[0]
    const offset = valueNode?.range?.[0] ?? keyOffset
    const value =
      valueNode === null
        ? null
        : isSeq(valueNode) || isMap(valueNode) || isScalar(valueNode)
          ? valueNode.toJSON()
          : valueNode
    entries.set(key, { value, offset, keyOffset })
  }
  return entries
}

function readToml(
  text: string,
  file: VFile,
  at: (offset?: number) => Point | undefined,
  fence?: Point,
): Entries | undefined {
  let data: Record<string, unknown>
  try {
    data = parseToml(text) as Record<string, unknown>
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number }
    const place = line && fence ? { line: fence.line + line, column: column ?? 1 } : at(0)
    fatal(file, `Invalid TOML in the front matter: ${(error as Error).message.split('\n')[0]}`, place, 'invalid-toml')
    return undefined
  }
  const entries: Entries = new Map()
  for (const [key, value] of Object.entries(data)) {
    const match = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`, 'm').exec(text)
    // TOML dates parse to a Date-like object; keep the text the author wrote.
    const normalised = value instanceof Date ? (value as Date & { toISOString(): string }).toISOString() : value
    entries.set(key, {
      value: normalised,
      offset: match ? match.index + match[0].length - match[0].trimStart().length : 0,
    })
  }
  return entries
}

/**
 * A date or date-time as ISO 8601, keeping the precision given; undefined when it is not a real
 * calendar date (2025-02-30) or not a date at all.
 */
export function normaliseDate(text: string): string | undefined {
  // `2023/05/03` is as common in static-site front matter as `2023-05-03`.
  const match =
    /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined
  if (hour === undefined) return `${year}-${month}-${day}`
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return undefined
  let offset = ''
  if (zone) offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
  return `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction ?? ''}${offset}`
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'nothing'
  if (typeof value === 'object') return 'a nested map'
  return `${typeof value} \`${String(value)}\``
}

function fatal(file: VFile, reason: string, place: Point | undefined, ruleId: string): void {
  addError(file, reason, { place, ruleId, source: SOURCE })
}
