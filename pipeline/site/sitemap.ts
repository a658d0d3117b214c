/**
 * `output/sitemap.xml` (https://www.sitemaps.org/protocol.html): the index page and every article page,
 * with the article's last date, built with the unified collective's `xast-util-sitemap`.
 */
import { createHash } from 'node:crypto'
import { toXml } from 'xast-util-to-xml'
import { sitemap } from 'xast-util-sitemap'
import { toTimestamp } from '../metadata/timestamp.ts'
import { publishedArticles } from './published.ts'
import { needsSiteUrl, type SiteInput, type SiteOutput } from './site-output.ts'

function sitemapEntries(site: SiteInput) {
  const base = `${site.config.siteUrl}/`
  return [
    { url: base },
    ...publishedArticles(site).map(({ slug, metadata }) => {
      const date = metadata.modified ?? metadata.published
      return {
        url: `${base}${encodeURIComponent(slug)}/`,
        lang: metadata.lang,
        ...(date ? { modified: toTimestamp(date) } : {}),
      }
    }),
  ]
}

export const sitemapFile: SiteOutput = {
  fileName: 'sitemap.xml',
  skip: (site) => needsSiteUrl(site) ?? (publishedArticles(site).length === 0 ? 'no article has a page' : undefined),
  key: (site) =>
    createHash('sha256')
      .update(JSON.stringify(sitemapEntries(site)))
      .digest('hex'),
  render: async (site) => ({ bytes: Buffer.from(`${toXml(sitemap(sitemapEntries(site)))}\n`) }),
}
