/**
 * The issue as one Metadata, so every renderer that reads an article's metadata (the PDF document,
 * the card, the EPUB package) reads the issue's the same way: its title, date, language, slug,
 * identifier and build date. And the introduction (`--intro`), parsed by the article pipeline.
 */
import path from 'node:path'
import type { Root } from 'hast'
import { slug as slugify } from 'github-slugger'
import { v5 as uuidv5 } from 'uuid'
import { VFile } from 'vfile'
import { textDirection } from '../metadata/extract-metadata.ts'
import { decodeSource } from '../source/decode-source.ts'
import { loadAssets } from '../source/load-assets.ts'
import { markdownToHast, parseMarkdown, transformMarkdown } from '../source/processor.ts'
import { type CardSize, DEFAULT_CARD_SIZE } from '../metadata/card-size.ts'
import type { Asset, Metadata, SiteConfig } from '../types.ts'

/** Namespace of digest identifiers without a site URL (a v5 UUID of Galley's name for digests). */
const DIGEST_NAMESPACE = uuidv5('galley:digest', uuidv5.URL)

/** What the issue is made of besides its stories. */
export interface IssueInput {
  title: string
  slug: string
  /** `YYYY-MM-DD`. */
  date: string
  /** The stories' metadata, in issue order. */
  stories: readonly Metadata[]
  config: SiteConfig
  /** The og template's card size (see `cardSizeOf`). Default: the built-in template's. */
  cardSize?: CardSize
}

/** The issue's folder name from its title (`Weekly #12` → `weekly-12`); empty when the title has no letter or digit. */
export function issueSlug(title: string): string {
  return slugify(title).replace(/-{2,}/g, '-').replace(/^-|-$/g, '')
}

/**
 * The issue's language: the stories' when they all share one, else the site's default language.
 */
export function issueLanguage(stories: readonly Metadata[], config: SiteConfig): string {
  const languages = new Set(stories.map((story) => story.lang))
  return languages.size === 1 ? [...languages][0]! : config.defaultLanguage
}

/** The issue's metadata. Built from its date, never from the clock, so the same issue gives the same bytes. */
export function issueMetadata({ title, slug, date, stories, config, cardSize }: IssueInput): Metadata {
  const lang = issueLanguage(stories, config)
  const pageUrl = config.siteUrl ? `${config.siteUrl}/digests/${encodeURIComponent(slug)}/` : undefined
  const authors = [...new Set(stories.flatMap((story) => story.authors))]
  const wordCount = stories.reduce((sum, story) => sum + story.wordCount, 0)
  return Object.freeze({
    title,
    description: stories.map((story) => story.title).join(' · '),
    descriptionIsExcerpt: true,
    authors,
    published: {
      iso: date,
      hasTime: false,
      display: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${date}T00:00:00Z`),
      ),
    },
    lang,
    langSource: 'default',
    dir: textDirection(lang),
    slug,
    tags: [],
    wordCount,
    readingMinutes: stories.reduce((sum, story) => sum + story.readingMinutes, 0),
    ...(pageUrl ? { canonicalUrl: pageUrl } : {}),
    cardUrl: pageUrl ? `${pageUrl}cover.png` : 'cover.png',
    card: { ...(cardSize ?? DEFAULT_CARD_SIZE), alt: `${title} — ${config.siteName}` },
    identifier: pageUrl ? uuidv5(pageUrl, uuidv5.URL) : uuidv5(slug, DIGEST_NAMESPACE),
    siteName: config.siteName,
    ...(config.siteUrl ? { siteUrl: config.siteUrl } : {}),
    theme: config.theme,
    buildDate: `${date}T00:00:00Z`,
  } satisfies Metadata)
}

/** The introduction: its tree, images and messages. */
export interface Intro {
  tree: Root
  assets: Map<string, Asset>
  file: VFile
}

/**
 * Parse the introduction (Markdown, no front matter needed) as an article body is parsed, smart
 * typography in `lang`. Problems are messages on the returned file; unreadable text is undefined.
 */
export async function parseIntro(
  sourcePath: string,
  bytes: Uint8Array,
  lang: string,
  config: SiteConfig,
  cwd: string,
): Promise<Intro | undefined> {
  const file = new VFile({ path: path.relative(cwd, path.resolve(cwd, sourcePath)) || sourcePath, cwd })
  if (!decodeSource(bytes, file)) return undefined
  file.data.lang = lang
  const mdast = transformMarkdown(parseMarkdown(file), file)
  // Front matter, if any, is not part of the introduction.
  mdast.children = mdast.children.filter((node) => node.type !== 'yaml' && (node.type as string) !== 'toml')
  const tree = await markdownToHast(mdast, file)
  const { assets } = await loadAssets(tree, file, path.dirname(path.resolve(cwd, sourcePath)), {
    extra: [],
    staticFolders: config.staticFolders,
  })
  return { tree, assets, file }
}
