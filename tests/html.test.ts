import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromHtml } from 'hast-util-from-html'
import { selectAll } from 'hast-util-select'
import { toString } from 'hast-util-to-string'
import ogs from 'open-graph-scraper'
import { beforeAll, describe, expect, it } from 'vitest'
import { build, type BuildResult } from '../pipeline/index.ts'
import type { HtmlTemplate } from '../pipeline/render/html.ts'
import { renderListing } from '../pipeline/site/listing.ts'
import { toTimestamp } from '../pipeline/metadata/extract-metadata.ts'
import type { Metadata } from '../pipeline/types.ts'
import { testConfig } from './helpers/articles.ts'
import { checkHtml } from './helpers/vnu.ts'

const sources = ['input', 'tests/fixtures/every-element/input.md']
let out: string
let result: BuildResult

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'galley-html-'))
  result = await build({ targets: sources, outDir: out, formats: ['html'], config: { config: testConfig } })
}, 60_000)

const page = (slug: string) => readFileSync(path.join(out, slug, 'index.html'), 'utf8')
const metadataOf = (slug: string): Metadata => result.articles.find((article) => article.slug === slug)!.metadata!

describe('the HTML pages', () => {
  it('builds every source', () => {
    expect(result.exitCode).toBe(0)
    expect(result.articles.map((article) => article.slug).sort()).toEqual([
      'every-element',
      'russia-ukraine-largest-prisoner-exchange',
      'ukraine-russia-begin-largest-prisoner-swap-of-the-war',
    ])
  })

  it('passes the Nu HTML Checker with no errors, index page included', async () => {
    const files = [
      ...result.articles.map((article) => path.join(out, article.slug!, 'index.html')),
      path.join(out, 'index.html'),
    ]
    const messages = await checkHtml(files)
    const errors = messages.filter((message) => message.type !== 'info')
    expect(errors.map((message) => `${message.url}:${message.lastLine}: ${message.message}`)).toEqual([])
  }, 120_000)

  for (const slug of [
    'every-element',
    'ukraine-russia-begin-largest-prisoner-swap-of-the-war',
    'russia-ukraine-largest-prisoner-exchange',
  ]) {
    it(`gives a real Open Graph client the metadata object's values for ${slug}`, async () => {
      const m = metadataOf(slug)
      const { result: og } = await ogs({
        html: page(slug),
        // Open Graph repeats array properties; ask the client to keep every value, not the last.
        customMetaTags: [
          { multiple: true, property: 'article:tag', fieldName: 'articleTags' },
          { multiple: true, property: 'article:author', fieldName: 'articleAuthors' },
        ],
      })
      const custom = (og.customMetaTags ?? {}) as Record<string, string[] | string | undefined>
      expect(og.ogType).toBe('article')
      expect(og.ogTitle).toBe(m.title)
      expect(og.ogDescription).toBe(m.description)
      expect(og.ogUrl).toBe(m.canonicalUrl)
      expect(og.ogSiteName).toBe(m.siteName)
      expect(og.ogLocale).toBe('en_US')
      expect(og.ogImage?.[0]).toMatchObject({
        url: m.cardUrl,
        width: '1200',
        height: '630',
        type: 'image/png',
        alt: m.card.alt,
      })
      expect(og.twitterCard).toBe('summary_large_image')
      expect(og.twitterTitle).toBe(m.title)
      expect(og.twitterImage?.[0]?.url).toBe(m.cardUrl)
      expect(og.articlePublishedTime).toBe(m.published ? toTimestamp(m.published) : undefined)
      expect(og.articleModifiedTime).toBe(m.modified ? toTimestamp(m.modified) : undefined)
      expect([custom.articleTags ?? []].flat()).toEqual(m.tags)
      expect([custom.articleAuthors ?? []].flat()).toEqual(m.authors)
      expect(og.jsonLD?.[0]).toMatchObject({
        '@type': 'NewsArticle',
        headline: m.title,
        description: m.description,
        inLanguage: m.lang,
      })
    })
  }

  it('lists every author, date and tag for the reader, with machine-readable dates', () => {
    const html = page('every-element')
    // Each name in <bdi>, so a Latin name in a right-to-left byline keeps its order.
    expect(html).toContain('By <bdi>Ada Lovelace</bdi> and <bdi>Grace Hopper</bdi>')
    expect(html).toContain('<time datetime="2025-05-14T09:30:00+02:00">May 14, 2025</time>')
    expect(html).toContain('<html lang="en" dir="ltr">')
    expect(html).toContain('<link rel="canonical" href="https://news.example.org/every-element/">')
    expect(html.match(/<meta property="article:author"/g)).toHaveLength(2)
  })

  it('makes no request of its own: no external stylesheet, script or image', () => {
    for (const article of result.articles) {
      const html = page(article.slug!)
      expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/)
      expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/)
      expect(html).not.toMatch(/<img[^>]+src="(?:https?:)?\/\//)
    }
  })

  it('copies local images beside the page', () => {
    expect(
      readFileSync(path.join(out, 'every-element', 'valley.png'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG')
  })

  it('keeps JSON-LD safe inside its script element', async () => {
    const { renderHtml } = await import('../pipeline/render/html.ts')
    const { parseText } = await import('./helpers/articles.ts')
    const { loadTemplate } = await import('../pipeline/render/index.ts')
    const { article } = await parseText('---\ntitle: "</script><script>alert(1)</script>"\n---\n\nBody.')
    const bytes = await renderHtml({
      ...article!,
      template: await loadTemplate('html', testConfig),
      artifacts: new Map(),
    })
    const html = new TextDecoder().decode(bytes)
    const scripts = selectAll('script', fromHtml(html))
    expect(scripts).toHaveLength(1)
    expect(JSON.parse(toString(scripts[0]!)).headline).toBe('</script><script>alert(1)</script>')
  })

  it('writes an index page linking every article, newest first', () => {
    const index = readFileSync(path.join(out, 'index.html'), 'utf8')
    const links = [...index.matchAll(/<h2><a href="([^"]+)"/g)].map((match) => match[1])
    // May 23 before May 14; the undated article last.
    expect(links).toEqual([
      'ukraine-russia-begin-largest-prisoner-swap-of-the-war/',
      'every-element/',
      'russia-ukraine-largest-prisoner-exchange/',
    ])
  })

  it('says which metadata fields the index page template read, or all of them when it listed the keys', () => {
    const entries = result.articles.map((article) => ({
      metadata: article.metadata!,
      href: `${article.slug}/`,
      downloads: [],
    }))
    const input = { siteName: 'Desk', lang: 'en', theme: metadataOf('every-element').theme, entries, feeds: [] }
    const page = (children: string[]) => ({
      type: 'root' as const,
      children: children.map((value) => ({ type: 'text' as const, value })),
    })
    const reading: HtmlTemplate = {
      page: () => page([]),
      listing: ({ entries }) =>
        page(
          entries.map(
            (entry) =>
              `${entry.metadata.title} ${'image' in entry.metadata} ${Object.hasOwn(entry.metadata, 'modified')}`,
          ),
        ),
    }
    expect(renderListing(reading, input).fieldsRead).toEqual(['image', 'modified', 'title'])
    // A template that clones the metadata cannot be given the recording stand-ins: it reads it all.
    const cloning: HtmlTemplate = {
      page: () => page([]),
      listing: ({ entries }) => page(entries.map((entry) => structuredClone(entry.metadata).title)),
    }
    const cloned = renderListing(cloning, input)
    expect(cloned.fieldsRead).toEqual(['*'])
    expect(new TextDecoder().decode(cloned.bytes)).toContain(metadataOf('every-element').title)
    const listingKeys: HtmlTemplate = {
      page: () => page([]),
      listing: ({ entries }) => page(entries.map((entry) => JSON.stringify({ ...entry.metadata }))),
    }
    const all = renderListing(listingKeys, input)
    expect(all.fieldsRead).toEqual(['*'])
    expect(new TextDecoder().decode(all.bytes)).toContain(JSON.stringify(metadataOf('every-element').title))
  })
})
