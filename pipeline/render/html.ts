/**
 * The HTML renderer: the shared tree inside the page template, with Open Graph, Twitter card and
 * JSON-LD `NewsArticle` built from the metadata (https://ogp.me, https://schema.org/NewsArticle).
 */
import type { Element, ElementContent, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import { toTimestamp } from '../metadata/timestamp.ts'
import { FEEDS } from '../site/feed-files.ts'
import type { Format, Metadata, Renderer, Theme } from '../types.ts'
import { type Labels, labelsFor } from '../../templates/shared/labels.ts'
import { withBlockDirections } from './dir-auto.ts'
import { accessibleBody, ENGLISH_REGION_LABELS, type RegionLabels } from './html-accessible-body.ts'
import { RENDERERS } from './index.ts'
import { inlineContent } from './styled-text.ts'

/** What the page template receives. */
export interface PageInput {
  metadata: Metadata
  /** The title as inline markup: its code and emphasis kept (`metadata.title` is its plain text). */
  titleMarkup: ElementContent[]
  /** The front matter description as inline markup (`metadata.description` is its plain text). */
  descriptionMarkup: ElementContent[]
  /** The article body: a copy of the shared tree's children, with the page's accessibility markup and `dir` where a block reads the other way. */
  body: ElementContent[]
  /** `<meta>` elements for Open Graph and the Twitter card, to place in `<head>`. */
  social: Element[]
  /** The JSON-LD document, already serialised and safe inside `<script>`. */
  jsonLd: string
  /** The article's other files (PDF, EPUB, card), linked relative to the page. */
  downloads: Download[]
  /** The site's feeds, linked relative to the page; empty when the site has none (no site URL). */
  feeds: FeedLink[]
  /** The words around the article (byline, reading time, "Updated"…) in its language, shared by every format. */
  labels: Labels
}

/** One of an article's files, to offer for download. */
export interface Download {
  format: Format
  /** Relative to the page that links it. */
  href: string
  mediaType: string
  bytes: number
}

/** A feed of the site, for `<link rel="alternate">`. */
export interface FeedLink {
  href: string
  mediaType: string
  /** The feed's format, for the link's title: `Atom`, `RSS`, `JSON Feed`. */
  name: string
}

/** What the template's `listing` is given: the site, and its articles in the order shown. */
export interface ListingInput {
  siteName: string
  lang: string
  theme: Theme
  entries: ListingEntry[]
  /** The site's feeds, relative to the index page. */
  feeds: FeedLink[]
  /** The shared words of a language (each entry is shown in its own). */
  labelsFor(lang: string): Labels
}

/** One article on the index page. */
export interface ListingEntry {
  metadata: Metadata
  /** Link to the article page, relative to the index. */
  href: string
  /** The article's files, relative to the index. */
  downloads: Download[]
}

export interface HtmlTemplate {
  page(input: PageInput): Root
  listing(input: ListingInput): Root
  /** Names of the body's scrolling regions (code blocks, tables, formulas). Default: English. */
  regionLabels?: RegionLabels
}

/** Render the article page. */
export const renderHtml: Renderer<HtmlTemplate> = async ({ tree, metadata, template, siblings }) => {
  const downloads = [...(siblings ?? [])].map(([format, file]) => ({
    format,
    href: encodeURI(file.fileName),
    mediaType: RENDERERS[format]!.mediaType,
    bytes: file.bytes,
  }))
  const page = template.page({
    metadata,
    titleMarkup: inlineContent(metadata.title, metadata.titleRuns),
    descriptionMarkup: inlineContent(metadata.description, metadata.descriptionRuns),
    body: withBlockDirections(
      accessibleBody(tree, template.regionLabels ?? ENGLISH_REGION_LABELS).children as ElementContent[],
      metadata.dir,
    ),
    social: socialMeta(metadata),
    jsonLd: jsonLd(metadata),
    labels: labelsFor(metadata.lang),
    downloads,
    feeds: metadata.siteUrl ? feedLinks('../') : [],
  })
  return new TextEncoder().encode(`${toHtml(page)}\n`)
}

/** The site's feeds, as seen from a page `base` away from the output folder's root. */
export function feedLinks(base: string): FeedLink[] {
  return FEEDS.map((feed) => ({ href: `${base}${feed.fileName}`, mediaType: feed.mediaType, name: feed.name }))
}

/** Open Graph and Twitter card `<meta>` elements, one per property, in the protocol's order. */
export function socialMeta(m: Metadata): Element[] {
  const og: Array<[string, string | number | undefined]> = [
    ['og:type', 'article'],
    ['og:title', m.title],
    ['og:description', m.description],
    ['og:url', m.canonicalUrl],
    ['og:site_name', m.siteName],
    ['og:locale', ogLocale(m.lang)],
    ['og:image', m.cardUrl],
    ['og:image:type', 'image/png'],
    ['og:image:width', m.card.width],
    ['og:image:height', m.card.height],
    ['og:image:alt', m.card.alt],
    ['article:published_time', m.published && toTimestamp(m.published)],
    ['article:modified_time', m.modified && toTimestamp(m.modified)],
    ...m.authors.map((author): [string, string] => ['article:author', author]),
    ['article:section', m.tags[0]],
    ...m.tags.map((tag): [string, string] => ['article:tag', tag]),
  ]
  const twitter: Array<[string, string]> = [
    ['twitter:card', 'summary_large_image'],
    ['twitter:title', m.title],
    ['twitter:description', m.description],
    ['twitter:image', m.cardUrl],
    ['twitter:image:alt', m.card.alt],
  ]
  return [
    ...og
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([property, content]) => h('meta', { property, content: String(content) })),
    ...twitter.map(([name, content]) => h('meta', { name, content })),
  ]
}

/** schema.org `NewsArticle`, serialised so that no `</script>` can close the element early. */
export function jsonLd(m: Metadata): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: m.title,
    description: m.description,
    inLanguage: m.lang,
    ...(m.canonicalUrl ? { url: m.canonicalUrl, mainEntityOfPage: { '@type': 'WebPage', '@id': m.canonicalUrl } } : {}),
    identifier: `urn:uuid:${m.identifier}`,
    image: [m.cardUrl],
    ...(m.published ? { datePublished: toTimestamp(m.published) } : {}),
    ...(m.modified || m.published ? { dateModified: toTimestamp((m.modified ?? m.published)!) } : {}),
    ...(m.authors.length ? { author: m.authors.map((name) => ({ '@type': 'Person', name })) } : {}),
    publisher: { '@type': 'Organization', name: m.siteName, ...(m.siteUrl ? { url: m.siteUrl } : {}) },
    ...(m.source ? { sourceOrganization: { '@type': 'Organization', name: m.source } } : {}),
    ...(m.tags.length ? { keywords: m.tags } : {}),
    wordCount: m.wordCount,
    timeRequired: `PT${m.readingMinutes}M`,
  }
  return JSON.stringify(data).replace(/</g, '\\u003c')
}

/** `en` → `en_US`, `pt-BR` → `pt_BR`: Open Graph wants language_TERRITORY. */
export function ogLocale(lang: string): string {
  try {
    const locale = new Intl.Locale(lang).maximize()
    return locale.region ? `${locale.language}_${locale.region}` : locale.language
  } catch {
    return lang.replace('-', '_')
  }
}
