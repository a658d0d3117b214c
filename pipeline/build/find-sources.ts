/**
 * Turn the command line's files, folders and globs into a sorted list of article sources:
 * `*.md` files, and `<name>/index.md` for articles that keep their images in a folder.
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'

export interface FoundSources {
  files: string[]
  /** Arguments that matched nothing, for a usage error. */
  unmatched: string[]
}

const ARTICLE_PATTERNS = ['*.md', '*.markdown', '*/index.md', '*/index.markdown']

export async function findSources(targets: string[], cwd: string): Promise<FoundSources> {
  const files = new Set<string>()
  const unmatched: string[] = []
  for (const target of targets) {
    let found: string[] = []
    if (isDynamicPattern(target)) {
      found = await glob(target, { cwd, onlyFiles: true, expandDirectories: false })
    } else {
      const info = await stat(path.resolve(cwd, target)).catch(() => undefined)
      if (info?.isDirectory()) {
        found = (await glob(ARTICLE_PATTERNS, { cwd: path.resolve(cwd, target), onlyFiles: true })).map((file) =>
          path.join(target, file),
        )
      } else if (info?.isFile()) found = [target]
    }
    if (found.length === 0) unmatched.push(target)
    for (const file of found) files.add(path.normalize(file))
  }
  return { files: [...files].sort(), unmatched }
}
