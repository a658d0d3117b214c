/**
 * The words of the site's feeds (Atom `feed.xml`, RSS `rss.xml`, JSON Feed `feed.json`): the feed's
 * title and description, and each entry's title and summary. Point `templates.feed` in the config at
 * a copy of this folder to change them. Which articles, their dates, files and content come from the
 * build (`feed.limit`, `feed.content` in the config).
 *
 * Metadata fields used: title, description.
 */
import type { FeedTemplate } from '../../pipeline/site/feed-entries.ts'

const template: FeedTemplate = {
  channel: ({ siteName }) => ({ title: siteName, description: `Articles published by ${siteName}` }),
  entry: (metadata) => ({ title: metadata.title, summary: metadata.description }),
}

export default template
