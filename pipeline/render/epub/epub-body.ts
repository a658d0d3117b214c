/**
 * The article body as EPUB wants it, on a copy of the shared tree: footnotes as EPUB notes, images
 * checked and collected, and the attributes epub-gen-memory would silently drop (table alignment,
 * list start, task check boxes) turned into markup it keeps.
 */
import type { Element, ElementContent, Root } from 'hast'
import { headingRank } from 'hast-util-heading-rank'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import type { Asset } from '../../types.ts'
import { absoluteHref } from '../absolute-href.ts'
import { rewriteFootnotes } from './footnotes.ts'
import { imageProblem, type BookImage } from './images.ts'

/** The rewritten body and the images it refers to, by src. */
export interface EpubBody {
  tree: Root
  images: Map<string, BookImage>
  /** Alt texts of the body's images, in order (an empty string for an image without one). */
  altTexts: string[]
  /**
   * The body's formulas as MathML, in order; the tree holds `<span class="galley-math-N">` in
   * their place, which OfflineEpub swaps back after epub-gen-memory's attribute filter (it would
   * drop `xmlns`, `display` and `alttext`, leaving an element XHTML does not know).
   */
  mathml: string[]
}

/**
 * Clone `tree` and rewrite the clone for EPUB; problems with images are messages on `file`.
 * `footnotesHeading` titles the notes at the end.
 */
export function epubBody(
  tree: Root,
  assets: ReadonlyMap<string, Asset>,
  file: VFile,
  footnotesHeading: string,
  baseUrl?: string,
): EpubBody {
  const copy = structuredClone(tree)
  rewriteFootnotes(copy, footnotesHeading)
  const ids = new Set<string>()
  visit(copy, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id)
  })
  const images = new Map<string, BookImage>()
  const altTexts: string[] = []
  const mathml: string[] = []
  let headings = 0

  visit(copy, 'element', (node, index, parent) => {
    if (node.tagName === 'math' && parent && index !== undefined) {
      mathml.push(toHtml(node))
      parent.children[index] = h(`span.galley-math-${mathml.length}`)
      return 'skip'
    }
    if (node.tagName === 'img' && parent && index !== undefined) {
      const replacement = checkImage(node, assets, images, file)
      if (replacement) {
        parent.children[index] = replacement
        return 'skip'
      }
      altTexts.push(typeof node.properties.alt === 'string' ? node.properties.alt : '')
    }
    if (node.tagName === 'a' && parent && index !== undefined && !keepLink(node, file, ids, baseUrl)) {
      parent.children.splice(index, 1, ...node.children)
      return index
    }
    if (node.tagName === 'input' && node.properties.type === 'checkbox' && parent && index !== undefined) {
      parent.children[index] = taskState(node)
      return 'skip'
    }
    // Code reads left to right in every language, also inside a right-to-left article.
    if (node.tagName === 'pre') node.properties.dir = 'ltr'
    if (headingRank(node) && typeof node.properties.id !== 'string') node.properties.id = `heading-${++headings}`
    keepAlignment(node)
    keepListStart(node)
    dropDataAttributes(node)
    return undefined
  })
  return { tree: copy, images, altTexts, mathml }
}

/**
 * A link inside a book must lead inside the book (`#id`, to an id that exists: epubcheck RSC-012)
 * or to the web: a site-relative link (`/learn/x`) names a file the EPUB does not contain
 * (epubcheck RSC-007). Resolve it against the article's canonical URL; without one, keep the link
 * text and drop the link. False means drop.
 */
function keepLink(node: Element, file: VFile, ids: ReadonlySet<string>, baseUrl: string | undefined): boolean {
  const href = typeof node.properties.href === 'string' ? node.properties.href : undefined
  if (href === undefined) return true
  if (href.startsWith('#')) {
    if (ids.has(decodeFragment(href.slice(1)))) return true
    file.message(
      `Expected a link to an element of the article, found \`${href}\`, which is not there; the EPUB keeps its text without the link`,
      { place: node.position?.start, ruleId: 'epub-broken-anchor', source: 'galley:epub' },
    )
    return false
  }
  const absolute = absoluteHref(href, baseUrl)
  if (absolute) {
    node.properties.href = absolute
    return true
  }
  file.message(
    `The link \`${href}\` is relative and the article has no canonical URL to resolve it against; the EPUB keeps its text without the link`,
    {
      place: node.position?.start,
      ruleId: 'epub-relative-link',
      source: 'galley:epub',
    },
  )
  return false
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}

/** Record a usable image, or return what replaces one that cannot go into the book. */
function checkImage(
  node: Element,
  assets: ReadonlyMap<string, Asset>,
  images: Map<string, BookImage>,
  file: VFile,
): ElementContent | undefined {
  const src = typeof node.properties.src === 'string' ? node.properties.src : ''
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
  const asset = assets.get(src)
  const problem = asset ? imageProblem(asset.data, asset.mediaType) : 'was not loaded'
  if (asset && !problem) {
    images.set(src, { data: asset.data, mediaType: asset.mediaType })
    return undefined
  }
  file.message(`Expected an image the EPUB can embed, but \`${src}\` ${problem}; its alt text is used instead`, {
    place: node.position?.start,
    ruleId: 'epub-unusable-image',
    source: 'galley:epub',
  })
  return { ...h('span.image-missing', alt ? `[${alt}]` : '[image]'), position: node.position }
}

/**
 * A GFM task item's check box as a ballot box character (☑ done, ☐ open): the library drops the
 * `checked` attribute, which would show every task as open, and a form control means nothing in a book.
 */
function taskState(input: Element): Element {
  return { ...h('span.task-state', input.properties.checked ? '\u2611' : '\u2610'), position: input.position }
}

/** `align` is obsolete in HTML5 and dropped by the library: keep it as a class the stylesheet aligns. */
function keepAlignment(node: Element): void {
  const align = node.properties.align
  if (typeof align !== 'string') return
  node.properties.align = undefined
  const classes = Array.isArray(node.properties.className) ? node.properties.className : []
  node.properties.className = [...classes, `align-${align}`]
}

/**
 * `<ol start>` (Markdown `3. item`) is dropped by the library, and `counter-reset` on the list was
 * ignored by Chromium here: number such a list's items in its text instead, so every reader shows
 * (and reads aloud) the numbers the author wrote.
 */
function keepListStart(node: Element): void {
  if (node.tagName !== 'ol' || node.properties.start === undefined) return
  const start = Number(node.properties.start)
  node.properties.start = undefined
  if (!Number.isInteger(start) || start === 1) return
  node.properties.className = [
    ...(Array.isArray(node.properties.className) ? node.properties.className : []),
    'numbered',
  ]
  let number = start
  for (const item of node.children) {
    if (item.type !== 'element' || item.tagName !== 'li') continue
    const label: ElementContent[] = [h('span.list-number', `${number++}.`), { type: 'text', value: ' ' }]
    const first = item.children.find((child) => child.type !== 'text' || child.value.trim())
    // A loose list wraps its item in <p>: put the number inside it, on the same line as the text.
    if (first?.type === 'element' && first.tagName === 'p') first.children.unshift(...label)
    else item.children.unshift(...label)
  }
}

/** `data-*` attributes are not allowed by the library and mean nothing to a reader. */
function dropDataAttributes(node: Element): void {
  for (const name of Object.keys(node.properties)) if (/^data[A-Z]/.test(name)) node.properties[name] = undefined
}
