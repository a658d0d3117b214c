/**
 * The site around the articles: builds that add to it, the index and manifest that list every
 * article, the pages' download links, the feeds read by real feed clients, the sitemap.
 */
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseFeed } from 'feedsmith'
import { fromHtml } from 'hast-util-from-html'
import { selectAll } from 'hast-util-select'
import { toString } from 'hast-util-to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import { type BuildOptions, build, type BuildResult } from '../pipeline/index.ts'
import { checkHtml } from './helpers/vnu.ts'

const run = promisify(execFile)
const CORPUS = path.resolve('../shared/corpus/articles')
const SITE_URL = 'https://news.example.org/desk'
const SITE_FILES = ['index.html', 'manifest.json', 'feed.xml', 'rss.xml', 'feed.json', 'sitemap.xml']

/** A folder holding a copy of the real-post corpus as `posts/` (never inside the project). */
function workspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-site-'))
  cpSync(CORPUS, path.join(dir, 'posts'), { recursive: true })
  return dir
}

const options = (dir: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({
  targets: ['posts'],
  cwd: dir,
  outDir: 'output',
  config: { config: resolveConfig({ siteName: 'Desk', siteUrl: SITE_URL }, dir) },
  concurrency: 2,
  ...extra,
})
const siteFiles = (out: string) =>
  Object.fromEntries(SITE_FILES.map((name) => [name, readFileSync(path.join(out, name), 'utf8')]))
const manifestOf = (out: string) =>
  JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
    articles: Array<{
      source: string
      slug: string | null
      status: string
      metadata: { lang: string }
      artifacts: Record<string, { path: string; bytes: number }>
    }>
  }
const messages = (result: BuildResult) =>
  result.buildFile.messages.map((message) => `${message.reason} (${message.ruleId})`)

/** Python's feedparser (Debian's python3-feedparser) on a feed file: what a feed reader sees. */
async function feedparser(file: string) {
  const script = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({"bozo": d.bozo, "error": str(d.get("bozo_exception", "")), "version": d.version,
  "entries": [{"title": e.get("title"), "published": e.get("published"), "updated": e.get("updated"),
    "id": e.get("id"), "link": e.get("link"), "language": e.get("language") or e.get("title_detail", {}).get("language"),
    "enclosures": [{"type": x.get("type"), "length": x.get("length"), "href": x.get("href")} for x in e.get("enclosures", [])],
    "media": e.get("media_content", [])} for e in d.entries]}))
