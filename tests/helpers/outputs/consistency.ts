/**
 * One article, four formats, one story: the title, the language, the headings and the dates each
 * format states, compared with each other. Returns every disagreement as a sentence naming both
 * places, so a failing loop says what to fix.
 */
import type { ArticleDate } from '../../../pipeline/types.ts'
import { comparable } from '../extract.ts'
import { pngHeader } from '../og.ts'
import type { NavEntry } from './epub-facts.ts'
import type { FeedFacts } from './feed-facts.ts'
import type { OutlineEntry } from './pdf-facts.ts'
import type { ReadOutputs } from './read-outputs.ts'
import type { RenderedArticle } from './render.ts'

type Place = [where: string, value: string | undefined]

/** Every way the formats of `rendered` disagree; empty when they tell one story. */
export function inconsistencies(rendered: RenderedArticle, outputs: ReadOutputs): string[] {
  return [
    ...titles(rendered, outputs),
    ...cardSize(rendered, outputs),
    ...languages(outputs),
    ...headings(outputs),
    ...dates(rendered, outputs),
  ]
}

/** The card's size as the page announces it, as the template drew it and as the PNG is. */
function cardSize({ card, cardPng, article }: RenderedArticle, { page }: ReadOutputs): string[] {
  const png = pngHeader(cardPng)
  return same('card size', [
    ['og:image:width×height', `${page.meta['og:image:width']?.[0]}×${page.meta['og:image:height']?.[0]}`],
    ['metadata.card', `${article.metadata.card.width}×${article.metadata.card.height}`],
    ['the card’s SVG', `${card.width}×${card.height}`],
    ['the card’s PNG', `${png.width}×${png.height}`],
  ])
}

/** The title of the page (og:title) in every other place that names it. */
function titles({ card, article }: RenderedArticle, { page, pdf, epub }: ReadOutputs): string[] {
  const title = page.meta['og:title']?.[0]
  const alt = page.meta['og:image:alt']?.[0]
  const problems = same('title', [
    ['og:title', title],
    ['twitter:title', page.meta['twitter:title']?.[0]],
    ['the page’s h1', page.heading],
    ['JSON-LD headline', stringOf(page.jsonLd.headline)],
    ['PDF /Title', pdf.info.Title],
    ['the PDF outline’s first entry', pdf.outline[0]?.title],
    ['OPF dc:title', epub.metadata.title[0]],
    ['the EPUB navigation’s first entry', epub.nav[0]?.title],
  ])
  problems.push(
    ...same('card alt text', [
      ['og:image:alt', alt],
      ['twitter:image:alt', page.meta['twitter:image:alt']?.[0]],
      ['metadata.card.alt', article.metadata.card.alt],
      ...(epub.coverAlt === undefined ? [] : [['the EPUB cover’s alt', epub.coverAlt] as Place]),
    ]),
  )
  if (title && alt && !normal(alt).includes(normal(title)))
    problems.push(`card alt text: og:image:alt "${alt}" does not name the title "${title}"`)
  if (title && !card.texts.some((text) => fitted(text, title)))
    problems.push(`title: the card shows none of its texts as the title "${title}": ${JSON.stringify(card.texts)}`)
  if (!page.documentTitle.startsWith(title ?? ''))
    problems.push(`title: <title> "${page.documentTitle}" does not start with og:title "${title}"`)
  return problems
}

/** The page's `lang` in the PDF catalog, the package document and every EPUB content document. */
function languages({ page, pdf, epub }: ReadOutputs): string[] {
  return [
    ...same('language', [
      ['<html lang>', page.lang],
      ['JSON-LD inLanguage', stringOf(page.jsonLd.inLanguage)],
      ['PDF /Lang', pdf.lang],
      ['OPF dc:language', epub.metadata.language[0]],
      ['OPF package xml:lang', epub.metadata.packageLang],
      ...epub.spine.map((doc): Place => [`EPUB ${doc.path} xml:lang`, doc.lang]),
    ]),
    ...same('direction', [
      ['<html dir>', page.dir],
      ['OPF package dir', epub.metadata.packageDir],
    ]),
  ]
}

/**
 * Every h1–h3 of the page in the PDF outline and the EPUB navigation, in the page's order: the
 * title as the one top entry, each h2 one level under it, an h3 under its h2 (or under the title
 * when no h2 comes before it). Deeper headings may sit between them.
 */
