/**
 * An article date as a full ISO 8601 timestamp in UTC. Its own module: the HTML and EPUB writers
 * need it without loading the parser behind the metadata step.
 */
import type { ArticleDate } from '../types.ts'

/** `2025-05-23T00:00:00Z` for a date without time; the time and zone kept when given. */
export function toTimestamp(date: ArticleDate): string {
  const iso = date.hasTime ? date.iso : `${date.iso}T00:00:00`
  const withZone = /(?:Z|[+-]\d\d:\d\d)$/.test(iso) ? iso : `${iso}Z`
  // Whole seconds: EPUB's dcterms:modified allows no fraction (CCYY-MM-DDThh:mm:ssZ).
  return new Date(withZone).toISOString().replace(/\.\d+Z$/, 'Z')
}