`
  const { stdout } = await run('/usr/bin/python3', ['-c', script, file], { maxBuffer: 64 * 1024 * 1024 })
  return JSON.parse(stdout) as {
    bozo: number
    error: string
    version: string
    entries: Array<{
      title: string
      published?: string
      updated?: string
      id: string
      link: string
      language?: string
      enclosures: Array<{ type: string; length: string; href: string }>
      media: Array<{ url: string; type: string; filesize: string }>
    }>
  }
}

describe('a site built from real posts', () => {
  let dir: string
  let out: string
  let full: BuildResult
  let published: ReturnType<typeof manifestOf>['articles']

  beforeAll(async () => {
    dir = workspace()
    out = path.join(dir, 'output')
    full = await build(options(dir))
    published = manifestOf(out).articles.filter((entry) => entry.artifacts.html)
  }, 240_000)

  it('builds the corpus, refusing only the post with no title', () => {
    const refused = full.articles.filter((article) => !article.metadata).map((article) => article.sourcePath)
    expect(refused).toEqual(['posts/hexo-no-title.md'])
    expect(published.length).toBe(19)
  })

  it('keeps the site whole when one article is built again: manifest, index, feeds and sitemap byte-identical', async () => {
    const before = siteFiles(out)
    const one = await build(options(dir, { targets: ['posts/rust-check-cfg.md'], force: true }))
    // The post that fails (no title) is read again too, as a whole build would: nothing keeps a failure.
    const rebuilt = one.articles.filter((article) => article.metadata && article.rebuilt.length > 0)
    expect(rebuilt.map((article) => article.sourcePath)).toEqual(['posts/rust-check-cfg.md'])
    expect(one.articles).toHaveLength(full.articles.length)
    expect(siteFiles(out)).toEqual(before)
  }, 120_000)

  it('offers each page its PDF, EPUB and card, with the sizes they have on disk', () => {
    for (const entry of published) {
      const page = fromHtml(readFileSync(path.join(out, entry.slug!, 'index.html'), 'utf8'))
      const links = selectAll('.downloads a[download]', page)
      expect(links.map((link) => link.properties.type)).toEqual([
        'application/pdf',
        'application/epub+zip',
        'image/png',
      ])
      const lang = String(selectAll('html', page)[0]!.properties.lang)
      for (const item of selectAll('.downloads li', page)) {
        const link = selectAll('a', item)[0]!
        const size = selectAll('data', item)[0]!
        // The exact size for machines, and for people in the page's language.
        const bytes = statSync(path.join(out, entry.slug!, String(link.properties.href))).size
        expect(Number(size.properties.value), `${entry.slug}: ${link.properties.href}`).toBe(bytes)
        const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [bytes / 1000, 'kilobyte']
        const digits = value < 10 ? 1 : 0
        const expected = new Intl.NumberFormat(lang, {
          style: 'unit',
          unit,
          unitDisplay: 'short',
          maximumFractionDigits: digits,
        })
        expect(toString(size), `${entry.slug} (${lang})`).toBe(expected.format(value))
      }
      const alternates = selectAll('link[rel=alternate]', page).map((link) => String(link.properties.type))
      expect(alternates).toEqual([
        'application/pdf',
        'application/epub+zip',
        'application/atom+xml',
        'application/rss+xml',
        'application/feed+json',
      ])
    }
  })

  it('links only relatively, so the output works from a sub-path', () => {
    const pages = [path.join(out, 'index.html'), ...published.map((entry) => path.join(out, entry.slug!, 'index.html'))]
    for (const file of pages) {
      const tree = fromHtml(readFileSync(file, 'utf8'))
      // The links Galley makes (an article's own links are the author's).
      const made = 'link[href], .site-header a, .site-footer a, .downloads a, .listing a, .article-body img[src]'
      for (const element of selectAll(made, tree)) {
        const url = String(element.properties.href ?? element.properties.src)
        if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) continue
        expect(url.startsWith('/'), `${file}: ${url}`).toBe(false)
        const target = path.resolve(path.dirname(file), decodeURI(url.split('#')[0]!))
        expect(existsSync(target), `${file} links ${url}`).toBe(true)
      }
    }
  })

  it('lists every article with its formats on the index page', () => {
    const index = fromHtml(readFileSync(path.join(out, 'index.html'), 'utf8'))
    expect(selectAll('.listing > li', index)).toHaveLength(published.length)
    expect(selectAll('.listing .formats a', index)).toHaveLength(published.length * 3)
  })

  it('passes the Nu HTML Checker: the index and every page with its download links', async () => {
    const files = [path.join(out, 'index.html'), ...published.map((entry) => path.join(out, entry.slug!, 'index.html'))]
    const errors = (await checkHtml(files)).filter((message) => message.type !== 'info')
    expect(errors.map((message) => `${message.url}:${message.lastLine}: ${message.message}`)).toEqual([])
  }, 120_000)

  it('writes Atom and RSS feeds that feedparser reads cleanly, newest first, with the PDF and the card', async () => {
    const manifest = manifestOf(out).articles
    const bySlug = new Map(manifest.map((entry) => [entry.slug, entry]))
    for (const [name, version] of [
      ['feed.xml', 'atom10'],
      ['rss.xml', 'rss20'],
    ] as const) {
      const feed = await feedparser(path.join(out, name))
      expect({ bozo: Number(feed.bozo), error: feed.error, version: feed.version }).toEqual({
        bozo: 0,
        error: '',
        version,
      })
      expect(feed.entries).toHaveLength(published.length)
      const slugs = feed.entries.map((entry) => entry.link.replace(`${SITE_URL}/`, '').replace(/\/$/, ''))
      expect(new Set(slugs)).toEqual(new Set(published.map((entry) => entry.slug)))
      // Newest first; undated articles after every dated one.
      const times = feed.entries.map((entry) => (entry.published ? Date.parse(entry.published) : undefined))
      const dated = times.filter((time) => time !== undefined)
      expect(dated).toEqual([...dated].sort((a, b) => b - a))
      expect(times.slice(dated.length).every((time) => time === undefined)).toBe(true)
      for (const entry of feed.entries) {
        const record = bySlug.get(entry.link.replace(`${SITE_URL}/`, '').replace(/\/$/, ''))!
        const pdf = entry.enclosures.find((enclosure) => enclosure.type === 'application/pdf')!
        expect(pdf.href).toBe(`${SITE_URL}/${record.artifacts.pdf!.path}`)
        expect(Number(pdf.length)).toBe(statSync(path.join(out, record.artifacts.pdf!.path)).size)
        expect(entry.language).toBe(record.metadata.lang)
        if (name === 'rss.xml') {
          expect(entry.enclosures).toHaveLength(1)
          expect(entry.media[0]).toMatchObject({ url: `${SITE_URL}/${record.artifacts.og!.path}`, type: 'image/png' })
          expect(Number(entry.media[0]!.filesize)).toBe(record.artifacts.og!.bytes)
        }
      }
    }
  }, 60_000)

  it('writes a JSON Feed 1.1 with attachments and the card as image, read back by a JSON Feed parser', () => {
    const text = readFileSync(path.join(out, 'feed.json'), 'utf8')
    const { format, feed } = parseFeed(text) as { format: string; feed: { items: Array<Record<string, unknown>> } }
    expect(format).toBe('json')
    expect(JSON.parse(text).version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.items).toHaveLength(published.length)
    for (const item of feed.items) {
      expect(typeof item.content_html).toBe('string')
      expect(String(item.image)).toMatch(/\/og\.png$/)
      const attachments = item.attachments as Array<{ mime_type: string; size_in_bytes: number; url: string }>
      expect(attachments.map((attachment) => attachment.mime_type)).toEqual([
        'application/pdf',
        'application/epub+zip',
        'image/png',
      ])
      for (const attachment of attachments)
        expect(statSync(path.join(out, attachment.url.replace(`${SITE_URL}/`, ''))).size).toBe(attachment.size_in_bytes)
      // Full content with absolute links: a feed reader has no page to resolve them against.
      expect(String(item.content_html)).not.toMatch(/(?:href|src)="(?!https?:|mailto:|#)[^"]/)
    }
  })

  it('writes a sitemap of the index and every page', () => {
    const sitemap = readFileSync(path.join(out, 'sitemap.xml'), 'utf8')
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1])
    expect(locations[0]).toBe(`${SITE_URL}/`)
    expect(new Set(locations)).toEqual(
      new Set([`${SITE_URL}/`, ...published.map((entry) => `${SITE_URL}/${entry.slug}/`)]),
    )
    expect(locations).toHaveLength(published.length + 1)
  })
})

describe('builds that add to a site', () => {
  const few = (dir: string, targets: string[], extra: Partial<BuildOptions> = {}) =>
    build(options(dir, { targets, formats: ['html'], concurrency: 1, ...extra }))

  it('come out byte for byte as one build of the same sources, in any order of pieces', async () => {
    const dir = workspace()
    const whole = await build(options(dir, { outDir: 'whole', formats: ['html'] }))
    expect(whole.exitCode).toBe(1)
    await few(dir, ['posts/rust-check-cfg.md'])
    await few(dir, ['posts/react-*.md'])
    await few(dir, ['posts'])
    await few(dir, ['posts/eleventy-firstpost.md'])
    expect(siteFiles(path.join(dir, 'output'))).toEqual(siteFiles(path.join(dir, 'whole')))
    for (const entry of manifestOf(path.join(dir, 'whole')).articles.filter((article) => article.slug))
      expect(readFileSync(path.join(dir, 'output', entry.slug!, 'index.html'), 'utf8')).toBe(
        readFileSync(path.join(dir, 'whole', entry.slug!, 'index.html'), 'utf8'),
      )
  }, 120_000)

  it('remove an article whose source is gone, and the old folder of one whose slug changed, saying so', async () => {
    const dir = workspace()
    await few(dir, ['posts'])
    const count = manifestOf(path.join(dir, 'output')).articles.length
    rmSync(path.join(dir, 'posts', 'rust-i128-layout-update.md'))
    const moved = path.join(dir, 'posts', 'eleventy-firstpost.md')
    writeFileSync(moved, readFileSync(moved, 'utf8').replace(/^title:/m, 'slug: first-post\ntitle:'))
    const after = await few(dir, ['posts/eleventy-firstpost.md'])
    const slugs = manifestOf(path.join(dir, 'output')).articles.map((entry) => entry.slug)
    expect(slugs).toHaveLength(count - 1)
    expect(slugs).not.toContain('rust-i128-layout-update')
    expect(slugs).toContain('first-post')
    expect(existsSync(path.join(dir, 'output', 'rust-i128-layout-update'))).toBe(false)
    expect(existsSync(path.join(dir, 'output', 'first-post', 'index.html'))).toBe(true)
    expect(messages(after)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /Removed `output\/rust-i128-layout-update\/`: its source `posts\/rust-i128-layout-update\.md` no longer exists \(removed-article\)/,
        ),
        expect.stringMatching(
          /Removed `output\/[^`]+\/`: `posts\/eleventy-firstpost\.md` is now published as `output\/first-post\/` \(removed-article\)/,
        ),
      ]),
    )
    const index = readFileSync(path.join(dir, 'output', 'index.html'), 'utf8')
    expect(index).not.toContain('rust-i128-layout-update/')
  }, 120_000)

  it('still refuse a second source with the same slug, keeping the article already listed', async () => {
    const dir = workspace()
    await few(dir, ['posts'])
    writeFileSync(
      path.join(dir, 'posts', 'zz-copy.md'),
      '---\ntitle: A copy\nslug: rust-check-cfg\n---\n\nSame slug as another post.\n',
    )
    const result = await few(dir, ['posts/zz-copy.md'])
    const copy = result.articles.find((article) => article.sourcePath === 'posts/zz-copy.md')!
    expect(copy.errors).toEqual([expect.stringMatching(/already used by posts\/rust-check-cfg\.md.*duplicate-slug/)])
    expect(readFileSync(path.join(dir, 'output', 'rust-check-cfg', 'index.html'), 'utf8')).not.toContain('A copy')
  }, 120_000)

  it('make a damaged manifest again from the cache, and name the folders nothing lists when both are lost', async () => {
    const dir = workspace()
    const out = path.join(dir, 'output')
    await few(dir, ['posts'])
    const listed = manifestOf(out).articles.length
    writeFileSync(path.join(out, 'manifest.json'), '{"articles": [')
    const repaired = await few(dir, ['posts/rust-check-cfg.md'])
    expect(messages(repaired)).toEqual([expect.stringMatching(/found invalid JSON .*damaged-manifest/)])
    expect(manifestOf(out).articles).toHaveLength(listed)
    // A damaged cache shard: its articles are built again from their sources, with a warning.
    const shard = readdirSync(path.join(out, '.galley-cache')).find(
      (name) =>
        /^[0-9a-f]\.json$/.test(name) &&
        !readFileSync(path.join(out, '.galley-cache', name), 'utf8').includes('rust-check-cfg'),
    )!
    writeFileSync(path.join(out, '.galley-cache', shard), '')
    const uncached = await few(dir, ['posts/rust-check-cfg.md'])
    expect(messages(uncached)).toEqual([expect.stringMatching(/1 damaged file\(s\).*built again.*damaged-cache/)])
    // Not targeted, but its cache entry was in the damaged file: built again from its source.
    const rebuilt = uncached.articles.filter((article) => article.metadata && article.rebuilt.length > 0)
    expect(rebuilt.map((article) => article.sourcePath)).not.toContain('posts/rust-check-cfg.md')
    expect(rebuilt.length).toBeGreaterThan(0)
    expect(manifestOf(out).articles).toHaveLength(listed)
    // Both records gone: nothing is lost silently.
    writeFileSync(path.join(out, 'manifest.json'), '{"generator": "galley"}')
    rmSync(path.join(out, '.galley-cache'), { recursive: true })
    const blind = await few(dir, ['posts/rust-check-cfg.md'])
    const unlisted = messages(blind).filter((message) => message.includes('unlisted-folder'))
    expect(unlisted).toHaveLength(listed - 2)
    expect(unlisted[0]).toMatch(/build its source again to list it/)
    // Building them again lists them again.
    await few(dir, ['posts'])
    expect(manifestOf(out).articles).toHaveLength(listed)
  }, 120_000)

  it('make no feeds or sitemap without a site URL, warn once why, and take one from --site-url', async () => {
    const dir = workspace()
    const config = { config: resolveConfig({ siteName: 'Desk' }, dir) }
    const bare = await few(dir, ['posts/rust-check-cfg.md'], { config })
    expect(messages(bare)).toEqual([expect.stringMatching(/feeds and sitemap.*not made.*missing-site-url/)])
    expect(readdirSync(path.join(dir, 'output')).filter((name) => /feed|rss|sitemap/.test(name))).toEqual([])
    const given = await few(dir, ['posts/rust-check-cfg.md'], { config, siteUrl: 'https://example.com/news/' })
    expect(messages(given)).toEqual([])
    const feed = readFileSync(path.join(dir, 'output', 'rss.xml'), 'utf8')
    expect(feed).toContain('<link>https://example.com/news/rust-check-cfg/</link>')
    await expect(few(dir, ['posts'], { config, siteUrl: 'example.com' })).rejects.toThrow(
      '--site-url must be an absolute http(s) URL, not `example.com`',
    )
  }, 120_000)

  it('follow the feed settings: the newest few, summaries only', async () => {
    const dir = workspace()
    const config = {
      config: resolveConfig({ siteName: 'Desk', siteUrl: SITE_URL, feed: { limit: 3, content: 'summary' } }, dir),
    }
    await few(dir, ['posts'], { config })
    const feed = JSON.parse(readFileSync(path.join(dir, 'output', 'feed.json'), 'utf8')) as {
      items: Array<Record<string, unknown>>
    }
    expect(feed.items).toHaveLength(3)
    expect(feed.items.every((item) => item.content_html === undefined && typeof item.content_text === 'string')).toBe(
      true,
    )
    expect(readFileSync(path.join(dir, 'output', 'feed.xml'), 'utf8')).not.toContain('<content')
    expect(() => resolveConfig({ feed: { limit: 0 } }, dir)).toThrow('`feed.limit` must be a whole number above 0')
  }, 120_000)
})
