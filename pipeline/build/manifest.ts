/**
 * `output/manifest.json` and `output/index.html`: what a build wrote, for people and machines.
 */
import path from 'node:path'
import { toTimestamp } from '../metadata/timestamp.ts'
import type { ListingInput } from '../render/html.ts'
import type { Format, Metadata, SiteConfig } from '../types.ts'
import type { VFile } from 'vfile'

export interface ArtifactRecord {
  path: string
  bytes: number
  sha256: string
}

export interface ArticleResult {
  slug?: string
  sourcePath: string
  metadata?: Metadata
  artifacts: Partial<Record<Format, ArtifactRecord>>
  warnings: string[]
  errors: string[]
  file: VFile
  /** Formats rendered in this build (the others came unchanged from the cache). */
  rebuilt: Format[]
  /** Milliseconds spent parsing and per format, for the articles rebuilt. */
  timings: Partial<Record<Format | 'parse', number>>
}

/** The manifest document: per article its slug, source, status, metadata, artifacts and messages. */
export function manifest(articles: ArticleResult[]) {
  return {
    generator: 'galley',
    articles: articles.map(({ slug, sourcePath, metadata, artifacts, warnings, errors }) => ({
      slug: slug ?? null,
      source: sourcePath.split(path.sep).join('/'),
      status: errors.length === 0 ? 'built' : Object.keys(artifacts).length > 0 ? 'partial' : 'failed',
      metadata: metadata ?? null,
      artifacts,
      warnings,
      errors,
    })),
  }
}

/** What the index page shows: every built article, newest first (undated ones last). */
export function listingInput(config: SiteConfig, articles: ArticleResult[]): ListingInput {
  // Sort keys computed once, and one collator: `localeCompare` builds a collator on every call.
  const collator = new Intl.Collator(config.defaultLanguage)
  const entries = articles
    .filter((result) => result.metadata && result.artifacts.html)
    .map((result) => ({ metadata: result.metadata!, href: `${encodeURIComponent(result.metadata!.slug)}/`, time: publishedTime(result.metadata!) }))
    .sort((a, b) => b.time - a.time || collator.compare(a.metadata.title, b.metadata.title))
    .map(({ metadata, href }) => ({ metadata, href }))
  return { siteName: config.siteName, lang: config.defaultLanguage, theme: config.theme, entries }
}

function publishedTime(metadata: Metadata): number {
  return metadata.published ? Date.parse(toTimestamp(metadata.published)) : -Infinity
}