function headings({ page, pdf, epub }: ReadOutputs): string[] {
  return [
    ...outlineHas('the PDF outline', pdf.outline, page.headings),
    ...outlineHas('the EPUB navigation', epub.nav, page.headings),
  ]
}

function outlineHas(
  where: string,
  outline: Array<OutlineEntry | NavEntry>,
  wanted: ReadOutputs['page']['headings'],
): string[] {
  const problems: string[] = []
  const tops = outline.filter((entry) => entry.depth === 0)
  if (tops.length !== 1)
    problems.push(`headings: ${where} has ${tops.length} top-level entries, expected the title alone`)
  let from = 0
  let sawH2 = false
  for (const heading of wanted) {
    const depth = heading.rank === 1 ? 0 : heading.rank === 2 ? 1 : sawH2 ? 2 : 1
    if (heading.rank === 2) sawH2 = true
    const at = outline.findIndex((entry, index) => index >= from && normal(entry.title) === normal(heading.text))
    if (at < 0) {
      problems.push(`headings: h${heading.rank} "${heading.text}" is not in ${where} (after entry ${from})`)
      continue
    }
    if (outline[at]!.depth !== depth)
      problems.push(
        `headings: h${heading.rank} "${heading.text}" is at depth ${outline[at]!.depth} in ${where}, expected ${depth}`,
      )
    from = at + 1
  }
  return problems
}

/**
 * The publication date and the last change, wherever a format states them: the same instant in
 * the page's `<time>`, Open Graph, JSON-LD, the PDF's Info and the package document, and the same
 * words where the date is printed (the page, the PDF's first page, the EPUB's title page).
 */
function dates({ article }: RenderedArticle, { page, pdf, epub }: ReadOutputs): string[] {
  const { published, modified, buildDate } = article.metadata
  const problems: string[] = []
  const changed = modified ?? published
  problems.push(
    ...sameInstant('publication date', [
      ['the page’s byline <time>', page.published?.datetime],
      ['article:published_time', page.meta['article:published_time']?.[0]],
      ['JSON-LD datePublished', stringOf(page.jsonLd.datePublished)],
      ['OPF dc:date', epub.metadata.date[0]],
      // A PDF must have a creation date: an undated article's is its build date.
      ['PDF CreationDate', pdf.info.CreationDate],
      ...(published ? [] : ([['the build date', buildDate]] as Place[])),
    ]),
    ...sameInstant('date of the last change', [
      ['the page’s footer <time>', page.updated?.datetime ?? (modified ? undefined : page.published?.datetime)],
      ['article:modified_time', page.meta['article:modified_time']?.[0] ?? page.meta['article:published_time']?.[0]],
      ['JSON-LD dateModified', stringOf(page.jsonLd.dateModified)],
      ['OPF dcterms:modified', epub.metadata.properties['dcterms:modified']?.[0]],
      ['PDF ModDate', pdf.info.ModDate],
      ...(changed ? [] : ([['the build date', buildDate]] as Place[])),
    ]),
  )
  // A date stated in one format and missing in another is a disagreement too.
  problems.push(
    ...present('publication date', published, [
      ['the page’s byline <time>', page.published?.datetime],
      ['JSON-LD datePublished', stringOf(page.jsonLd.datePublished)],
      ['OPF dc:date', epub.metadata.date[0]],
    ]),
  )
  problems.push(
    ...present('date of the last change', modified, [
      ['the page’s footer <time>', page.updated?.datetime],
      ['article:modified_time', page.meta['article:modified_time']?.[0]],
    ]),
  )
  const titlePage = epub.spine.find((doc) => /title/i.test(doc.path))?.text ?? ''
  for (const [what, date, shown] of [
    ['publication date', published, page.published?.text],
    ['date of the last change', modified, page.updated?.text],
  ] as const) {
    if (!date) continue
    if (shown !== date.display) problems.push(`${what}: the page shows "${shown}", the metadata "${date.display}"`)
    if (!comparable(pdf.rawPages[0] ?? '').includes(comparable(date.display)))
      problems.push(`${what}: "${date.display}" is not on the PDF's first page`)
    if (what === 'publication date' && !normal(titlePage).includes(normal(date.display)))
      problems.push(`${what}: "${date.display}" is not on the EPUB's title page`)
  }
  return problems
}

