/**
 * Parse fixtures the way a build does, with a fixed site config so goldens do not depend on the
 * project's own galley.config.ts.
 */
import { readFile } from 'node:fs/promises'
import { resolveConfig } from '../../pipeline/config.ts'
import { parseArticle } from '../../pipeline/source/parse-article.ts'
import type { SiteConfig } from '../../pipeline/types.ts'

export const testConfig: SiteConfig = resolveConfig(
  { siteName: 'Galley News', siteUrl: 'https://news.example.org' },
  process.cwd(),
)

/** Parse a source file; the returned file carries every message. Lint is off unless asked for. */
export async function parseFixture(
  path: string,
  config: SiteConfig = testConfig,
  options: { lint?: boolean; strict?: boolean } = {},
) {
  return parseArticle(path, await readFile(path), { config, lint: false, ...options })
}

/** Parse Markdown given inline (named `inline.md`). Lint is off unless asked for. */
export async function parseText(
  markdown: string | Uint8Array,
  config: SiteConfig = testConfig,
  options: { lint?: boolean; strict?: boolean } = {},
) {
  const bytes = typeof markdown === 'string' ? new TextEncoder().encode(markdown) : markdown
  return parseArticle('inline.md', bytes, { config, lint: false, ...options })
}
