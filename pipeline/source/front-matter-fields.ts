/**
 * Which front matter field fills which of Galley's, as the tools people arrive from write them:
 * Galley's own fields, and the other tools' names and shapes for the same things (Astro's `pubDate`,
 * MkDocs Material's date map, Docusaurus author maps, Zola's taxonomies…). Keys are matched without
 * regard to case, `-` or `_`, as Hugo and Pelican read them.
 */
import {
  list,
  one,
  readAuthors,
  readDate,
  readFirstImage,
  readImage,
  readPublished,
  readSource,
  readTaxonomies,
} from './front-matter-shapes.ts'
import {
  asDate,
  asLanguage,
  asSlug,
  asText,
  asTitle,
  asUrl,
  describe,
  isRecord,
  isTrue,
} from './front-matter-values.ts'

/** Galley's own fields, which the others fill. */
export type Target =
  | 'title'
  | 'description'
  | 'authors'
  | 'date'
  | 'updated'
  | 'lang'
  | 'tags'
  | 'image'
  | 'imageAlt'
  | 'canonical'
  | 'source'
  | 'slug'
  | 'draft'

/** One value a field gives one of Galley's fields. */
export interface Contribution {
  target: Target
  value: unknown
  /** The field as written (`date.created` for part of a map), for messages. */
  label: string
}

/** What reading a field gave: values for Galley's fields, and what to tell the author. */
export interface FieldReading {
  contributions: Contribution[]
  /** The value cannot be used at all (a wrong type, an impossible date). */
  problem?: string
  /** Parts left out (an author map with no name): the rest is used. */
  partial?: string[]
  /** Read leniently: how (a date written with a space before the T). */
  notes?: string[]
  /**
   * The value has another tool's shape (a date map, author maps): how it was read. Its problems are
   * warnings (the field is ignored), not errors, even in one of Galley's own fields.
   */
  shape?: string
}

export interface FieldRule {
  /** The tools that write the field this way; undefined for Galley's own field as Galley writes it. */
  tools?: string
  read: (value: unknown, header: boolean) => FieldReading
}

/** Galley's own field names as written in its documentation. */
export const OWN_FIELDS = new Set([
  'title',
  'description',
  'author',
  'authors',
  'date',
  'updated',
  'lang',
  'tags',
  'image',
  'imageAlt',
  'canonical',
  'source',
  'slug',
])

/** `updatedDate`, `updated_date` and `UpdatedDate` are one key. */
export const normaliseKey = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '')

/** Hugo's `params`: the fields Galley knows inside it (`params.author`); a theme's own settings are left alone. */
function readParams(value: unknown, header: boolean): FieldReading {
  if (!isRecord(value)) return { contributions: [], problem: `expected a map of parameters, found ${describe(value)}` }
  const reading: FieldReading = { contributions: [], partial: [], notes: [] }
  for (const [key, item] of Object.entries(value)) {
    const found = normaliseKey(key) === 'params' ? undefined : ruleFor(key)
    if (!found || item === null || item === undefined) continue
    const inner = found.rule.read(item, header)
    if (inner.problem) reading.partial!.push(`\`params.${key}\` (${inner.problem})`)
    else reading.contributions.push(...inner.contributions.map((part) => ({ ...part, label: `.${key}${part.label}` })))
    reading.notes!.push(...(inner.notes ?? []))
  }
  return reading
}

const draft = (value: unknown): FieldReading =>
  typeof value === 'boolean' || typeof value === 'string'
    ? { contributions: [{ target: 'draft', value: isTrue(value), label: '' }] }
    : { contributions: [], problem: `expected true or false, found ${describe(value)}` }

const status = (value: unknown): FieldReading => ({
  contributions: [{ target: 'draft', value: typeof value === 'string' && /^draft$/i.test(value.trim()), label: '' }],
})

/** Galley's `lang`: a value it cannot read is a warning, and the language is detected instead. */
export const LANG_RULE: FieldRule = { read: one('lang', asLanguage) }

const OWN: Record<string, FieldRule> = {
  title: { read: one('title', asTitle) },
  description: { read: one('description', asText) },
  author: { read: (value) => readAuthors(value, false) },
  // Pelican's `Authors: A, B` is one line of text.
  authors: { read: readAuthors },
  date: { read: readDate },
  updated: { read: one('updated', asDate) },
  lang: LANG_RULE,
  tags: { read: list('tags') },
  image: { read: readImage },
  imagealt: { read: one('imageAlt', asText) },
  canonical: { read: one('canonical', asUrl) },
  source: { read: readSource },
  slug: { read: one('slug', asSlug) },
}

/** Other tools' fields, by normalised key, in the order they yield to one another. */
const DIALECT: Record<string, FieldRule> = {
  pubdate: { tools: 'Astro, Hugo', read: one('date', asDate) },
  publishdate: { tools: 'Hugo', read: one('date', asDate) },
  publishedat: { tools: 'Ghost', read: one('date', asDate) },
  published: { tools: 'Jekyll, dev.to, MDX', read: readPublished },
  updateddate: { tools: 'Astro', read: one('updated', asDate) },
  lastmod: { tools: 'Hugo', read: one('updated', asDate) },
  modified: { tools: 'Pelican, Hugo', read: one('updated', asDate) },
  lastmodifiedat: { tools: 'Jekyll', read: one('updated', asDate) },
  updatedat: { tools: 'Ghost', read: one('updated', asDate) },
  update: { tools: 'Gatsby', read: one('updated', asDate) },
  summary: { tools: 'Hugo, Pelican', read: one('description', asText) },
  excerpt: { tools: 'Jekyll, Hexo', read: one('description', asText) },
  customexcerpt: { tools: 'Ghost', read: one('description', asText) },
  categories: { tools: 'Jekyll, Hugo, Hexo, MkDocs Material', read: list('tags') },
  category: { tools: 'Pelican, Jekyll', read: list('tags') },
  keywords: { tools: 'Hugo, Docusaurus', read: list('tags', true) },
  taxonomies: { tools: 'Zola', read: readTaxonomies },
  heroimage: { tools: 'Astro', read: readImage },
  images: { tools: 'Hugo', read: readFirstImage },
  cover: { tools: 'Hugo, Hexo', read: readImage },
  coverimage: { tools: 'Next.js, Hashnode', read: readImage },
  featureimage: { tools: 'Ghost, Hugo', read: readImage },
  featuredimage: { tools: 'Hugo, Gatsby', read: readImage },
  canonicalurl: { tools: 'Jekyll, Astro, dev.to', read: one('canonical', asUrl) },
  draft: { tools: 'Hugo, Astro, Docusaurus, Jekyll', read: draft },
  status: { tools: 'Pelican, Ghost', read: status },
  params: { tools: 'Hugo', read: readParams },
}

/** The rule for a key as written: Galley's own (exact, or in another case), a dialect's, or none. */
export function ruleFor(key: string): { rule: FieldRule; own: boolean; exact: boolean } | undefined {
  const normal = normaliseKey(key)
  const own = OWN[normal]
  if (own) return { rule: own, own: true, exact: OWN_FIELDS.has(key) }
  const dialect = DIALECT[normal]
  return dialect && { rule: dialect, own: false, exact: false }
}

/** Where a dialect field stands among those that fill the same field: earlier wins. */
export function dialectRank(key: string): number {
  const index = Object.keys(DIALECT).indexOf(normaliseKey(key))
  return index === -1 ? -1 : index
}
