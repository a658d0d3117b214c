/**
 * The HTML article page and the index page. Edit the markup here and the look in `style.css`;
 * point `templates.html` in the config at a copy of this folder to replace it.
 *
 * Metadata fields used: title, description, authors, published, modified, lang, dir, tags, source,
 * readingMinutes, canonicalUrl, cardUrl, card, image, siteName, siteUrl, identifier, wordCount.
 * Also given: the article's other files (`downloads`: PDF, EPUB, card, with sizes) and the site's feeds.
 */
import { readFileSync } from 'node:fs'
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Download, FeedLink, HtmlTemplate, ListingEntry } from '../../pipeline/render/html.ts'
import type { Format } from '../../pipeline/types.ts'
import type { Metadata, Theme } from '../../pipeline/types.ts'
import type { Labels } from '../shared/labels.ts'

// Read once when the template loads; inlined so the page makes no request of its own.
const css = readFileSync(new URL('./style.css', import.meta.url), 'utf8')

const template: HtmlTemplate = {
  // What a screen reader announces for the body's scrolling regions, numbered in page order.
  regionLabels: {
    code: (number, language) => (language ? `Code block ${number} (${language})` : `Code block ${number}`),
    table: (number) => `Table ${number}`,
    formula: (number) => `Formula ${number}`,
  },

  page({ metadata, titleMarkup, descriptionMarkup, body, jsonLd, social, labels, downloads, feeds }) {
    const m = metadata
    return {
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang: m.lang, dir: m.dir }, [
          h('head', [
            h('meta', { charSet: 'utf-8' }),
            h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
            h('title', `${m.title} — ${m.siteName}`),
            h('meta', { name: 'description', content: m.description }),
            m.authors.length ? h('meta', { name: 'author', content: m.authors.join(', ') }) : undefined,
            m.canonicalUrl ? h('link', { rel: 'canonical', href: m.canonicalUrl }) : undefined,
            ...downloads
              .filter((download) => download.format !== 'og')
              .map((download) =>
                h('link', {
                  rel: 'alternate',
                  type: download.mediaType,
                  href: download.href,
                  title: LABELS[download.format],
                }),
              ),
            ...feedAlternates(feeds, m.siteName),
            ...social,
            h('meta', { name: 'color-scheme', content: 'light' }),
            h('style', themeVariables(m.theme) + css),
            h('script', { type: 'application/ld+json' }, jsonLd),
          ]),
          h('body', [
            h('a.skip-link', { href: '#article' }, 'Skip to the article'),
            h('header.site-header', [h('a.site-name', { href: '../' }, m.siteName)]),
            h('main#article', [
              h('article', [
                h('header.article-header', [
                  kicker(m),
                  h('h1', titleMarkup),
                  m.descriptionIsExcerpt ? undefined : h('p.dek', autoDir(m.description, m.dir), descriptionMarkup),
                  byline(m, labels),
                  leadImage(m),
                ]),
                h('div.article-body', body),
                downloadList(downloads, m.lang),
                footer(m, labels),
              ]),
            ]),
            h('footer.site-footer', [h('p', [h('a', { href: '../' }, `More from ${m.siteName}`)])]),
          ]),
        ]),
      ],
    }
  },

  listing({ siteName, lang, theme, entries, feeds, labelsFor }) {
    return {
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang }, [
          h('head', [
            h('meta', { charSet: 'utf-8' }),
            h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
            h('title', siteName),
            h('meta', { name: 'description', content: `Articles published by ${siteName}` }),
            ...feedAlternates(feeds, siteName),
            h('style', themeVariables(theme) + css),
          ]),
          h('body', [
            h('header.site-header', [h('span.site-name', siteName)]),
            h('main#article', [
              h('h1.listing-title', 'Articles'),
              h(
                'ol.listing',
                entries.map((entry) => listingEntry(entry, labelsFor(entry.metadata.lang))),
              ),
            ]),
          ]),
        ]),
      ],
    }
  },
}

export default template

/** The config's theme colours as CSS custom properties that `style.css` reads. */
function themeVariables(theme: Theme): string {
  return `:root{--text:${theme.text};--background:${theme.background};--accent:${theme.accent};--muted:${theme.muted}}\n`
}

function kicker(m: Metadata): ElementContent | undefined {
  const label = m.tags[0] ?? m.source
  return label ? h('p.kicker', label) : undefined
}

