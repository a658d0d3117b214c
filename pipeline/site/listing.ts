/**
 * `output/index.html`: every article with a page, newest first, each with its files, drawn by the
 * HTML template's `listing`.
 */
import { createHash } from 'node:crypto'
import { toHtml } from 'hast-util-to-html'
import { feedLinks, type HtmlTemplate, type ListingEntry, type ListingInput } from '../render/html.ts'
import { loadTemplate, RENDERERS } from '../render/index.ts'
import { labelsFor } from '../../templates/shared/labels.ts'
import type { Format, Metadata } from '../types.ts'
import { publishedArticles } from './published.ts'
import type { SiteInput, SiteOutput } from './site-output.ts'

/** The index page's input as data (the template is also handed the shared words, `labelsFor`). */
type SiteListing = Omit<ListingInput, 'labelsFor'>

/** The index page's input: the site, and every article with a page in the order shown. */
export function listingInput(site: SiteInput): SiteListing {
  const { config } = site
  const entries = publishedArticles(site).map(
    (result): ListingEntry => ({
      metadata: result.metadata,
      href: `${encodeURIComponent(result.slug)}/`,
      downloads: (RENDERERS.html?.links ?? []).flatMap((format: Format) => {
        const artifact = result.artifacts[format]
        return artifact
          ? [{ format, href: encodeURI(artifact.path), mediaType: RENDERERS[format]!.mediaType, bytes: artifact.bytes }]
          : []
      }),
    }),
  )
  return {
    siteName: config.siteName,
    lang: config.defaultLanguage,
    theme: config.theme,
    entries,
    feeds: config.siteUrl ? feedLinks('') : [],
  }
}

const inputs = new WeakMap<SiteInput, SiteListing>()
const inputOf = (site: SiteInput) => {
  let input = inputs.get(site)
  if (!input) inputs.set(site, (input = listingInput(site)))
  return input
}

/** `index.html`, made when the site has at least one page; its memo is the fields the template read. */
export const listingPage: SiteOutput = {
  fileName: 'index.html',
  skip: (site) => (inputOf(site).entries.length === 0 ? 'no article has a page' : undefined),
  key: (site, memo) =>
    listingKey(site.environment.html, inputOf(site), Array.isArray(memo) ? (memo as string[]) : undefined),
  async render(site) {
    const template = await loadTemplate<HtmlTemplate>('html', site.config, site.environment.html)
    const { bytes, fieldsRead } = renderListing(template, inputOf(site))
    return { bytes, memo: fieldsRead }
  },
}

/**
 * The index page's key: the HTML environment, the feeds, then per entry in the order shown its link,
 * its files and the values of the metadata fields the template read last time it rendered (all of
 * them when unknown). The template is a function of its input, so the page is the same while this key
 * is: a save that changes only an article's body and word count does not render the listing again.
 */
export function listingKey(environment: string, input: SiteListing, fieldsRead: string[] | undefined): string {
  const fields = fieldsRead && !fieldsRead.includes('*') ? fieldsRead : undefined
  const named = fields?.join(',') ?? '*'
  const hash = createHash('sha256')
    .update(environment)
    .update(`\n${named}\n${JSON.stringify(input.feeds)}\n`)
  for (const { href, metadata, downloads } of input.entries) {
    // By the metadata object: an unchanged article's is the very object from one watch save to the next.
    let shown = shownFields.get(metadata)
    if (shown?.fields !== named)
      shownFields.set(
        metadata,
        (shown = {
          fields: named,
          json: JSON.stringify(fields ? fields.map((field) => metadata[field as keyof Metadata]) : metadata),
        }),
      )
    hash.update(`${href}\t${shown.json}\t`)
    for (const download of downloads) hash.update(`${download.href}:${download.bytes} `)
    hash.update('\n')
  }
  return hash.digest('hex')
}

const shownFields = new WeakMap<Metadata, { fields: string; json: string }>()

/**
 * Render the index page that lists every article, and say which metadata fields the template read:
 * a page made from the same values of those fields comes out the same (see `listingKey`). `*` means
 * every field: the template listed a metadata object's keys, or could not be given the recording
 * stand-ins (it cloned one, say) and was given the metadata itself.
 */
export function renderListing(template: HtmlTemplate, input: SiteListing): { bytes: Uint8Array; fieldsRead: string[] } {
  const read = new Set<string>()
  const note = (field: string | symbol) => typeof field === 'string' && read.add(field)
  const recorder: ProxyHandler<Metadata> = {
    get(target, field, receiver) {
      note(field)
      return Reflect.get(target, field, receiver)
    },
    has(target, field) {
      note(field)
      return Reflect.has(target, field)
    },
    getOwnPropertyDescriptor(target, field) {
      note(field)
      return Reflect.getOwnPropertyDescriptor(target, field)
    },
    ownKeys(target) {
      read.add('*')
      return Reflect.ownKeys(target)
    },
  }
  const render = (entries: ListingEntry[]) =>
    new TextEncoder().encode(`${toHtml(template.listing({ ...input, entries, labelsFor }))}\n`)
  try {
    const bytes = render(input.entries.map((entry) => ({ ...entry, metadata: new Proxy(entry.metadata, recorder) })))
    return { bytes, fieldsRead: read.has('*') ? ['*'] : [...read].sort() }
  } catch {
    // Thrown with the stand-ins (a proxy cannot be cloned): the page, and its key, from the real thing.
    return { bytes: render(input.entries), fieldsRead: ['*'] }
  }
}
