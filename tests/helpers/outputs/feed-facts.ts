/**
 * The site's feeds (Atom, RSS, JSON Feed) for a set of rendered articles, made by the site outputs a
 * build uses and read back with the feedsmith parser: what each says of each article, by id.
 */
import { parseFeed } from 'feedsmith'
import { atomFeed, jsonFeed, rssFeed } from '../../../pipeline/site/feeds.ts'
import type { SiteInput } from '../../../pipeline/site/site-output.ts'
import type { ArticleResult, SiteConfig } from '../../../pipeline/types.ts'
import { testConfig } from '../articles.ts'
import type { RenderedArticle } from './render.ts'

/** What one feed says of one article. */
export interface FeedItem {
  title?: string
  published?: string
  updated?: string
  lang?: string
  cardAlt?: string
  cardSize?: string
}

/** Per feed (`atom`, `rss`, `json`), its items by `urn:uuid:` id. */
export type FeedFacts = Record<'atom' | 'rss' | 'json', Map<string, FeedItem>>

/** Make the three feeds for `articles` (all of them: the limit is raised to their number) and read them. */
export async function readFeeds(articles: RenderedArticle[], config: SiteConfig = testConfig): Promise<FeedFacts> {
  const site: SiteInput = {
    config: { ...config, feed: { limit: articles.length, content: 'summary' } },
    articles: articles.map(({ article, cardPng }): ArticleResult => {
      const slug = article.metadata.slug
      return {
        slug,
        sourcePath: article.sourcePath,
        metadata: article.metadata,
        artifacts: {
          html: { path: `${slug}/index.html`, bytes: 0, sha256: '' },
          og: { path: `${slug}/og.png`, bytes: cardPng.byteLength, sha256: '' },
        },
        warnings: [],
        errors: [],
        file: article.file,
        rebuilt: [],
        timings: {},
      }
    }),
    outDir: '',
    environment: { html: '', og: '', pdf: '', epub: '' },
  }
  const text = async (output: typeof atomFeed) => new TextDecoder().decode((await output.render(site)).bytes)
  return {
    atom: atomItems(await text(atomFeed)),
    rss: rssItems(await text(rssFeed)),
    json: jsonItems(await text(jsonFeed)),
  }
}

type Parsed = { feed: Record<string, unknown> }
type Loose = Record<string, unknown>

function atomItems(xml: string): Map<string, FeedItem> {
  const { feed } = parseFeed(xml) as unknown as Parsed
  return new Map(
    ((feed.entries ?? []) as Loose[]).map((entry) => [
      String(entry.id),
      {
        title: (entry.title as { value?: string } | undefined)?.value,
        published: entry.published as string | undefined,
        updated: entry.updated as string | undefined,
        lang: (entry.xml as { lang?: string } | undefined)?.lang,
      },
    ]),
  )
}

function rssItems(xml: string): Map<string, FeedItem> {
  const { feed } = parseFeed(xml) as unknown as Parsed
  return new Map(
    ((feed.items ?? []) as Loose[]).map((item) => {
      type Media = { description?: { value?: string }; width?: number; height?: number }
      const card = (item.media as { contents?: Media[] } | undefined)?.contents?.[0]
      return [
        String((item.guid as { value?: string } | undefined)?.value),
        {
          title: item.title as string | undefined,
          published: item.pubDate as string | undefined,
          lang: (item.dc as { languages?: string[] } | undefined)?.languages?.[0],
          cardAlt: card?.description?.value,
          cardSize: card && `${card.width}×${card.height}`,
        },
      ]
    }),
  )
}

function jsonItems(json: string): Map<string, FeedItem> {
  const { feed } = parseFeed(json) as unknown as Parsed
  return new Map(
    ((feed.items ?? []) as Loose[]).map((item) => [
      String(item.id),
      {
        title: item.title as string | undefined,
        published: item.date_published as string | undefined,
        updated: item.date_modified as string | undefined,
        lang: item.language as string | undefined,
      },
    ]),
  )
}
