/**
 * Shards: one build split over machines (a CI matrix, a Kubernetes Indexed Job). Each source belongs
 * to one shard by a hash of its path, so the same article always lands in the same shard; each shard
 * builds into its own folder and says there what it built and with what (`shard.json`), so that
 * `galley merge` can refuse shards that do not belong together.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { UsageError } from '../errors.ts'
import type { Format, SiteConfig } from '../types.ts'
import { writeAtomic } from './write-atomic.ts'

/** Shard `index` of `count`, counted from 1. */
export interface Shard {
  index: number
  count: number
}

export const SHARD_FILE = 'shard.json'

/** What a shard's folder says of the build that made it. */
export interface ShardManifest {
  generator: 'galley'
  shard: Shard
  /** Galley's version and a hash of its code: shards of different Galleys do not merge. */
  version: string
  code: string
  /** The resolved config (site URL from the command line included) and the build's settings. */
  config: SiteConfig
  formats: Format[]
  strict: boolean
  /** The environment keys the shard's files were made under. */
  environment: Record<Format, string>
  /** The sources of this shard, in source order. */
  sources: string[]
}

/** `i/n` with 1 ≤ i ≤ n, as given to `--shard`. */
export function parseShard(spec: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (such as 2/4), not \`${spec}\``)
  return { index, count }
}

/**
 * The shard of a Kubernetes Indexed Job's pod: `JOB_COMPLETION_INDEX` (counted from 0) of `count`
 * (`--shard-count`, the Job's `completions`).
 */
export function shardFromEnvironment(count: string, environment = process.env): Shard {
  const total = Number(count)
  if (!Number.isInteger(total) || total < 1)
    throw new UsageError(`--shard-count must be a whole number of at least 1, not \`${count}\``)
  const given = environment.JOB_COMPLETION_INDEX
  if (given === undefined)
    throw new UsageError(
      '--shard-count needs JOB_COMPLETION_INDEX (set in a Kubernetes Indexed Job); or give --shard i/n',
    )
  return parseShard(`${Number(given) + 1}/${total}`)
}

/** Whether `sourcePath` (relative to the build root) belongs to `shard`. */
export function inShard(sourcePath: string, cwd: string, shard: Shard): boolean {
  const key = path.relative(cwd, path.resolve(cwd, sourcePath)).split(path.sep).join('/')
  const hash = createHash('sha256').update(key).digest()
  return hash.readUInt32BE(0) % shard.count === shard.index - 1
}

export function writeShardManifest(outDir: string, manifest: ShardManifest): Promise<void> {
  return writeAtomic(path.join(outDir, SHARD_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** The shard manifest of `folder`; a usage error when it has none or cannot be read. */
export function readShardManifest(folder: string, name = folder): ShardManifest {
  let manifest: Partial<ShardManifest>
  try {
    manifest = JSON.parse(readFileSync(path.join(folder, SHARD_FILE), 'utf8')) as Partial<ShardManifest>
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'has no' : 'has an unreadable'
    throw new UsageError(`\`${name}\` ${reason} ${SHARD_FILE}: is it the output of \`galley build --shard i/n\`?`)
  }
  if (manifest.generator !== 'galley' || !manifest.shard || !Array.isArray(manifest.sources) || !manifest.config)
    throw new UsageError(`\`${name}\`: ${SHARD_FILE} is not a shard manifest Galley wrote`)
  return manifest as ShardManifest
}
