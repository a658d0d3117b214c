/**
 * `output/manifest.json`: every source of the site, its status, metadata, files and messages, for
 * machines (and for the next build, which adds to the site rather than replacing it).
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { ArticleResult, Format } from '../types.ts'
import type { DigestEntry } from './digest-entries.ts'
import type { SiteOutput } from './site-output.ts'

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

// Each article's entry as JSON and its hash, from the last build in this process. In watch mode one
// save changes one entry, and stringifying all of them again took tens of milliseconds on a site of
// 1,000 articles. An entry is reused when its metadata is the very object (an unchanged article's
// comes from the cache entry, itself reused) and its artifacts and messages are equal. Its bytes,
// indented into the file and encoded, are made only when the manifest is written: a build that
// changes nothing needs the key alone, and making them for every entry took half of it.
const entryJson = new Map<string, { result: ArticleResult; json: string; hash: string; bytes?: Buffer }>()

const MANIFEST_START = Buffer.from('{\n  "generator": "galley",\n  "articles": [\n')
const MANIFEST_END = '\n  ]\n}\n'
const BETWEEN_ENTRIES = Buffer.from(',\n')

/** The entry of `result`: its JSON (indented by two spaces) and that text's hash. */
function entryOf(result: ArticleResult): { json: string; hash: string; bytes?: Buffer } {
  let last = entryJson.get(result.sourcePath)
  if (!last || !sameEntry(last.result, result)) {
    const json = JSON.stringify(manifestEntry(result), null, 2)
    last = { result, json, hash: createHash('sha256').update(json).digest('hex') }
    entryJson.set(result.sourcePath, last)
  }
  return last
}

// Digests are few and change only with `galley digest`: stringified whole, after the articles.
const endOf = (digests: readonly DigestEntry[]) =>
  digests.length
    ? `\n  ],\n  "digests": ${JSON.stringify(digests, null, 2).replaceAll('\n', '\n  ')}\n}\n`
    : MANIFEST_END

/**
 * `manifest.json`'s bytes: `manifest(articles, digests)` as JSON indented by two spaces, ending with
 * a newline.
 */
export function manifestBytes(articles: ArticleResult[], digests: readonly DigestEntry[] = []): Buffer {
  if (articles.length === 0) return Buffer.from(`${JSON.stringify(manifest(articles, digests), null, 2)}\n`)
  const chunks: Buffer[] = [MANIFEST_START]
  for (const [index, result] of articles.entries()) {
    const entry = entryOf(result)
    entry.bytes ??= Buffer.from(`    ${entry.json.replaceAll('\n', '\n    ')}`)
    if (index > 0) chunks.push(BETWEEN_ENTRIES)
    chunks.push(entry.bytes)
  }
  chunks.push(Buffer.from(endOf(digests)))
  return Buffer.concat(chunks)
}

/**
 * The manifest's key: a hash of its entries' hashes and its end, which changes exactly when its bytes
 * do (each entry's bytes are its JSON text, indented and encoded).
 */
export function manifestKey(articles: ArticleResult[], digests: readonly DigestEntry[] = []): string {
  if (articles.length === 0) return createHash('sha256').update(manifestBytes(articles, digests)).digest('hex')
  const key = createHash('sha256').update('galley manifest 2\n')
  for (const result of articles) key.update(`${entryOf(result).hash}\n`)
  return key.update(endOf(digests)).digest('hex')
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

/** `manifest.json`, written whenever a build ends (an empty site has an empty list). */
export const manifestFile: SiteOutput = {
  fileName: 'manifest.json',
  skip: () => undefined,
  key: (site) => manifestKey(site.articles, site.digests),
  render: async (site) => ({ bytes: manifestBytes(site.articles, site.digests) }),
}
