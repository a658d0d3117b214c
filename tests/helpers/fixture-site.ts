/**
 * Every fixture article (`tests/fixtures/**\/input.md`) built as one site, in every format: each is
 * copied with the files beside it into a folder named after its case, so the many `input.md` get
 * slugs of their own. Those that do not build (the front matter fixtures that test refusals) are
 * left out by the build itself.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { globSync } from 'tinyglobby'
import { type BuildResult, build } from '../../pipeline/index.ts'
import type { Format } from '../../pipeline/types.ts'
import { testConfig } from './articles.ts'

/** The built site: its output folder and the build's result. */
export interface FixtureSite {
  out: string
  result: BuildResult
  /** Built articles, by case name (`markdown-extensions-math`). */
  built: Array<{ name: string; slug: string; folder: string }>
}

/** Copy every fixture into a fresh input folder and build it (`formats`, default all) into a fresh output folder. */
export async function buildFixtureSite(formats?: Format[]): Promise<FixtureSite> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'galley-fixture-site-'))
  const input = path.join(root, 'input')
  const names = new Map<string, string>()
  for (const source of globSync('tests/fixtures/**/input.md').sort()) {
    const folder = path.dirname(source)
    const name = path.relative('tests/fixtures', folder).split(path.sep).join('-')
    const target = path.join(input, name)
    mkdirSync(target, { recursive: true })
    copyFileSync(source, path.join(target, `${name}.md`))
    for (const entry of readdirSync(folder)) {
      const from = path.join(folder, entry)
      if (!entry.endsWith('.md') && statSync(from).isFile()) copyFileSync(from, path.join(target, entry))
    }
    names.set(path.join(target, `${name}.md`), name)
  }
  const out = path.join(root, 'output')
  const result = await build({
    targets: [...names.keys()],
    outDir: out,
    config: { config: testConfig },
    cwd: root,
    ...(formats ? { formats } : {}),
  })
  const built = result.articles
    .filter((article) => article.slug && Object.keys(article.artifacts).length > 0)
    .map((article) => ({
      name: names.get(path.resolve(root, article.sourcePath)) ?? article.sourcePath,
      slug: article.slug!,
      folder: path.join(out, article.slug!),
    }))
  return { out, result, built }
}