/** The byline in the article's language; names and dates in `<bdi>`, so a Latin name in Arabic keeps its order. */
function byline(m: Metadata, words: Labels): ElementContent {
  const parts: ElementContent[] = []
  if (m.authors.length) {
    const [before, after] = words.around('by')
    const names = new Intl.ListFormat(m.lang, { type: 'conjunction' })
      .formatToParts(m.authors)
      .map((part) => (part.type === 'element' ? h('bdi', part.value) : part.value))
    parts.push(
      h(
        'span.author',
        [before, ...names, after].filter((part) => part !== ''),
      ),
    )
  }
  if (m.published) parts.push(h('bdi', [h('time', { dateTime: m.published.iso }, m.published.display)]))
  parts.push(h('span', words.readingTime(m.readingMinutes)))
  const separated = parts.flatMap((part, index) =>
    index ? [h('span.sep', { ariaHidden: 'true' }, ' · '), part] : [part],
  )
  return h('p.byline', separated)
}

function leadImage(m: Metadata): ElementContent | undefined {
  if (!m.image) return undefined
  return h('figure.lead-image', [h('img', { src: m.image.src, alt: m.image.alt })])
}

function footer(m: Metadata, words: Labels): ElementContent | undefined {
  const lines: ElementContent[] = []
  if (m.modified) {
    const [before, after] = words.around('updated')
    lines.push(h('p', [before, h('bdi', [h('time', { dateTime: m.modified.iso }, m.modified.display)]), after]))
  }
  if (m.source) {
    const [before, after] = words.around('firstPublishedBy')
    lines.push(h('p', [before, h('bdi', m.source), `${after}.`]))
  }
  if (m.tags.length)
    lines.push(
      h(
        'ul.tags',
        { ariaLabel: 'Tags' },
        m.tags.map((tag) => h('li', tag)),
      ),
    )
  return lines.length ? h('footer.article-footer', lines) : undefined
}

function listingEntry(entry: ListingEntry, words: Labels): ElementContent {
  const m = entry.metadata
  // Each entry in its own language and direction: an index may list Arabic and English articles side by side.
  return h('li', { lang: m.lang, dir: m.dir }, [
    h('h2', [h('a', { href: entry.href }, m.title)]),
    h('p.dek', autoDir(m.description, m.dir), m.description),
    h('p.byline', [
      m.published ? h('time', { dateTime: m.published.iso }, m.published.display) : words.readingTime(m.readingMinutes),
      m.published ? ` · ${words.readingTime(m.readingMinutes)}` : '',
    ]),
    entry.downloads.length
      ? h(
          'p.formats',
          entry.downloads.flatMap((download, index) => [
            index ? ' · ' : '',
            h(
              'a',
              { href: download.href, type: download.mediaType, ariaLabel: `${LABELS[download.format]}: ${m.title}` },
              SHORT_LABELS[download.format],
            ),
          ]),
        )
      : undefined,
  ])
}

// What each of an article's files is called for the reader.
const LABELS: Record<Format, string> = { html: 'Web page', pdf: 'PDF', epub: 'EPUB e-book', og: 'Social card (PNG)' }
const SHORT_LABELS: Record<Format, string> = { html: 'Page', pdf: 'PDF', epub: 'EPUB', og: 'Card' }

/** The article's files as download links, each with its type and size. */
function downloadList(downloads: Download[], lang: string): ElementContent | undefined {
  if (downloads.length === 0) return undefined
  return h('aside.downloads', { ariaLabel: 'Downloads' }, [
    h('p.downloads-title', 'Take it with you'),
    h(
      'ul',
      downloads.map((download) =>
        h('li', [
          h('a', { href: download.href, type: download.mediaType, download: '' }, LABELS[download.format]),
          ' (',
          h('data', { value: String(download.bytes) }, fileSize(download.bytes, lang)),
          ')',
        ]),
      ),
    ),
  ])
}

/** `245 kB`, `1.2 MB`: a size in the reader's language. */
function fileSize(bytes: number, lang: string): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [Math.max(1, bytes / 1000), 'kilobyte']
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value)
}

/** `<link rel="alternate">` for each of the site's feeds. */
function feedAlternates(feeds: FeedLink[], siteName: string): ElementContent[] {
  return feeds.map((feed) =>
    h('link', { rel: 'alternate', type: feed.mediaType, href: feed.href, title: `${siteName} (${feed.name})` }),
  )
}

/** `{ dir: 'auto' }` when `text` starts in the other direction from the article's (its first strong letter), else nothing. */
function autoDir(text: string, dir: 'ltr' | 'rtl'): { dir?: 'auto' } {
  const letter = /\p{L}/u.exec(text)?.[0]
  if (letter === undefined) return {}
  const own = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.test(letter) ? 'rtl' : 'ltr'
  return own === dir ? {} : { dir: 'auto' }
}
