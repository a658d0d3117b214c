/**
 * `galley lint`: parse every source (no rendering) and run the per-article and batch rules.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { toText } from 'hast-util-to-text'
import type { VFile } from 'vfile'
import { findSources } from '../build/find-sources.ts'
import type { LoadedConfig } from '../config.ts'
import { exitCodeFor } from '../report.ts'
import { parseArticle } from '../source/parse-article.ts'
import { lintBatch, makeLintStrict, type LintEntry } from './index.ts'

export interface LintOptions {
  targets: string[]
  config: LoadedConfig
  /** Findings are errors. Default false. */
  strict?: boolean
  cwd?: string
}

/** Lint the sources; resolves to each file with its messages, and the exit code they imply. */
export async function lintSources(
  options: LintOptions,
): Promise<{ files: VFile[]; exitCode: 0 | 1; unmatched: string[] }> {
  const cwd = options.cwd ?? process.cwd()
  const { files: sources, unmatched } = await findSources(options.targets, cwd)
  const files: VFile[] = []
  const entries: LintEntry[] = []
  const slugOwners = new Map<string, string>()
  for (const sourcePath of sources) {
    const { article, file } = await parseArticle(sourcePath, await readFile(path.resolve(cwd, sourcePath)), {
      config: options.config.config,
      cwd,
      strict: options.strict ?? false,
    })
    files.push(file)
    if (!article) continue
    const owner = slugOwners.get(article.metadata.slug)
    if (owner)
      file.message(
        `Two sources share the slug \`${article.metadata.slug}\` (the other is ${owner}); the build keeps the first and refuses this one. Give one of them its own \`slug\``,
        {
          place: { line: 1, column: 1 },
          ruleId: 'duplicate-slug',
          source: 'galley:lint',
        },
      )
    else slugOwners.set(article.metadata.slug, sourcePath)
    entries.push({ file, text: toText(article.tree) })
  }
  lintBatch(entries)
  if (options.strict) for (const file of files) makeLintStrict(file)
  return { files, exitCode: exitCodeFor(files), unmatched }
}
