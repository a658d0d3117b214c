/**
 * The article page as a reviewer reads it (formatted, the shared stylesheet named instead of
 * repeated) and as a crawler reads it (title, language, social metadata, JSON-LD, dates, headings).
 */
import { readFileSync } from 'node:fs'
import type { Element, Root } from 'hast'
import { format } from 'hast-util-format'
import { fromHtml } from 'hast-util-from-html'
import { select, selectAll } from 'hast-util-select'
import { toHtml } from 'hast-util-to-html'
import { toText } from 'hast-util-to-text'

const STYLESHEET = 'templates/html/style.css'
const stylesheet = readFileSync(STYLESHEET, 'utf8')

/** The page with one element a line and nested elements indented; `<pre>` and inline text untouched. */
export function formatPage(html: string): string {
  const tree = fromHtml(html)
  for (const style of selectAll('style', tree)) {
    const text = style.children[0]
    // Every page inlines the template's stylesheet after its theme variables: named, not repeated.
    if (text?.type === 'text' && text.value.includes(stylesheet))
      text.value = text.value.replace(stylesheet, `\n/* ${STYLESHEET} (${Buffer.byteLength(stylesheet)} bytes) */\n`)
  }
  for (const script of selectAll('script[type="application/ld+json"]', tree)) {
    const text = script.children[0]
    if (text?.type === 'text') text.value = JSON.stringify(JSON.parse(text.value), null, 2).replace(/</g, '\\u003c')
  }
  format(tree)
  return `${toHtml(tree).trimEnd()}\n`
}

/** What the page tells crawlers and readers. */
export interface PageFacts {
  lang: string | undefined
  dir: string | undefined
  /** `<title>`. */
  documentTitle: string
  /** The article header's `h1`. */
  heading: string
  /** `<meta property|name>` values by key; repeated properties keep every value. */
  meta: Record<string, string[]>
  jsonLd: Record<string, unknown>
  /** The `<time>` of the article header (the byline's publication date): datetime attribute and text. */
  published: PageTime | undefined
  /** The `<time>` of the article footer (the date it was updated). */
  updated: PageTime | undefined
  /** h1–h3 of the article, the header's h1 first, with their rank. */
  headings: Array<{ rank: number; text: string }>
}

export function readPage(html: string): PageFacts {
  const tree: Root = fromHtml(html)
  const meta: Record<string, string[]> = {}
  for (const element of selectAll('meta[property], meta[name]', tree)) {
    const key = String(element.properties.property ?? element.properties.name)
    ;(meta[key] ??= []).push(String(element.properties.content ?? ''))
  }
  const script = select('script[type="application/ld+json"]', tree)
  const header = select('article > header', tree) ?? select('article', tree)
  const body = select('article .article-body', tree)
  const htmlElement = select('html', tree)
  return {
    lang: attribute(htmlElement, 'lang'),
    dir: attribute(htmlElement, 'dir'),
    documentTitle: text(select('title', tree)),
    heading: text(header && select('h1', header)),
    meta,
    jsonLd: script ? (JSON.parse(toText(script)) as Record<string, unknown>) : {},
    published: timeIn(header),
    updated: timeIn(select('article > footer', tree)),
    headings: [...(header ? selectAll('h1', header) : []), ...(body ? selectAll('h1, h2, h3', body) : [])].map(
      (element) => ({ rank: Number(element.tagName.slice(1)), text: text(element) }),
    ),
  }
}

/** A date the page shows: its machine-readable value and its text. */
export interface PageTime {
  datetime: string
  text: string
}

function timeIn(element: Element | undefined | null): PageTime | undefined {
  const times = element ? selectAll('time', element) : []
  if (times.length > 1)
    throw new Error(`Expected at most one <time> in the article's ${element!.tagName}, found ${times.length}`)
  return times[0] && { datetime: attribute(times[0], 'dateTime') ?? '', text: text(times[0]) }
}

function attribute(element: Element | undefined | null, name: string): string | undefined {
  const value = element?.properties[name]
  return value === undefined || value === null ? undefined : String(value)
}

function text(element: Element | undefined | null): string {
  return element ? toText(element).replace(/\s+/g, ' ').trim() : ''
}
