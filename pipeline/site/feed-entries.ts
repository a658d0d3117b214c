/**
 * The feeds' shared model: the newest articles as entries with absolute URLs, their files, dates and
 * content, from which the Atom, RSS and JSON Feed outputs are written.
 */
import { createHash } from 'node:crypto'
import { readCachedContent } from '../build/cache.ts'
import { articlePageUrl } from '../metadata/extract-metadata.ts'
import { toTimestamp } from '../metadata/timestamp.ts'
import { folderVersion, loadTemplate, templateFolder } from '../render/index.ts'
import type { ArtifactRecord, Metadata } from '../types.ts'
import { type PublishedArticle, publishedArticles } from './published.ts'
import type { SiteInput } from './site-output.ts'

/** The feed template: the words of the feed and of each entry. */
export interface FeedTemplate {
  channel(site: { siteName: string; siteUrl: string; lang: string }): { title: string; description: string }
  entry(metadata: Metadata): { title: string; summary: string }
}

export interface FeedFile {
  url: string
  bytes: number
  mediaType: string
}

export interface FeedEntry {
  /** `urn:uuid:…`: stable whatever the site's URL. */
  id: string
  url: string
  title: string
  summary: string
  /** The whole article as HTML with absolute links, when the config asks for full content. */
  contentHtml?: string
  /** RFC 3339 timestamps. */
  published?: string
  modified?: string
  authors: string[]
  tags: string[]
  lang: string
  pdf?: FeedFile
  epub?: FeedFile
  card?: FeedFile & { width: number; height: number; alt: string }
}

export interface Feed {
  title: string
  description: string
  siteUrl: string
  lang: string
  author: string
  /** The newest date of any article of the site, else the build date: never the clock. */
  updated: string
  entries: FeedEntry[]
}

const feeds = new WeakMap<SiteInput, Promise<Feed>>()

/** The site's feed model (computed once per build; the site must have a URL). */
export function feedOf(site: SiteInput): Promise<Feed> {
  let feed = feeds.get(site)
  if (!feed) feeds.set(site, (feed = makeFeed(site)))
  return feed
}

async function makeFeed(site: SiteInput): Promise<Feed> {
  const { config } = site
  const siteUrl = `${config.siteUrl!}/`
  const template = await loadTemplate<FeedTemplate>('feed', config, folderVersion(templateFolder('feed', config)))
  const articles = publishedArticles(site)
  const channel = template.channel({ siteName: config.siteName, siteUrl, lang: config.defaultLanguage })
  return {
    ...channel,
    siteUrl,
    lang: config.defaultLanguage,
    author: config.siteName,
    updated: newestDate(articles) ?? articles[0]?.metadata.buildDate ?? '1980-01-01T00:00:00Z',
    entries: articles.slice(0, config.feed.limit).map((article) => entryOf(site, article, template)),
  }
}

function entryOf(site: SiteInput, article: PublishedArticle, template: FeedTemplate): FeedEntry {
  const { metadata: m, artifacts } = article
  const url = articlePageUrl(site.config.siteUrl!, article.slug)
  const words = template.entry(m)
  const content =
    site.config.feed.content === 'full' && article.sourceHash
      ? readCachedContent(site.outDir, article.sourceHash)
      : undefined
  const file = (artifact: ArtifactRecord | undefined, mediaType: string) =>
    artifact && { url: `${site.config.siteUrl}/${encodeURI(artifact.path)}`, bytes: artifact.bytes, mediaType }
  const pdf = file(artifacts.pdf, 'application/pdf')
  const epub = file(artifacts.epub, 'application/epub+zip')
  const card = file(artifacts.og, 'image/png')
  return {
    id: `urn:uuid:${m.identifier}`,
    url,
    title: words.title,
    summary: words.summary,
    // Its links made absolute when the article was rendered (see feed-content.ts).
    ...(content !== undefined ? { contentHtml: content } : {}),
    ...(m.published ? { published: toTimestamp(m.published) } : {}),
    ...(m.modified ? { modified: toTimestamp(m.modified) } : {}),
    authors: m.authors,
    tags: m.tags,
    lang: m.lang,
    ...(pdf ? { pdf } : {}),
    ...(epub ? { epub } : {}),
    ...(card ? { card: { ...card, width: m.card.width, height: m.card.height, alt: m.card.alt } } : {}),
  }
}

function newestDate(articles: PublishedArticle[]): string | undefined {
  let newest: string | undefined
  for (const { metadata } of articles)
    for (const date of [metadata.published, metadata.modified]) {
      const time = date && toTimestamp(date)
      if (time && (!newest || Date.parse(time) > Date.parse(newest))) newest = time
    }
  return newest
}

/**
 * A key that changes whenever the feed model would, without making it (its content is read from
 * disk): the template, the code, templates and settings, the feed's date, and each entry's source and files.
 */
export function feedKey(site: SiteInput): string {
  const articles = publishedArticles(site)
  const hash = createHash('sha256')
    .update(folderVersion(templateFolder('feed', site.config)))
    .update(`\n${JSON.stringify(site.environment)}\n${JSON.stringify(site.config)}\n`)
    .update(`${newestDate(articles) ?? articles[0]?.metadata.buildDate}\n`)
  for (const article of articles.slice(0, site.config.feed.limit))
    hash.update(`${article.sourceHash}\t${JSON.stringify(article.metadata)}\t${JSON.stringify(article.artifacts)}\n`)
  return hash.digest('hex')
}
