/**
 * The articles the per-format goldens and the consistency loop go through: every fixture that is an
 * article (`tests/fixtures/**\/input.md` or `index.md`) and every post of the shared corpus, read in
 * place. Paths are relative to the repository root, so nothing machine-specific reaches a golden.
 */
import { existsSync } from 'node:fs'
import { globSync } from 'tinyglobby'

/** Fixture sources, sorted. */
export function fixtureSources(): string[] {
  return globSync(['tests/fixtures/**/input.md', 'tests/fixtures/**/index.md'], { expandDirectories: false }).sort()
}

/** The shared corpus of real posts, beside the repository; empty when it is not there. */
export const CORPUS = '../shared/corpus/articles'

/** Posts of the shared corpus, sorted; empty when the corpus is not beside the repository. */
export function corpusSources(): string[] {
  if (!existsSync(CORPUS)) return []
  return globSync(['*.md'], { cwd: CORPUS, expandDirectories: false })
    .sort()
    .map((name) => `${CORPUS}/${name}`)
}
