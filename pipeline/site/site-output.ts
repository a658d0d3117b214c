/**
 * The contract of a site output, the site-wide counterpart of a renderer.
 */
import type { ArticleResult, Format, SiteConfig } from '../types.ts'
import type { DigestEntry } from './digest-entries.ts'

/** What every site output receives. */
export interface SiteInput {
  config: SiteConfig
  /** Every source of the site, built now or kept from earlier builds, failed ones too, in source order. */
  articles: ArticleResult[]
  /** The output folder (site outputs that show an article's body read it from the build cache there). */
  outDir: string
  /** The build's environment keys: a site output's key includes those of what it shows. */
  environment: Record<Format, string>
  /** The digests the site holds (`galley digest`), in slug order. Default: none. */
  digests?: readonly DigestEntry[]
}

export interface SiteOutput {
  /** The file written in the output folder. */
  fileName: string
  /** Why this site gets no such file (an old one is then removed), or undefined. */
  skip(site: SiteInput): string | undefined
  /**
   * A key that changes whenever the bytes would, given what its last render remembered (`memo`):
   * the file is rendered again only when the key changes (a watch save on a large site).
   */
  key(site: SiteInput, memo: unknown): Promise<string> | string
  render(site: SiteInput): Promise<{ bytes: Uint8Array; memo?: unknown }>
}

/** Why the feeds and the sitemap are not made: they need absolute URLs. */
export function needsSiteUrl(site: SiteInput): string | undefined {
  return site.config.siteUrl ? undefined : 'no site URL'
}
