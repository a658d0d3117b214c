/**
 * The shapes every stage agrees on: a parsed article, its shared metadata, and the renderer contract.
 */
import type { Root } from 'hast'
import type { VFile } from 'vfile'

/** The output formats Galley knows, in the order they are built. */
export const FORMATS = ['html', 'og', 'pdf', 'epub'] as const
export type Format = (typeof FORMATS)[number]

/** Theme colours shared by every format; each is a CSS colour string. */
export interface Theme {
  /** Body text. Default `#1a1a1a`. */
  text: string
  /** Page and card background. Default `#fffdf8`. */
  background: string
  /** Links, kicker and rules. Default `#b3261e`. */
  accent: string
  /** Secondary text: byline, captions. Default `#5f5f5f`. */
  muted: string
}

/** Site settings, read once from `galley.config.ts` or `galley.config.json`. */
export interface SiteConfig {
  /** Name of the site or newsletter, shown on every artifact. Default `Galley`. */
  siteName: string
  /** Absolute base URL where `output/` is published, without trailing slash. Default: none (links stay relative). */
  siteUrl?: string
  /** Author used when an article names none. Default: none. */
  defaultAuthor?: string
  /** BCP 47 language used when an article names none. Default `en`. */
  defaultLanguage: string
  theme: Theme
  /** Folders that replace the built-in `templates/<format>/`, relative to the config file. Default: none. */
  templates: Partial<Record<Format, string>>
  /** PDF page size. Default `A4`. */
  pageSize: 'A4' | 'Letter'
}

/** A date as the article gave it, normalised to ISO 8601. */
export interface ArticleDate {
  /** ISO 8601: `2025-05-23`, `2025-05-23T14:00:00` or `2025-05-23T14:00:00+02:00`, as precise as the source. */
  iso: string
  /** Whether the source gave a time of day. */
  hasTime: boolean
  /** The calendar date written out in the article's language, e.g. `May 23, 2025`. */
  display: string
}

/** The one format-neutral description of an article that every renderer reads. */
export interface Metadata {
  title: string
  /** From the front matter, or an excerpt of the first paragraph (at most 160 characters). */
  description: string
  descriptionIsExcerpt: boolean
  authors: string[]
  published?: ArticleDate
  modified?: ArticleDate
  /** Canonical BCP 47 tag, e.g. `en`, `pt-BR`, `zh-Hant`. */
  lang: string
  /** Where `lang` came from: the front matter, detection from the text, or the site's default language. */
  langSource: 'front-matter' | 'detected' | 'default'
  dir: 'ltr' | 'rtl'
  slug: string
  tags: string[]
  /** The outlet that first published the article, if any. */
  source?: string
  wordCount: number
  readingMinutes: number
  /** Absolute canonical URL, when the front matter or the site URL gives one. */
  canonicalUrl?: string
  /** URL of the social card: absolute with a site URL, else relative to the article page. */
  cardUrl: string
  card: { width: number; height: number; alt: string }
  /** Lead image from the front matter, path relative to the article. */
  image?: { src: string; alt: string }
  /** Name-based UUID (v5) of the canonical URL, or of `galley:<slug>` without one. */
  identifier: string
  siteName: string
  siteUrl?: string
  theme: Theme
  /** The instant written into artifacts that need one: `SOURCE_DATE_EPOCH`, else the article's dates. */
  buildDate: string
}

/** A local file the article refers to (an image), read once by the orchestrator. */
export interface Asset {
  /** The reference exactly as written in the source. */
  src: string
  /** Path relative to the article folder, normalised, never leaving it. */
  path: string
  mediaType: string
  data: Uint8Array
}

/** One source after parsing: the shared tree, its metadata and the messages so far. */
export interface Article {
  /** Path of the source file as given to the build. */
  sourcePath: string
  /** Folder the article's relative references resolve against. */
  baseDir: string
  tree: Root
  metadata: Metadata
  assets: Map<string, Asset>
  file: VFile
}

/** What every renderer receives. Renderers never mutate `tree`: format-only rewrites work on a copy. */
export interface RenderContext<Template = unknown> {
  tree: Root
  metadata: Metadata
  template: Template
  assets: ReadonlyMap<string, Asset>
  file: VFile
  /**
   * Bytes of the formats rendered before this one for the same article (build order: html, og,
   * pdf, epub), so the EPUB can use the social card as its cover without drawing it twice.
   */
  artifacts: ReadonlyMap<Format, Uint8Array>
}

export type Renderer<Template = unknown> = (ctx: RenderContext<Template>) => Promise<Uint8Array>
