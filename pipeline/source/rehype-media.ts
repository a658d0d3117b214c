/**
 * Embedded media from raw HTML or MDX (`<video>`, `<audio>`, a YouTube or Vimeo `<iframe>`) as a
 * link to what they play: a PDF cannot play anything, the sanitiser removes iframes (any other is
 * left for it to remove and report), and a `<source>` left behind
 * outside `<video>` or `<picture>` is invalid HTML and XHTML. Each replacement is reported.
 */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { toString } from 'hast-util-to-string'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

const MEDIA = new Set(['video', 'audio', 'iframe'])
const VIDEO_EMBED = /^https:\/\/(?:www\.)?(?:youtube(?:-nocookie)?\.com\/embed\/|player\.vimeo\.com\/video\/)/

export function rehypeMedia() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return
      if (node.tagName === 'picture') return SKIP
      if (node.tagName === 'source' || node.tagName === 'track') {
        parent.children.splice(index, 1)
        return index
      }
      if (!MEDIA.has(node.tagName)) return
      const src = mediaSource(node)
      // An iframe is unsafe (the sanitiser removes it and says so) unless it embeds a known video.
      if (node.tagName === 'iframe' && !(src && VIDEO_EMBED.test(src))) return
      const replacement = src && /^https?:\/\//.test(src) ? link(node, src, parent as Element) : undefined
      file.message(
        replacement
          ? `Replaced the <${node.tagName}> with a link to \`${src}\`: a PDF or an EPUB cannot play it`
          : `Removed the <${node.tagName}>, which names no web address to link to`,
        { place: node.position?.start, ruleId: 'media-as-link', source: 'galley:source' },
      )
      parent.children.splice(index, 1, ...(replacement ? [replacement] : []))
      return replacement ? index + 1 : index
    })
  }
}

function mediaSource(node: Element): string | undefined {
  if (typeof node.properties.src === 'string') return node.properties.src
  const source = node.children.find(
    (child): child is Element =>
      child.type === 'element' && child.tagName === 'source' && typeof child.properties.src === 'string',
  )
  return source ? String(source.properties.src) : undefined
}

function link(node: Element, src: string, parent: Root | Element): ElementContent {
  const kind = node.tagName === 'video' ? 'Video' : node.tagName === 'audio' ? 'Audio' : 'Embedded page'
  const youtube = /youtube(?:-nocookie)?\.com\/embed\/([\w-]+)/.exec(src)
  const href = youtube ? `https://www.youtube.com/watch?v=${youtube[1]}` : src
  const named = String(node.properties.title ?? node.properties.ariaLabel ?? '').trim() || fallbackText(node)
  const text = named ? `${kind}: ${named}` : `${kind}: ${href.replace(/^https?:\/\//, '').split(/[?#]/)[0]}`
  const anchor = h('a', { href }, text)
  // In flow content the link needs a paragraph of its own; in phrasing content it stands as it is.
  const inline =
    parent.type === 'element' && ['p', 'span', 'a', 'em', 'strong', 'li', 'td', 'th'].includes(parent.tagName)
  return { ...(inline ? anchor : h('p', anchor)), ...(node.position ? { position: node.position } : {}) }
}

/** The fallback text a `<video>` gives browsers that cannot play it, without its tracks and sources. */
function fallbackText(node: Element): string {
  return node.children
    .filter(
      (child) => child.type === 'text' || (child.type === 'element' && !['source', 'track'].includes(child.tagName)),
    )
    .map((child) => toString(child))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
}
