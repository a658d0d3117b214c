/**
 * A site of ten real posts (copied from ../shared/corpus/articles into a temporary folder, never into
 * the project) with its pages and cards built, for the digest tests.
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resolveConfig } from '../../pipeline/config.ts'
import { build } from '../../pipeline/index.ts'

export const CORPUS = path.resolve('../shared/corpus/articles')
export const SITE_URL = 'https://news.example.org/desk'

/** Ten posts of several scripts and directions: Latin, Arabic, Japanese, Russian, Chinese; math, footnotes, tables. */
export const TEN = [
  'rust-check-cfg',
  'react-ar-canaries',
  'react-ja-plan-for-react-18',
  'react-ru-state-as-a-snapshot',
  'react-zh-hans-canaries',
  'rust-i128-layout-update',
  'eleventy-firstpost',
  'astro-markdown-style-guide',
  'hugo-math-typesetting',
  'gatsby-hello-world',
]

export const config = (dir: string, siteUrl: string | null = SITE_URL) => ({
  config: resolveConfig({ siteName: 'Desk', ...(siteUrl ? { siteUrl } : {}) }, dir),
})

/** A folder with `posts/` (the ten and the post with no title) and their pages and cards built in `output/`. */
export async function digestSite(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-digest-'))
  mkdirSync(path.join(dir, 'posts'))
  for (const name of [...TEN, 'hexo-no-title'])
    cpSync(path.join(CORPUS, `${name}.md`), path.join(dir, 'posts', `${name}.md`))
  // The email links each story's page and card: those are what it needs of the site.
  await build({
    targets: ['posts'],
    cwd: dir,
    outDir: 'output',
    config: config(dir),
    formats: ['html', 'og'],
    concurrency: 2,
  })
  return dir
}

/** The ten posts' source paths, in issue order. */
export const tenSources = () => TEN.map((name) => `posts/${name}.md`)
