/**
 * The shared metadata step: front matter + tree + site config → one frozen, format-neutral Metadata.
 * Derived values (excerpt, word count, reading time, URLs, identifier) are computed here and nowhere
 * else, so the four formats cannot drift apart.
 */
import { addError } from '../report.ts'
import type { Root } from 'hast'
import { toText } from 'hast-util-to-text'
import { v5 as uuidv5 } from 'uuid'
import type { VFile } from 'vfile'
import type { PhrasingContent } from 'mdast'
import type { FrontMatter } from '../source/front-matter.ts'
import type { ArticleDate, Metadata, SiteConfig } from '../types.ts'
import { type CardSize, DEFAULT_CARD_SIZE } from './card-size.ts'
import { inlineMarkdown } from './inline-markdown.ts'
import type { ResolvedLanguage } from './detect-language.ts'
import { toTimestamp } from './timestamp.ts'

/** The address of an article's page on the site. */
export function articlePageUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/${encodeURIComponent(slug)}/`
}

export { toTimestamp } from './timestamp.ts'

const DESCRIPTION_LIMIT = 160
/** Words a minute for the reading-time estimate (a common newsroom figure for adult silent reading). */
const WORDS_PER_MINUTE = 230
/** Latin-script words a minute correspond to roughly this many CJK characters a minute. */
const CJK_CHARACTERS_PER_MINUTE = 500

export interface MetadataInput {
  frontMatter: FrontMatter
  /** Title found in the source when the front matter has none: its level-1 heading's content, or text. */
  fallbackTitle?: string | PhrasingContent[]
  /** How to add a title in the article's front matter syntax, for the missing-title message. Default `title: …`. */
  titleField?: string
  /** Slug from the file or folder name when the front matter gives none. */
  fallbackSlug: string
  tree: Root
  /** The article's language, decided from the front matter or the text (see `resolveLanguage`). Default: the front matter's `lang`, else the site's. */
  language?: ResolvedLanguage
  config: SiteConfig
  file: VFile
  /** `SOURCE_DATE_EPOCH` in seconds, when set. */
  sourceDateEpoch?: number
  /** The social card's size, from the og template (see `cardSizeOf`). Default: the built-in template's. */
  cardSize?: CardSize
}

/** Compute the article's Metadata. A missing title is a fatal message on `file`. */
export function extractMetadata(input: MetadataInput): Metadata {
  const { frontMatter, tree, config, file } = input
  const language: ResolvedLanguage = input.language ?? {
    lang: frontMatter.lang ?? config.defaultLanguage,
    source: frontMatter.lang ? 'front-matter' : 'default',
  }
  const { lang } = language
  const titleSource = frontMatter.title || input.fallbackTitle || ''
  const { text: title, runs: titleRuns } = inlineMarkdown(titleSource, lang)
  if (!title) {
    const field = input.titleField ?? 'title: …'
    addError(
      file,
      `Expected a title: add \`${field}\` to the front matter, or start the article with a \`# Heading\``,
      {
        place: { line: 1, column: 1 },
        ruleId: 'missing-title',
        source: 'galley:metadata',
      },
    )
  }
  const slug = frontMatter.slug ?? input.fallbackSlug
  const text = toText(tree, { whitespace: 'normal' })
  const { words, cjkCharacters } = countWords(text, lang)
  const published = toArticleDate(frontMatter.date, lang)
  const modified = toArticleDate(frontMatter.updated, lang)
  const pageUrl = config.siteUrl ? articlePageUrl(config.siteUrl, slug) : undefined
  const canonicalUrl = frontMatter.canonical ?? pageUrl
  const given = frontMatter.description ? inlineMarkdown(frontMatter.description, lang) : undefined
  const description = given?.text || excerpt(tree)

  const metadata: Metadata = {
    title,
    ...(titleRuns ? { titleRuns } : {}),
    description,
    ...(given?.runs ? { descriptionRuns: given.runs } : {}),
    descriptionIsExcerpt: !given?.text,
    authors: frontMatter.authors?.length ? frontMatter.authors : config.defaultAuthor ? [config.defaultAuthor] : [],
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
    lang,
    langSource: language.source,
    dir: textDirection(lang),
    slug,
    tags: frontMatter.tags ?? [],
    ...(frontMatter.source ? { source: frontMatter.source } : {}),
    wordCount: words + cjkCharacters,
    readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE + cjkCharacters / CJK_CHARACTERS_PER_MINUTE)),
    ...(canonicalUrl ? { canonicalUrl } : {}),
    cardUrl: pageUrl ? `${pageUrl}og.png` : 'og.png',
    card: { ...(input.cardSize ?? DEFAULT_CARD_SIZE), alt: `${title} — ${config.siteName}` },
    ...(frontMatter.image ? { image: { src: frontMatter.image, alt: frontMatter.imageAlt ?? '' } } : {}),
    identifier: uuidv5(canonicalUrl ?? `galley:${slug}`, canonicalUrl ? uuidv5.URL : GALLEY_NAMESPACE),
    siteName: config.siteName,
    ...(config.siteUrl ? { siteUrl: config.siteUrl } : {}),
    theme: config.theme,
    buildDate: buildDate(input.sourceDateEpoch, modified ?? published),
  }
  return deepFreeze(metadata)
}

