/**
 * What a reading system finds in an EPUB, for the per-format golden and the consistency loop: the
 * zip entries, the package document and its metadata, the navigation as an outline, and the text of
 * each document in the spine.
 */
import { createHash } from 'node:crypto'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { select, selectAll } from 'hast-util-select'
import { toText } from 'hast-util-to-text'
import { visit } from 'unist-util-visit'
import { entryText, openEpub, type OpfMetadata, readOpfMetadata } from '../epub.ts'

/** One entry of the navigation document's table of contents. */
export interface NavEntry {
  depth: number
  title: string
  href: string
}

export interface EpubFacts {
  /** `name  bytes` for text entries, `name  bytes  sha256:…` for binaries, in zip order. */
  entries: string[]
  /** The package document as written. */
  opf: string
  metadata: OpfMetadata
  nav: NavEntry[]
  /** Each document of the spine, in reading order: its path and text. */
  spine: Array<{ path: string; lang: string | undefined; text: string }>
  /** The cover image's alt text, when the book has a cover page. */
  coverAlt: string | undefined
}

const TEXT_ENTRY = /\.(?:xhtml|opf|ncx|css|xml)$|^mimetype$/

/** Open `bytes` and read what the golden and the consistency loop look at. */
export async function readEpub(bytes: Uint8Array): Promise<EpubFacts> {
  const zip = await openEpub(bytes)
  const entries: string[] = []
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue
    const data = await entry.async('uint8array')
    const digest = TEXT_ENTRY.test(name)
      ? ''
      : `  sha256:${createHash('sha256').update(data).digest('hex').slice(0, 16)}`
    entries.push(`${name}  ${data.byteLength}${digest}`)
  }
  const container = await entryText(zip, 'META-INF/container.xml')
  const opfPath = /full-path="([^"]+)"/.exec(container)?.[1]
  if (!opfPath) throw new Error('META-INF/container.xml names no package document')
  const folder = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : ''
  const opf = await entryText(zip, opfPath)
  const manifest = new Map<string, { href: string; properties: string }>()
  for (const [item] of opf.matchAll(/<item\s[^>]*>/g)) {
    const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(item)?.[1] ?? ''
    manifest.set(attribute('id'), { href: attribute('href'), properties: attribute('properties') })
  }
  const navItem = [...manifest.values()].find((item) => item.properties.split(' ').includes('nav'))
  if (!navItem) throw new Error('The package document declares no navigation document')
  const nav = readNav(fromHtml(await entryText(zip, folder + navItem.href)))
  const spine: EpubFacts['spine'] = []
  let coverAlt: string | undefined
  for (const [, idref] of opf.matchAll(/<itemref\s[^>]*idref="([^"]+)"/g)) {
    const item = manifest.get(idref!)
    if (!item) throw new Error(`The spine refers to \`${idref}\`, which the manifest lacks`)
    const tree = fromHtml(await entryText(zip, folder + item.href))
    const html = select('html', tree)
    const body = select('body', tree)
    if (/(?:^|\s)cover(?:\s|$)/.test(String(select('body', tree)?.properties.className ?? '')))
      coverAlt = String(select('img', tree)?.properties.alt ?? '')
    spine.push({
      path: item.href,
      lang: html?.properties.xmlLang === undefined ? undefined : String(html.properties.xmlLang),
      text: body ? blockText(body) : '',
    })
  }
  return { entries, opf, metadata: readOpfMetadata(opf), nav, spine, coverAlt }
}

/** The `toc` nav's links as an outline: each list item one level below the list item around it. */
function readNav(tree: Root): NavEntry[] {
  const toc =
    selectAll('nav', tree).find((nav) =>
      String(nav.properties.epubType ?? nav.properties['epub:type'] ?? '').includes('toc'),
    ) ?? select('nav', tree)
  const entries: NavEntry[] = []
  const walk = (list: Element, depth: number) => {
    for (const item of list.children) {
      if (item.type !== 'element' || item.tagName !== 'li') continue
      const link = item.children.find(
        (child): child is Element => child.type === 'element' && (child.tagName === 'a' || child.tagName === 'span'),
      )
      if (link)
        entries.push({
          depth,
          title: toText(link).replace(/\s+/g, ' ').trim(),
          href: String(link.properties.href ?? ''),
        })
      for (const child of item.children) if (child.type === 'element' && child.tagName === 'ol') walk(child, depth + 1)
    }
  }
  const list = toc && select('ol', toc)
  if (list) walk(list, 0)
  return entries
}

/** Text of a document body, a line per block, white space inside a line collapsed. */
function blockText(body: Element): string {
  // Images as their alt text, so the cover and figures read in the summary too.
  const copy = structuredClone(body)
  visit(copy, 'element', (node, index, parent) => {
    if (node.tagName !== 'img' || !parent || index === undefined) return undefined
    parent.children[index] = { type: 'text', value: `[image: ${String(node.properties.alt ?? '')}]` }
    return undefined
  })
  return toText(copy)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}
