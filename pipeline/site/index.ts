/**
 * The registry of site outputs: files made from every article of the site at once (the index page,
 * the manifest, the feeds, the sitemap). Each takes the site's articles with their metadata and
 * files, plus its template, and returns bytes, as a renderer does for one article; the build writes
 * them. Site outputs added later register here and nowhere else.
 */
import { statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { writeAtomic } from '../build/write-atomic.ts'
import { atomFeed, jsonFeed, rssFeed } from './feeds.ts'
import { listingPage } from './listing.ts'
import { manifestFile } from './manifest.ts'
import type { SiteInput, SiteOutput } from './site-output.ts'
import { sitemapFile } from './sitemap.ts'

export type { SiteInput, SiteOutput } from './site-output.ts'

/** The site outputs, in the order they are written. */
export const SITE_OUTPUTS: readonly SiteOutput[] = [listingPage, manifestFile, atomFeed, rssFeed, jsonFeed, sitemapFile]

/** The keys of the site outputs as last written, and what their renders remembered. */
export interface SiteState {
  pages: Record<string, string>
  memos: Record<string, unknown>
}

/**
 * Render and write the site outputs whose key changed (or whose file is gone); remove those the site
 * no longer gets. Returns the state to keep for the next build.
 */
export async function writeSite(
  site: SiteInput,
  last: { pages: Record<string, string>; memos?: Record<string, unknown> },
): Promise<SiteState> {
  const now: SiteState = { pages: {}, memos: {} }
  const writes: Array<Promise<void>> = []
  for (const output of SITE_OUTPUTS) {
    const file = path.join(site.outDir, output.fileName)
    if (output.skip(site) !== undefined) {
      writes.push(rm(file, { force: true }))
      continue
    }
    const memo = last.memos?.[output.fileName]
    const key = await output.key(site, memo)
    if (last.pages[output.fileName] === key && statSync(file, { throwIfNoEntry: false })) {
      now.pages[output.fileName] = key
      if (memo !== undefined) now.memos[output.fileName] = memo
      continue
    }
    const rendered = await output.render(site)
    now.pages[output.fileName] = rendered.memo === undefined ? key : await output.key(site, rendered.memo)
    if (rendered.memo !== undefined) now.memos[output.fileName] = rendered.memo
    writes.push(writeAtomic(file, rendered.bytes))
  }
  await Promise.all(writes)
  return now
}
