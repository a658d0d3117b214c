/**
 * `output/manifest.json`: every source of the site, its status, metadata, files and messages, for
 * machines (and for the next build, which adds to the site rather than replacing it).
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { ArticleResult, Format } from '../types.ts'
import type { DigestEntry } from './digest-entries.ts'
import type { SiteInput, SiteOutput } from './site-output.ts'

export type { ArticleResult, ArtifactRecord } from '../types.ts'

/**
 * The manifest document: per article its slug, source, status, metadata, artifacts and messages;
 * then the digests, when the site has any.
 */
export function manifest(articles: ArticleResult[], digests: readonly DigestEntry[] = []) {
  return { generator: 'galley', articles: articles.map(manifestEntry), ...(digests.length ? { digests } : {}) }
}

function manifestEntry({ slug, sourcePath, metadata, skipped, artifacts, warnings, errors }: ArticleResult) {
  return {
    slug: slug ?? null,
    source: sourcePath.split(path.sep).join('/'),
    status:
      errors.length > 0 ? (Object.keys(artifacts).length > 0 ? 'partial' : 'failed') : skipped ? 'skipped' : 'built',
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
 * `manifest.json`'s bytes: `manifest(articles, digests)` as JSON indented by two spaces, ending with
 * a newline; and its key, a hash of its entries' hashes, which changes exactly when the bytes do.
 */
export function manifestBytes(
  articles: ArticleResult[],
  digests: readonly DigestEntry[] = [],
): { bytes: Buffer; key: string } {
  if (articles.length === 0) {
    const bytes = Buffer.from(`${JSON.stringify(manifest(articles, digests), null, 2)}\n`)
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
  // Digests are few and change only with `galley digest`: stringified whole, after the articles.
  const end = digests.length
    ? Buffer.from(`\n  ],\n  "digests": ${JSON.stringify(digests, null, 2).replaceAll('\n', '\n  ')}\n}\n`)
    : MANIFEST_END
  key.update(end)
  chunks.push(end)
  return { bytes: Buffer.concat(chunks), key: key.digest('hex') }
}

function sameEntry(a: ArticleResult, b: ArticleResult): boolean {
  const sameList = (x: string[], y: string[]) => x.length === y.length && x.every((item, index) => item === y[index])
  const formats = Object.keys(b.artifacts) as Format[]
  return (
    a.metadata === b.metadata &&
    a.slug === b.slug &&
    a.skipped === b.skipped &&
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

const made = new WeakMap<SiteInput, { bytes: Buffer; key: string }>()
const bytesOf = (site: SiteInput) => {
  let manifest = made.get(site)
  if (!manifest) made.set(site, (manifest = manifestBytes(site.articles, site.digests)))
  return manifest
}

/** `manifest.json`, written whenever a build ends (an empty site has an empty list). */
export const manifestFile: SiteOutput = {
  fileName: 'manifest.json',
  skip: () => undefined,
  key: (site) => bytesOf(site).key,
  render: async (site) => ({ bytes: bytesOf(site).bytes }),
}
