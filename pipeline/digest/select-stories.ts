/**
 * Which articles make the issue: the paths and globs given, in the order given (a glob's or a
 * folder's matches in path order), or else the site already built in the output folder; either way
 * narrowed by `--since` and `--tag`. Sources named that match nothing are reported by the caller.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { findSources } from '../build/find-sources.ts'
import { UsageError } from '../errors.ts'

/** How stories are chosen. */
export interface Selection {
  /** Files, folders and globs, in issue order. Default: none (the site's articles). */
  targets: string[]
  /** Only articles published on or after this day (`YYYY-MM-DD`). Default: any. */
  since?: string
  /** Only articles with this tag (compared without case). Default: any. */
  tag?: string
}

/** A candidate story: its source, and what the site's manifest says of it when it was chosen from the site. */
export interface Candidate {
  sourcePath: string
  /** The manifest's status for it (`built`, `partial`, `failed`), when chosen from the site. */
  status?: string
}

/** The candidates, and the targets that matched no source. */
export interface Selected {
  candidates: Candidate[]
  unmatched: string[]
}

/** What the site's manifest lists of one article. */
interface ListedArticle {
  source: string
  status: string
  metadata: { published?: { iso: string }; tags?: string[] } | null
}

/** Find the candidates; filters that need metadata are applied after parsing (see `keepStory`). */
export async function selectStories(selection: Selection, cwd: string, outDir: string): Promise<Selected> {
  if (selection.targets.length > 0) {
    const candidates: Candidate[] = []
    const unmatched: string[] = []
    const seen = new Set<string>()
    // One target at a time: the issue keeps the order the editor gave.
    for (const target of selection.targets) {
      const found = await findSources([target], cwd)
      if (found.files.length === 0) unmatched.push(target)
      for (const file of found.files)
        if (!seen.has(file)) {
          seen.add(file)
          candidates.push({ sourcePath: file })
        }
    }
    return { candidates, unmatched }
  }
  const listed = readManifest(outDir)
  // Newest first, as the site's index lists them. A failed article has no metadata to match (and a
  // draft was never published): only the site's published articles are chosen from.
  const chosen = listed
    .filter((entry) => entry.metadata && entry.status !== 'failed' && entry.status !== 'skipped')
    .filter((entry) => keepStory(entry.metadata ?? {}, selection))
    .sort((a, b) => (b.metadata?.published?.iso ?? '').localeCompare(a.metadata?.published?.iso ?? ''))
  return {
    candidates: chosen.map((entry) => ({ sourcePath: path.normalize(entry.source), status: entry.status })),
    unmatched: [],
  }
}

/** Whether an article's metadata passes `--since` and `--tag`. */
export function keepStory(
  metadata: { published?: { iso: string }; tags?: readonly string[] },
  selection: Pick<Selection, 'since' | 'tag'>,
): boolean {
  if (selection.since && !(metadata.published && metadata.published.iso.slice(0, 10) >= selection.since)) return false
  const tag = selection.tag?.toLocaleLowerCase()
  if (tag && !(metadata.tags ?? []).some((candidate) => candidate.toLocaleLowerCase() === tag)) return false
  return true
}

/** The site's articles from `manifest.json`; a usage error when there is no site to choose from. */
function readManifest(outDir: string): ListedArticle[] {
  const file = path.join(outDir, 'manifest.json')
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(
      `No site to choose stories from: \`${file}\` cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); build the site first, or name the articles`,
    )
  }
  const articles = (data as { articles?: unknown }).articles
  if (!Array.isArray(articles)) throw new UsageError(`\`${file}\` has no \`articles\` list; build the site again`)
  return articles.filter(
    (entry): entry is ListedArticle => typeof entry?.source === 'string' && typeof entry?.status === 'string',
  )
}
