/**
 * What the output folder already holds: the sources earlier builds published there, from the build
 * cache, `manifest.json` and the site's source list kept beside the cache, so that a build of some
 * sources adds to the site instead of replacing it. Any of them may be missing or damaged; the others
 * stand in, and a damaged manifest is written again whole.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { VFile } from 'vfile'
import { DIGESTS_FOLDER, type DigestEntry, readDigestEntries } from '../site/digest-entries.ts'
import type { BuildCache } from './cache.ts'
import { writeAtomic } from './write-atomic.ts'

/** The sources the site lists, by source path, with the slug each was published under (if it built). */
export interface SiteRecord {
  sources: Map<string, string | undefined>
  /** Whether `manifest.json` is not as the last build wrote it (edited, damaged, gone): write it again. */
  manifestChanged: boolean
  /** Whether no record could be read: folders in the output are then not known to be articles. */
  unrecorded: boolean
  /** The kept state as read (written again only when it changes). */
  kept: KeptState
  /** The digests the site holds: as kept beside the cache, else as the manifest lists them. */
  digests: DigestEntry[]
}

/**
 * Beside the cache: every source of the site (failed ones have no cache entry), the manifest as
 * written, and the digests `galley digest` made (which no build remakes).
 */
export interface KeptState {
  sources: string[]
  manifest?: { size: number; mtimeMs: number }
  digests?: DigestEntry[]
}

const MANIFEST = 'manifest.json'
const stateFile = (outDir: string) => path.join(outDir, '.galley-cache', 'site.json')

/**
 * Read the site's record from `outDir`. The manifest is read only when it is not the file the last
 * build wrote (a site of 1,000 articles has a manifest of megabytes); one that cannot be read is a
 * warning on `buildFile`.
 */
export function readSiteRecord(outDir: string, cache: BuildCache, buildFile: VFile): SiteRecord {
  const kept = readKeptState(outDir)
  const sources = new Map<string, string | undefined>()
  for (const [source, entry] of Object.entries(cache.articles)) sources.set(source, entry.metadata.slug)
  for (const source of kept.sources) if (!sources.has(source)) sources.set(source, undefined)
  const file = path.join(outDir, MANIFEST)
  const info = statSync(file, { throwIfNoEntry: false })
  const asWritten = info && kept.manifest?.size === info.size && kept.manifest.mtimeMs === info.mtimeMs
  let listed: ReturnType<typeof readManifestSources> | undefined
  let listedDigests: DigestEntry[] = []
  if (!asWritten && info) {
    listed = readManifestSources(file)
    if (typeof listed !== 'string') listedDigests = listed.digests
    if (typeof listed === 'string')
      buildFile.message(
        `Expected \`${path.basename(outDir)}/${MANIFEST}\` as Galley writes it, found ${listed}; the site's list of articles is made again from the build cache and this build`,
        { ruleId: 'damaged-manifest', source: 'galley:build' },
      )
    else for (const [source, slug] of listed.sources) if (sources.get(source) === undefined) sources.set(source, slug)
  }
  return {
    sources,
    manifestChanged: !asWritten,
    unrecorded: sources.size === 0 && (listed === undefined || typeof listed === 'string'),
    kept,
    digests: kept.digests ?? listedDigests,
  }
}

/** The manifest's sources and slugs and its digests, or why it cannot be read. */
function readManifestSources(
  file: string,
): { sources: Array<[string, string | undefined]>; digests: DigestEntry[] } | string {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    return `invalid JSON (${(error as Error).message})`
  }
  const articles = (data as { articles?: unknown } | null)?.articles
  if (!Array.isArray(articles)) return 'no `articles` list'
  const sources: Array<[string, string | undefined]> = []
  for (const [index, entry] of articles.entries()) {
    const { source, slug } = (entry ?? {}) as { source?: unknown; slug?: unknown }
    if (
      typeof source !== 'string' ||
      source === '' ||
      (slug !== null && slug !== undefined && typeof slug !== 'string')
    )
      return `an entry without a source path at \`articles[${index}]\``
    sources.push([path.normalize(source), typeof slug === 'string' ? slug : undefined])
  }
  return { sources, digests: readDigestEntries((data as { digests?: unknown }).digests) }
}

/** The state kept beside the cache in `outDir`; an empty one when it is missing or damaged. */
export function readKeptState(outDir: string): KeptState {
  try {
    const state = JSON.parse(readFileSync(stateFile(outDir), 'utf8')) as Partial<KeptState>
    const sources = Array.isArray(state.sources) ? state.sources.filter((item) => typeof item === 'string') : []
    const digests = readDigestEntries(state.digests)
    return { sources, ...(state.manifest ? { manifest: state.manifest } : {}), ...(digests.length ? { digests } : {}) }
  } catch {
    return { sources: [] }
  }
}

/**
 * Keep the site's sources, the manifest's size and time and the digests listed beside the cache,
 * when they changed.
 */
export async function writeSiteRecord(
  outDir: string,
  record: Pick<SiteRecord, 'kept'>,
  sources: string[],
  digests: readonly DigestEntry[] = record.kept.digests ?? [],
): Promise<void> {
  const info = statSync(path.join(outDir, MANIFEST), { throwIfNoEntry: false })
  const state: KeptState = {
    sources,
    ...(info ? { manifest: { size: info.size, mtimeMs: info.mtimeMs } } : {}),
    ...(digests.length ? { digests: [...digests] } : {}),
  }
  if (JSON.stringify(state) === JSON.stringify(record.kept)) return
  await writeAtomic(stateFile(outDir), JSON.stringify(state), { flush: false })
}

/** Article folders in `outDir` (not Galley's own dot folders, nor the digests' folder) whose slug no record names. */
export function unlistedFolders(outDir: string, listedSlugs: ReadonlySet<string>): string[] {
  try {
    return readdirSync(outDir, { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() &&
          !entry.name.startsWith('.') &&
          entry.name !== DIGESTS_FOLDER &&
          !listedSlugs.has(entry.name),
      )
      .map((entry) => entry.name)
      .sort()
  } catch {
    return []
  }
}
