/**
 * The digests the site holds (`output/digests/<slug>/`), as the manifest lists them and the site
 * record keeps them beside the cache: `galley digest` adds or replaces one; every later build or
 * merge lists again those whose files are still there.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { ArtifactRecord } from '../types.ts'

/** The folder of the output that holds the digests: never an article's. */
export const DIGESTS_FOLDER = 'digests'

/** The files of a digest, by kind. */
export type DigestFileKind = 'pdf' | 'epub' | 'email' | 'text' | 'cover'

/** One digest as the manifest lists it. */
export interface DigestEntry {
  slug: string
  title: string
  /** The date, `YYYY-MM-DD`. */
  date: string
  lang: string
  /** Its stories in issue order: each one's slug, source and title. */
  stories: Array<{ slug: string; source: string; title: string }>
  /** Its files, relative to the output folder, with their sizes and hashes. */
  artifacts: Partial<Record<DigestFileKind, ArtifactRecord>>
  warnings: string[]
  errors: string[]
}

/** The entries read back from the site record; anything not shaped like one is dropped. */
export function readDigestEntries(value: unknown): DigestEntry[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (entry): entry is DigestEntry =>
      typeof entry?.slug === 'string' &&
      typeof entry.title === 'string' &&
      typeof entry.date === 'string' &&
      Array.isArray(entry.stories) &&
      typeof entry.artifacts === 'object' &&
      entry.artifacts !== null,
  )
}

/** The digests whose every file is still in `outDir` at its recorded size (one deleted by hand is no longer listed). */
export function presentDigests(outDir: string, digests: readonly DigestEntry[]): DigestEntry[] {
  return digests.filter((digest) =>
    Object.values(digest.artifacts).every(
      (artifact) => statSync(path.join(outDir, artifact.path), { throwIfNoEntry: false })?.size === artifact.bytes,
    ),
  )
}

/** `digests` with `entry` in place of the one of its slug (or added), in slug order. */
export function withDigest(digests: readonly DigestEntry[], entry: DigestEntry): DigestEntry[] {
  return [...digests.filter((digest) => digest.slug !== entry.slug), entry].sort((a, b) =>
    a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0,
  )
}
