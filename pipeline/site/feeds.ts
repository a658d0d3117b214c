/**
 * The site's feeds, for feed readers and newsletter tools: Atom 1.0 (RFC 4287), RSS 2.0 with the PDF
 * as its enclosure and the card as Media RSS `media:content`, and JSON Feed 1.1 with attachments.
 * XML is built as xast trees (the unified collective's XML syntax tree) and serialised by it.
 */
import type { Element, Root } from 'xast'
import { toXml } from 'xast-util-to-xml'
import { x } from 'xastscript'
import { type Feed, type FeedEntry, feedKey, feedOf } from './feed-entries.ts'
import { FEEDS } from './feed-files.ts'
import { needsSiteUrl, type SiteInput, type SiteOutput } from './site-output.ts'
import { publishedArticles } from './published.ts'

const [ATOM, RSS, JSON_FEED] = FEEDS

function feedOutput(fileName: string, write: (feed: Feed) => string): SiteOutput {
  return {
    fileName,
    skip: (site: SiteInput) =>
      needsSiteUrl(site) ?? (publishedArticles(site).length === 0 ? 'no article has a page' : undefined),
    key: feedKey,
    render: async (site) => ({ bytes: Buffer.from(write(await feedOf(site))) }),
  }
}

const xml = (root: Element) =>
  `${toXml({ type: 'root', children: [{ type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"' }, root] } as Root)}\n`

/** `feed.xml`: Atom 1.0. */
export const atomFeed = feedOutput(ATOM.fileName, (feed) =>
  xml(
    x('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': feed.lang }, [
      x('title', feed.title),
      x('subtitle', feed.description),
      x('link', { rel: 'alternate', type: 'text/html', href: feed.siteUrl }),
      x('link', { rel: 'self', type: ATOM.mediaType, href: `${feed.siteUrl}${ATOM.fileName}` }),
      x('id', feed.siteUrl),
      x('updated', feed.updated),
      x('author', [x('name', feed.author)]),
      x('generator', 'Galley'),
      ...feed.entries.map((entry) =>
        x('entry', { 'xml:lang': entry.lang }, [
          x('title', entry.title),
          x('link', { rel: 'alternate', type: 'text/html', href: entry.url }),
          ...[entry.pdf, entry.epub].flatMap((file) =>
            file
              ? [x('link', { rel: 'enclosure', type: file.mediaType, length: String(file.bytes), href: file.url })]
              : [],
          ),
          x('id', entry.id),
          entry.published ? x('published', entry.published) : undefined,
          // Atom requires a time for every entry: an undated article takes the feed's.
          x('updated', entry.modified ?? entry.published ?? feed.updated),
          ...entry.authors.map((name) => x('author', [x('name', name)])),
          ...entry.tags.map((term) => x('category', { term })),
          x('summary', entry.summary),
          entry.contentHtml !== undefined ? x('content', { type: 'html' }, entry.contentHtml) : undefined,
        ]),
      ),
    ]),
  ),
)

/** `rss.xml`: RSS 2.0, the PDF as the enclosure (one per item), the card as `media:content`. */
export const rssFeed = feedOutput(RSS.fileName, (feed) =>
  xml(
    x(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        'xmlns:media': 'http://search.yahoo.com/mrss/',
      },
      [
        x('channel', [
          x('title', feed.title),
          x('link', feed.siteUrl),
          x('description', feed.description),
          x('language', feed.lang),
          x('generator', 'Galley'),
          x('lastBuildDate', rfc822(feed.updated)),
          x('atom:link', { href: `${feed.siteUrl}${RSS.fileName}`, rel: 'self', type: RSS.mediaType }),
          ...feed.entries.map(rssItem),
        ]),
      ],
    ),
  ),
)

function rssItem(entry: FeedEntry): Element {
  return x('item', [
    x('title', entry.title),
    x('link', entry.url),
    x('guid', { isPermaLink: 'false' }, entry.id),
    entry.published ? x('pubDate', rfc822(entry.published)) : undefined,
    x('description', entry.summary),
    entry.contentHtml !== undefined ? x('content:encoded', entry.contentHtml) : undefined,
    ...entry.authors.map((name) => x('dc:creator', name)),
    ...entry.tags.map((tag) => x('category', tag)),
    x('dc:language', entry.lang),
    entry.pdf
      ? x('enclosure', { url: entry.pdf.url, length: String(entry.pdf.bytes), type: entry.pdf.mediaType })
      : undefined,
    entry.card
      ? x(
          'media:content',
          {
            url: entry.card.url,
            medium: 'image',
            type: entry.card.mediaType,
            fileSize: String(entry.card.bytes),
            width: String(entry.card.width),
            height: String(entry.card.height),
          },
          [x('media:description', { type: 'plain' }, entry.card.alt)],
        )
      : undefined,
  ])
}

/** `feed.json`: JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export const jsonFeed = feedOutput(JSON_FEED.fileName, (feed) => {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.siteUrl,
    feed_url: `${feed.siteUrl}${JSON_FEED.fileName}`,
    description: feed.description,
    language: feed.lang,
    authors: [{ name: feed.author }],
    items: feed.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      summary: entry.summary,
      ...(entry.contentHtml !== undefined ? { content_html: entry.contentHtml } : { content_text: entry.summary }),
      ...(entry.card ? { image: entry.card.url } : {}),
      ...(entry.published ? { date_published: entry.published } : {}),
      ...(entry.modified ? { date_modified: entry.modified } : {}),
      ...(entry.authors.length ? { authors: entry.authors.map((name) => ({ name })) } : {}),
      ...(entry.tags.length ? { tags: entry.tags } : {}),
      language: entry.lang,
      attachments: [entry.pdf, entry.epub, entry.card].flatMap((file) =>
        file ? [{ url: file.url, mime_type: file.mediaType, size_in_bytes: file.bytes }] : [],
      ),
    })),
  }
  return `${JSON.stringify(document, null, 2)}\n`
})

/** RFC 822 date-time, as RSS 2.0 wants it (`Fri, 23 May 2025 14:30:00 GMT`). */
function rfc822(timestamp: string): string {
  return new Date(timestamp).toUTCString()
}
