/**
 * List a digest in the site: its entry goes into the site record beside the cache (so every later
 * build lists it) and into `manifest.json` now, written as a build writes it (the articles as they
 * are, then the digests), so the next build finds the manifest as written.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readKeptState, writeSiteRecord } from '../build/site-record.ts'
import { writeAtomic } from '../build/write-atomic.ts'
import { type DigestEntry, presentDigests, readDigestEntries, withDigest } from '../site/digest-entries.ts'

/** Add (or replace) `entry` in the site in `outDir`. */
export async function recordDigest(outDir: string, entry: DigestEntry): Promise<void> {
  const kept = readKeptState(outDir)
  const file = path.join(outDir, 'manifest.json')
  let articles: unknown[] = []
  let listed: DigestEntry[] = []
  try {
    const read = JSON.parse(readFileSync(file, 'utf8')) as { articles?: unknown; digests?: unknown }
    if (Array.isArray(read.articles)) articles = read.articles
    listed = readDigestEntries(read.digests)
  } catch {
    // No site built here yet (or a damaged manifest, which the next build writes again whole).
  }
  // The other digests as kept beside the cache, else as the manifest lists them.
  const digests = withDigest(presentDigests(outDir, kept.digests ?? listed), entry)
  const manifest = { generator: 'galley', articles, digests }
  await writeAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`)
  await writeSiteRecord(outDir, { kept }, kept.sources, digests)
}
