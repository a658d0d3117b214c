/**
 * The shapes every stage agrees on: a parsed article, its shared metadata, and the renderer contract.
 */
import type { Root } from 'hast'
import type { VFile } from 'vfile'

/** The output formats Galley knows, in the order they are built. */
export const FORMATS = ['html', 'og', 'pdf', 'epub'] as const
export type Format = (typeof FORMATS)[number]

/** Template folders: one per format, and the site-wide ones (the feeds, the digest). */
export const TEMPLATE_NAMES = [...FORMATS, 'feed', 'digest'] as const
export type TemplateName = (typeof TEMPLATE_NAMES)[number]

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
  /**
   * Absolute folders that site-root images (`/img/x.png`) resolve in, first match wins; given
   * relative to the config file (or the working folder). Default `['static', 'public']`.
   */
  staticFolders: string[]
  /** Folders that replace the built-in `templates/<name>/`, relative to the config file. Default: none. */
  templates: Partial<Record<TemplateName, string>>
  /** PDF page size. Default `A4`. */
  pageSize: 'A4' | 'Letter'
  /** The feeds (Atom, RSS, JSON Feed), made when there is a site URL. */
  feed: FeedSettings
}

export interface FeedSettings {
  /** Newest articles listed. Default 50. */
  limit: number
  /** Each entry's whole article (`full`) or its description alone (`summary`). Default `full`. */
  content: 'full' | 'summary'
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

/** A piece of a title or description in one style, from the inline Markdown the author wrote. */
export interface InlineRun {
  text: string
  code?: boolean
  emphasis?: boolean
  strong?: boolean
  strike?: boolean
}

/** The one format-neutral description of an article that every renderer reads. */
export interface Metadata {
  /** Plain text: inline Markdown (`code`, *emphasis*, links) reduced to its text. */
  title: string
  /** The title as styled runs, when part of it is code, emphasis or struck out; formats that can style it use these. */
  titleRuns?: InlineRun[]
  /** From the front matter, or an excerpt of the first paragraph (at most 160 characters). Plain text. */
  description: string
  /** The front matter description as styled runs, when part of it is styled. */
  descriptionRuns?: InlineRun[]
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
  /** Lead image from the front matter: its `src`, the key of its asset (relative to the article page). */
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
  /**
   * Where the copy goes beside the article's page, normalised, never leaving it: the path inside the
   * article's folder, or inside the static folder for a site-root image.
   */
  path: string
  /** The file it was read from (its real path); absent for images Galley draws itself (emoji). */
  file?: string
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
   * Bytes of the formats rendered before this one for the same article (the EPUB uses the social
   * card as its cover without drawing it twice).
   */
  artifacts: ReadonlyMap<Format, Uint8Array>
  /**
   * The article's other files, for the formats that link them (the page's download links): file
   * name beside this output and size in bytes. Absent for formats that link nothing.
   */
  siblings?: ReadonlyMap<Format, SiblingFile>
}

/** A file of the same article, written beside the output that links it. */
export interface SiblingFile {
  fileName: string
  bytes: number
}

/** A file a build wrote, relative to the output folder (forward slashes). */
export interface ArtifactRecord {
  path: string
  bytes: number
  sha256: string
}

/** What a build says of one source: its slug and metadata when it parsed, its files and messages. */
export interface ArticleResult {
  slug?: string
  sourcePath: string
  metadata?: Metadata
  /** Why an article that is fine was not built (a draft). */
  skipped?: 'draft'
  artifacts: Partial<Record<Format, ArtifactRecord>>
  warnings: string[]
  errors: string[]
  file: VFile
  /** Formats rendered in this build (the others came unchanged from the cache, or were kept). */
  rebuilt: Format[]
  /** Milliseconds spent parsing and per format, for the articles rebuilt. */
  timings: Partial<Record<Format | 'parse', number>>
  /** Hash of the source the artifacts were made from (names the text and content kept beside the cache). */
  sourceHash?: string
}

export type Renderer<Template = unknown> = (ctx: RenderContext<Template>) => Promise<Uint8Array>
