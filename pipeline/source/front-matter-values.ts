/**
 * Front matter values checked and normalised, one reader per kind of field. A reader returns the
 * value, or a problem (what was expected, what was found), and may add a note: the value was read
 * leniently, and the author should know how Galley read it.
 */
import { slug as slugify } from 'github-slugger'
import { readDate } from '../import/read-date.ts'

export interface Read<T = unknown> {
  value?: T
  problem?: string
  /** Set when the value was read leniently: how, in one sentence. */
  note?: string
}
export type Reader<T = unknown> = (value: unknown) => Read<T>

export const asText: Reader<string> = (value) =>
  typeof value === 'string'
    ? { value: value.trim() }
    : typeof value === 'number'
      ? { value: String(value) }
      : { problem: `expected text, found ${describe(value)}` }

export const asTitle: Reader<string> = (value) => {
  const read = asText(value)
  return read.value === '' ? { problem: 'expected the headline, found an empty value' } : read
}

export const asTextList: Reader<string[]> = (value) => {
  if (typeof value === 'string') return { value: value.trim() ? [value.trim()] : [] }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return { value: value.map((item) => String(item).trim()).filter(Boolean) }
  return { problem: `expected text or a list of text, found ${describe(value)}` }
}

/**
 * `a, b` as a list, for header formats (Pelican) where every value is one line of text; with a `;`
 * anywhere, `;` separates (`Doyle, Conan; Metaireau, Alexis`), as in Pelican.
 */
export function splitList(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return value
    .split(value.includes(';') ? ';' : ',')
    .map((item) => item.trim())
    .filter(Boolean)
}

export const asDate: Reader<string> = (value) => {
  if (value instanceof Date) return { value: value.toISOString() }
  if (typeof value !== 'string') return { problem: `expected a date such as 2025-05-23, found ${describe(value)}` }
  const text = value.trim()
  const strict = normaliseDate(text)
  if (strict) return { value: strict }
  const impossible = {
    problem: `expected a real date such as 2025-05-23 or 2025-05-23T14:30:00+02:00, found \`${text}\``,
  }
  // A text of the ISO shape that failed is an impossible date (2025-02-30): never guess around it.
  if (ISO_SHAPE.test(text)) return impossible
  if (/^(?:git )?(?:last modified|created)$/i.test(text))
    return { problem: `\`${text}\` is Eleventy's file-date keyword, and Galley reads no file dates` }
  // `2020-12-04 T12:22:00+07:00`: a space before the T.
  const spaced = /^(\d{4}-\d{2}-\d{2})\s+T\s*(\S.*)$/i.exec(text)
  const lenient = spaced ? normaliseDate(`${spaced[1]}T${spaced[2]}`) : readDate(text)
  if (!lenient) return impossible
  return { value: lenient, note: `\`${text}\` is not an ISO 8601 date; read as ${lenient}, which is how to write it` }
}

const ISO_SHAPE = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T ]\d|$)/i

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

export const asLanguage: Reader<string> = (value) => {
  if (typeof value !== 'string')
    return { problem: `expected a BCP 47 language tag such as \`en\`, found ${describe(value)}` }
  try {
    return { value: Intl.getCanonicalLocales(value.trim())[0] }
  } catch {
    return { problem: `expected a BCP 47 language tag such as \`en\` or \`pt-BR\`, found \`${value}\`` }
  }
}

export const asUrl: Reader<string> = (value) =>
  typeof value === 'string' && /^https?:\/\//.test(value.trim()) && URL.canParse(value.trim())
    ? { value: value.trim() }
    : {
        problem: `expected an absolute http(s) URL, found ${typeof value === 'string' ? `\`${value}\`` : describe(value)}`,
      }

/** Lower-case letters (any script, with their marks), digits and single hyphens. */
const SLUG = /^[\p{Ll}\p{Lo}\p{M}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{M}\p{N}]+)*$/u

/** A slug as given, or made URL-safe (`mkdocs-2.0` → `mkdocs-2-0`) with a note. */
export const asSlug: Reader<string> = (value) => {
  if (typeof value !== 'string' && typeof value !== 'number')
    return { problem: `expected a slug such as \`my-story\`, found ${describe(value)}` }
  const text = String(value).trim()
  if (SLUG.test(text)) return { value: text }
  const made = slugify(text.replace(/[^\p{L}\p{M}\p{N}]+/gu, '-'))
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
  if (!made || !SLUG.test(made))
    return { problem: `expected a slug of lower-case letters, digits and single hyphens, found \`${text}\`` }
  return {
    value: made,
    note: `made \`${text}\` URL-safe as \`${made}\` (lower-case letters, digits and single hyphens)`,
  }
}

/** true for `true`, `yes` and `draft`; false for anything else. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(?:true|yes|draft)$/i.test(value.trim()))
}

/** What a value is, for a problem's "found …". */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'nothing'
  if (typeof value === 'object') return 'a nested map'
  return `${typeof value} \`${String(value)}\``
}

/** A plain object (a YAML/TOML map), not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
