/**
 * Dates as newsrooms write them ("May 23, 2025", "Sat, Jun 20 2026 11:57:21 pm", RFC 2822, ISO 8601)
 * → ISO 8601, keeping only the precision and time zone the text gives.
 */
import { createRequire } from 'node:module'
import type * as Chrono from 'chrono-node/en'

// Loaded on first use, and its English parsers alone (what chrono's own `parse` uses): the whole
// package, every language's parsers, took 80 ms to load; most builds never read a free-form date.
let chrono: typeof Chrono | undefined
const loadChrono = () => (chrono ??= createRequire(import.meta.url)('chrono-node/en') as typeof Chrono)

/** ISO 8601 for `text`, or undefined when no date can be read from it. */
export function readDate(text: string): string | undefined {
  return plainDate(text) ?? chronoDate(text)
}

/** What chrono reads in `text`, as ISO 8601 with the precision and zone it gives. */
export function chronoDate(text: string): string | undefined {
  const [result] = loadChrono().parse(text, undefined, { forwardDate: false })
  if (!result) return undefined
  const { start } = result
  const pad = (value: number | null | undefined, size = 2) => String(value ?? 0).padStart(size, '0')
  if (!start.isCertain('year') || !start.isCertain('month') || !start.isCertain('day')) return undefined
  const date = `${pad(start.get('year'), 4)}-${pad(start.get('month'))}-${pad(start.get('day'))}`
  if (!start.isCertain('hour')) return date
  const time = `${pad(start.get('hour'))}:${pad(start.get('minute'))}:${pad(start.get('second'))}`
  if (!start.isCertain('timezoneOffset')) return `${date}T${time}`
  const offset = start.get('timezoneOffset') ?? 0
  const zone =
    offset === 0
      ? 'Z'
      : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  return `${date}T${time}${zone}`
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Full names, or the abbreviations with or without their dot (chrono reads no dot after a full name).
const MONTH =
  '(january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?)'
const MONTH_DAY_YEAR = new RegExp(`^${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})$`, 'i')
const DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})\\s+${MONTH},?\\s+(\\d{4})$`, 'i')

/**
 * The day of a date written the two plainest ways (`Jul 01 2022`, Astro's; `May 23, 2025`;
 * `23 May 2025`), read without chrono, which took 50 ms to load and compile its patterns for the
 * first date it read: what chrono reads them as (tested), or undefined to ask chrono.
 */
export function plainDate(text: string): string | undefined {
  const monthFirst = MONTH_DAY_YEAR.exec(text)
  const dayFirst = monthFirst ? undefined : DAY_MONTH_YEAR.exec(text)
  const [month, day, year] = monthFirst
    ? [monthFirst[1]!, monthFirst[2]!, monthFirst[3]!]
    : dayFirst
      ? [dayFirst[2]!, dayFirst[1]!, dayFirst[3]!]
      : []
  // Years before 1000 would be read by Date.UTC as 19xx: chrono's too.
  if (!month || !day || !year || Number(year) < 1000) return undefined
  const index = MONTHS.indexOf(month.slice(0, 3).toLowerCase())
  const date = new Date(Date.UTC(Number(year), index, Number(day)))
  // Not a real day of that month (Feb 30): chrono's to judge.
  if (date.getUTCMonth() !== index || date.getUTCDate() !== Number(day)) return undefined
  return date.toISOString().slice(0, 10)
}
