/**
 * A saved HTML page → front matter fields and Markdown body blocks. The article body is found with
 * the unified collective's HTML tools (the page's `<article>` or `<main>`, else the element holding
 * the most paragraph text); navigation, scripts, forms and share widgets are dropped; the rest is
 * turned into mdast and written as Markdown.
 */
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { select, selectAll } from 'hast-util-select'
import { toMdast } from 'hast-util-to-mdast'
import { toString } from 'hast-util-to-string'
import type { RootContent } from 'mdast'
import { gfmToMarkdown } from 'mdast-util-gfm'
import { toMarkdown } from 'mdast-util-to-markdown'
import { remove } from 'unist-util-remove'
import type { VFile } from 'vfile'
import { tidyBlocks, type Block, type FoundFields } from './clean-text.ts'
import { languageFromName } from './languages.ts'
import { readDate } from './read-date.ts'

const SOURCE = 'galley:import'
const CHROME =
  'script, style, noscript, template, nav, aside, form, button, iframe, object, embed, svg, header:not(article header), footer, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], .share, .social, .related, .comments, .advert, .ad, .newsletter'

/** Read the article out of an HTML page. */
export function extractFromHtml(html: string, file: VFile): { fields: FoundFields; blocks: Block[] } {
  const page = fromHtml(html)
  const meta = (key: string) => {
    const element = select(`meta[property="${key}"], meta[name="${key}"]`, page)
    const content = element?.properties.content
    return typeof content === 'string' && content.trim() ? content.trim() : undefined
  }
  const fields: FoundFields = { unreadDates: [], tags: [], authors: [] }

  const body = findArticleBody(page)
  const heading = select('h1', body) ?? select('h1', page)
  fields.title = meta('og:title') ?? (heading ? toString(heading).trim() : undefined) ?? textOf(select('title', page))
  if (heading) remove(body, (node) => node === heading)
  const published =
    meta('article:published_time') ??
    propertyOf(select('time[datetime]', body) ?? select('time[datetime]', page), 'dateTime')
  const modified = meta('article:modified_time')
  for (const [field, text] of [
    ['date', published],
    ['updated', modified],
  ] as const) {
    if (!text) continue
    const iso = readDate(text)
    if (iso) fields[field] = iso
    else {
      fields.unreadDates.push({ field, text })
      file.message(`Could not read a date in “${text}”; kept it verbatim as a comment in the front matter`, {
        ruleId: 'unreadable-date',
        source: SOURCE,
      })
    }
  }
  fields.source = meta('og:site_name')
  const lang = propertyOf(select('html', page), 'lang')
  if (lang) fields.lang = languageFromName(lang) ?? lang
  fields.tags = selectAll('meta[property="article:tag"]', page)
    .map((element) => String(element.properties.content ?? '').trim())
    .filter(Boolean)
  const author = meta('author') ?? meta('article:author')
  if (author && !/^https?:/.test(author)) fields.authors = [author]
  file.info(
    `Took the article body from <${body.tagName}>${fields.title ? ` and the headline “${fields.title}”` : ''}`,
    { ruleId: 'html-body', source: SOURCE },
  )

  const dropped = selectAll(CHROME, body)
  if (dropped.length > 0)
    file.info(`Removed ${dropped.length} navigation, script or widget element(s)`, {
      ruleId: 'boilerplate',
      source: SOURCE,
    })
  remove(body, (node) => dropped.includes(node as Element))

  const mdast = toMdast({ type: 'root', children: body.children } as Root)
  const blocks = (mdast as { children: RootContent[] }).children
    .map((node) => ({
      text: toMarkdown(node, { extensions: [gfmToMarkdown()] }).trim(),
      line: node.position?.start.line ?? 1,
    }))
    .filter((block) => block.text !== '')
  return { fields, blocks: tidyBlocks(blocks, file) }
}

/** The element that holds the article: `<article>`, `<main>`, or the one with the most paragraph text. */
function findArticleBody(page: Root): Element {
  const explicit = select('article', page) ?? select('main, [role=main]', page)
  if (explicit) return explicit
  let best: Element | undefined
  let bestLength = 0
  for (const candidate of selectAll('div, section, body', page)) {
    const length = selectAll(':scope > p', candidate).reduce((sum, paragraph) => sum + toString(paragraph).length, 0)
    if (length > bestLength) {
      best = candidate
      bestLength = length
    }
  }
  return best ?? (select('body', page) as Element)
}

function propertyOf(element: Element | undefined, name: string): string | undefined {
  const value = element?.properties[name]
  return typeof value === 'string' ? value : undefined
}

function textOf(element: Element | undefined): string | undefined {
  return element ? toString(element).trim() || undefined : undefined
}