/** Namespace for identifiers of articles that have no URL (a v5 UUID of Galley's own name). */
const GALLEY_NAMESPACE = uuidv5('galley', uuidv5.URL)

/**
 * The instant written into artifacts: `SOURCE_DATE_EPOCH` when set, else the article's own latest
 * date, else 1980-01-01 (the earliest ZIP date), so builds never depend on the clock.
 */
function buildDate(epoch: number | undefined, date: ArticleDate | undefined): string {
  if (epoch !== undefined) return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z')
  if (date) return toTimestamp(date)
  return '1980-01-01T00:00:00Z'
}

/** `make(lang)`, made once per language: building an Intl formatter or segmenter costs a few tenths of a millisecond. */
function perLanguage<T>(make: (lang: string) => T): (lang: string) => T {
  const made = new Map<string, T>()
  return (lang) => {
    let value = made.get(lang)
    if (value === undefined) made.set(lang, (value = make(lang)))
    return value
  }
}

const dateFormat = perLanguage((lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }))
const wordSegmenter = perLanguage((lang) => new Intl.Segmenter(lang, { granularity: 'word' }))

/** A full UTC timestamp for an ArticleDate (date-only and zone-less values are read as UTC). */
function toArticleDate(iso: string | undefined, lang: string): ArticleDate | undefined {
  if (!iso) return undefined
  // Whole seconds: the finest a PDF date or EPUB's dcterms:modified can state, so every format gives one instant.
  iso = iso.replace(/(T\d{2}:\d{2}:\d{2})\.\d+/, '$1')
  // The calendar date as written, whatever the time zone: format its Y-M-D at UTC midnight.
  const day = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  const display = dateFormat(lang).format(day)
  return { iso, hasTime: iso.includes('T'), display }
}

/** `rtl` for languages written right to left (Arabic, Hebrew, Persian, Urdu…), else `ltr`. */
export function textDirection(lang: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(lang).maximize() as Intl.Locale & { textInfo?: { direction?: string } }
    if (locale.textInfo?.direction) return locale.textInfo.direction === 'rtl' ? 'rtl' : 'ltr'
    return ['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg'].includes(locale.script ?? '') ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}

/**
 * Words by Unicode word segmentation; Han, kana and Hangul characters counted one by one. The text
 * is segmented one whitespace-separated chunk at a time: V8's segmenter slows down badly on one
 * very long string.
 */
export function countWords(text: string, lang: string): { words: number; cjkCharacters: number } {
  const segmenter = wordSegmenter(lang)
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu
  let words = 0
  let cjkCharacters = 0
  for (const chunk of text.split(/\s+/)) {
    if (!/[\p{L}\p{N}]/u.test(chunk)) continue
    const characters = chunk.match(cjk)
    if (!characters) {
      // Plain words need no segmenter; scripts written without spaces (Thai, Lao…) do.
      if (
        /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{N}\p{P}\p{S}\p{M}]+$/u.test(
          chunk,
        )
      ) {
        words++
        continue
      }
    } else cjkCharacters += characters.length
    for (const segment of segmenter.segment(chunk.replace(cjk, ' '))) if (segment.isWordLike) words++
  }
  return { words, cjkCharacters }
}

/** The first paragraph's text, cut at a word boundary to at most 160 characters. */
export function excerpt(tree: Root, limit = DESCRIPTION_LIMIT): string {
  const paragraph = tree.children.find((node) => node.type === 'element' && node.tagName === 'p')
  const text = paragraph ? toText(paragraph, { whitespace: 'normal' }).replace(/\s+/g, ' ').trim() : ''
  return truncateAtWord(text, limit)
}

/** Cut `text` to at most `limit` characters at a word boundary, ending with an ellipsis when cut. */
export function truncateAtWord(text: string, limit: number): string {
  const characters = [...text]
  if (characters.length <= limit) return text
  const room = limit - 1 // one character is kept for the ellipsis
  const head = characters.slice(0, room).join('')
  let cut = /\s/.test(characters[room] ?? '') ? head : head.replace(/\s+\S*$/u, '')
  // A single very long word has no boundary to cut at: cut inside it rather than drop everything.
  if (cut.length < head.length / 2) cut = head
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
