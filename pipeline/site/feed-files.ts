/**
 * The site's feeds by file name and media type: the feed outputs write them, and the pages link them
 * (`<link rel="alternate">`), so both read this one list.
 */
export const FEEDS = [
  { fileName: 'feed.xml', mediaType: 'application/atom+xml', name: 'Atom' },
  { fileName: 'rss.xml', mediaType: 'application/rss+xml', name: 'RSS' },
  { fileName: 'feed.json', mediaType: 'application/feed+json', name: 'JSON Feed' },
] as const
