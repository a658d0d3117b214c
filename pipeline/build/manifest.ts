/**
 * `output/manifest.json` and `output/index.html`: what a build wrote, for people and machines.
 */
import { createHash } from 'node:crypto'
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
  return { generator: 'galley', articles: articles.map(manifestEntry) }
}

function manifestEntry({ slug, sourcePath, metadata, artifacts, warnings, errors }: ArticleResult) {
  return {
    slug: slug ?? null,
    source: sourcePath.split(path.sep).join('/'),
    status: errors.length === 0 ? 'built' : Object.keys(artifacts).length > 0 ? 'partial' : 'failed',
    metadata: metadata ?? null,
    artifacts,
    warnings,
    errors,
  }
}

// Each article's entry as UTF-8 JSON and its hash, from the last build in this process. In watch mode
// one save changes one entry, and stringifying all of them again took tens of milliseconds on a site
// of 1,000 articles, encoding the 4 MB text and hashing it another twenty. An entry is reused when its
// metadata is the very object (an unchanged article's comes from the cache entry, itself reused) and
// its artifacts and messages are equal.
const entryJson = new Map<string, { result: ArticleResult; bytes: Buffer; hash: string }>()

const MANIFEST_START = Buffer.from('{\n  "generator": "galley",\n  "articles": [\n')
const MANIFEST_END = Buffer.from('\n  ]\n}\n')
const BETWEEN_ENTRIES = Buffer.from(',\n')

/**
 * `manifest.json`'s bytes: `manifest(articles)` as JSON indented by two spaces, ending with a newline;
 * and its key, a hash of its entries' hashes, which changes exactly when the bytes do.
 */
export function manifestBytes(articles: ArticleResult[]): { bytes: Buffer; key: string } {
  if (articles.length === 0) {
    const bytes = Buffer.from(`${JSON.stringify(manifest(articles), null, 2)}\n`)
    return { bytes, key: createHash('sha256').update(bytes).digest('hex') }
  }
  const key = createHash('sha256').update('galley manifest 1\n')
  const chunks: Buffer[] = [MANIFEST_START]
  for (const [index, result] of articles.entries()) {
    let last = entryJson.get(result.sourcePath)
    if (!last || !sameEntry(last.result, result)) {
      const bytes = Buffer.from(`    ${JSON.stringify(manifestEntry(result), null, 2).replaceAll('\n', '\n    ')}`)
      last = { result, bytes, hash: createHash('sha256').update(bytes).digest('hex') }
      entryJson.set(result.sourcePath, last)
    }
    key.update(`${last.hash}\n`)
    if (index > 0) chunks.push(BETWEEN_ENTRIES)
    chunks.push(last.bytes)
  }
  chunks.push(MANIFEST_END)
  return { bytes: Buffer.concat(chunks), key: key.digest('hex') }
}

function sameEntry(a: ArticleResult, b: ArticleResult): boolean {
  const sameList = (x: string[], y: string[]) => x.length === y.length && x.every((item, index) => item === y[index])
  const formats = Object.keys(b.artifacts) as Format[]
  return (
    a.metadata === b.metadata &&
    a.slug === b.slug &&
    sameList(a.warnings, b.warnings) &&
    sameList(a.errors, b.errors) &&
    Object.keys(a.artifacts).length === formats.length &&
    formats.every(
      (format) =>
        a.artifacts[format]?.sha256 === b.artifacts[format]!.sha256 &&
        a.artifacts[format]?.path === b.artifacts[format]!.path,
    )
  )
}

/** What the index page shows: every built article, newest first (undated ones last). */
export function listingInput(config: SiteConfig, articles: ArticleResult[]): Omit<ListingInput, 'labelsFor'> {
  // Sort keys computed once, and one collator: `localeCompare` builds a collator on every call.
  const collator = new Intl.Collator(config.defaultLanguage)
  const entries = articles
    .filter((result) => result.metadata && result.artifacts.html)
    .map((result) => ({
      metadata: result.metadata!,
      href: `${encodeURIComponent(result.metadata!.slug)}/`,
      time: publishedTime(result.metadata!),
    }))
    .sort((a, b) => b.time - a.time || collator.compare(a.metadata.title, b.metadata.title))
    .map(({ metadata, href }) => ({ metadata, href }))
  return { siteName: config.siteName, lang: config.defaultLanguage, theme: config.theme, entries }
}

/**
 * The index page's key: the HTML environment, then per entry in the order shown its link and the
 * values of the metadata fields the template read last time it rendered (all of them when unknown).
 * The template is a function of its input, so the page is the same while this key is: a save that
 * changes only an article's body and word count does not render the listing of a large site again.
 */
export function listingKey(
  environment: string,
  input: Omit<ListingInput, 'labelsFor'>,
  fieldsRead: string[] | undefined,
): string {
  const fields = fieldsRead && !fieldsRead.includes('*') ? fieldsRead : undefined
  const named = fields?.join(',') ?? '*'
  const hash = createHash('sha256').update(environment).update(`\n${named}\n`)
  for (const { href, metadata } of input.entries) {
    // By the metadata object: an unchanged article's is the very object from one watch save to the next.
    let shown = shownFields.get(metadata)
    if (shown?.fields !== named)
      shownFields.set(
        metadata,
        (shown = {
          fields: named,
          json: JSON.stringify(fields ? fields.map((field) => metadata[field as keyof Metadata]) : metadata),
        }),
      )
    hash.update(`${href}\t${shown.json}\n`)
  }
  return hash.digest('hex')
}

const shownFields = new WeakMap<Metadata, { fields: string; json: string }>()

function publishedTime(metadata: Metadata): number {
  return metadata.published ? Date.parse(toTimestamp(metadata.published)) : -Infinity
}
