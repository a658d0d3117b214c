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