/** Places that state a value and disagree with the first that states one. */
function same(what: string, places: Place[]): string[] {
  const [first, ...rest] = places
  if (!first) return []
  const problems: string[] = []
  if (first[1] === undefined) problems.push(`${what}: ${first[0]} is missing`)
  for (const [where, value] of rest) {
    if (value === undefined) problems.push(`${what}: ${where} is missing (${first[0]} is "${first[1]}")`)
    else if (normal(value) !== normal(first[1] ?? ''))
      problems.push(`${what}: ${where} is "${value}", ${first[0]} is "${first[1]}"`)
  }
  return problems
}

/** Places that state a date and give another instant than the first that states one. */
function sameInstant(what: string, places: Place[]): string[] {
  const stated = places.filter((place): place is [string, string] => place[1] !== undefined)
  const [first, ...rest] = stated
  if (!first) return []
  return rest
    .filter(([, value]) => instant(value) !== instant(first[1]))
    .map(([where, value]) => `${what}: ${where} is ${value}, ${first[0]} is ${first[1]}`)
}

/** Places that must state a date exactly when the article has one. */
function present(what: string, date: ArticleDate | undefined, places: Place[]): string[] {
  return places
    .filter(([, value]) => (value === undefined) === (date !== undefined))
    .map(([where, value]) =>
      date
        ? `${what}: ${where} is missing (the article gives ${date.iso})`
        : `${what}: ${where} is ${value}, but the article gives none`,
    )
}

/** Milliseconds since the epoch; a date without a time is midnight UTC. */
function instant(value: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
}

/** Whether a card text is the title, whole or cut short with an ellipsis to fit. */
function fitted(text: string, title: string): boolean {
  const shown = normal(text)
  if (shown === normal(title)) return true
  return shown.endsWith('…') && shown.length > 1 && normal(title).startsWith(shown.slice(0, -1).trimEnd())
}

/** Compared as a reader sees it: white space collapsed, invisible format characters (bidi isolates, soft hyphens) dropped. */
function normal(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC')
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/**
 * What the site's feeds say of the article: its title, language and dates as its page states them,
 * and (RSS's Media RSS) the card's alt text and size.
 */
export function feedInconsistencies(rendered: RenderedArticle, { page }: ReadOutputs, feeds: FeedFacts): string[] {
  const id = `urn:uuid:${rendered.article.metadata.identifier}`
  const { published, modified } = rendered.article.metadata
  const problems: string[] = []
  const publishedAt = page.published?.datetime
  const changedAt = modified ? page.updated?.datetime : publishedAt
  for (const name of ['atom', 'rss', 'json'] as const) {
    const item = feeds[name].get(id)
    if (!item) {
      problems.push(`feeds: the ${name} feed has no entry ${id}`)
      continue
    }
    problems.push(
      ...same(`${name} feed`, [
        ['og:title', page.meta['og:title']?.[0]],
        [`the ${name} entry's title`, item.title],
      ]),
      ...same(`${name} feed`, [
        ['<html lang>', page.lang],
        [`the ${name} entry's language`, item.lang],
      ]),
    )
    if (published)
      problems.push(
        ...sameInstant(`${name} feed`, [
          ['the page’s byline <time>', publishedAt],
          [`the ${name} entry's publication date`, item.published],
        ]),
      )
    else if (item.published) problems.push(`${name} feed: the entry is dated ${item.published}, the article is not`)
    // Atom needs an updated date even for an undated article (it takes the feed's); JSON Feed states one only when given.
    if (name !== 'rss' && (name === 'atom' ? changedAt : modified))
      problems.push(
        ...sameInstant(`${name} feed`, [
          ['the page’s last change', changedAt],
          [`the ${name} entry's updated date`, item.updated],
        ]),
      )
  }
  const rss = feeds.rss.get(id)
  if (rss)
    problems.push(
      ...same('rss feed', [
        ['og:image:alt', page.meta['og:image:alt']?.[0]],
        ['the RSS media:description', rss.cardAlt],
      ]),
      ...same('rss feed', [
        ['og:image:width×height', `${page.meta['og:image:width']?.[0]}×${page.meta['og:image:height']?.[0]}`],
        ['the RSS media:content size', rss.cardSize],
      ]),
    )
  return problems
}
