/**
 * The articles a site shows, in the order it shows them: every article with a page, newest first,
 * undated ones after the dated ones (never given the build's time), then by title.
 */
import { toTimestamp } from '../metadata/timestamp.ts'
import type { ArticleResult, Metadata } from '../types.ts'
import type { SiteInput } from './site-output.ts'

/** An article with a page and metadata. */
export type PublishedArticle = ArticleResult & { metadata: Metadata; slug: string }

const ordered = new WeakMap<SiteInput, PublishedArticle[]>()

/** The site's published articles, newest first; computed once per build. */
export function publishedArticles(site: SiteInput): PublishedArticle[] {
  let list = ordered.get(site)
  if (!list) {
    // Sort keys computed once, and one collator: `localeCompare` builds a collator on every call.
    const collator = new Intl.Collator(site.config.defaultLanguage)
    list = site.articles
      .filter((result): result is PublishedArticle => Boolean(result.metadata && result.artifacts.html))
      .map((result) => ({ result, time: publishedTime(result.metadata) }))
      .sort((a, b) => b.time - a.time || collator.compare(a.result.metadata.title, b.result.metadata.title))
      .map(({ result }) => result)
    ordered.set(site, list)
  }
  return list
}

function publishedTime(metadata: Metadata): number {
  return metadata.published ? Date.parse(toTimestamp(metadata.published)) : Number.NEGATIVE_INFINITY
}
