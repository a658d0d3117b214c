/**
 * Link targets as HTML5 and EPUB validators want them: `<a name>` anchors (Word's footnotes,
 * `<a name="_ftn1">`, old tables of contents) become ids, and link addresses are percent-encoded
 * where they hold characters a URL may not (a second `#`, as in `https://matrix.to/#/#room:x.org`).
 */
import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

/** Attributes that hold a URL, by element. */
const URL_ATTRIBUTES: Record<string, string> = { a: 'href', q: 'cite', blockquote: 'cite', del: 'cite', ins: 'cite' }

/** Turn `name` anchors into ids and make link addresses valid URLs. */
export function rehypeLinkTargets() {
  return (tree: Root, file: VFile): void => {
    const ids = new Set<string>()
    visit(tree, 'element', (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    visit(tree, 'element', (node) => {
      if (node.tagName === 'a' && node.properties.name !== undefined) nameToId(node, ids, file)
      const attribute = URL_ATTRIBUTES[node.tagName]
      const value = attribute ? node.properties[attribute] : undefined
      if (attribute && typeof value === 'string') node.properties[attribute] = validUrl(value)
    })
  }
}

/** `name` is obsolete on `<a>` (HTML5) and dropped by the EPUB writer: the anchor lives on as an id. */
function nameToId(node: Element, ids: Set<string>, file: VFile): void {
  const name = String(node.properties.name).trim()
  node.properties.name = undefined
  if (typeof node.properties.id === 'string' || !name) return
  if (/\s/.test(name) || ids.has(name)) {
    file.message(
      `Expected an anchor name that is a unique id, found \`${name}\` (${/\s/.test(name) ? 'it has spaces' : 'another element has that id'}); links to it lead nowhere`,
      { place: node.position?.start, ruleId: 'unusable-anchor', source: 'galley:source' },
    )
    return
  }
  node.properties.id = name
  ids.add(name)
}

// What a URL may hold as it is (WHATWG URL code points, ASCII only, as micromark writes Markdown links).
const URL_SAFE = /[A-Za-z0-9!$&'()*+,\-./:;=?@_~]/

/**
 * `href` as a valid URL: characters a URL may not hold percent-encoded (spaces, quotes, brackets
 * outside the host, non-ASCII), a `%` that starts no escape written `%25`, and every `#` after the
 * one that starts the fragment written `%23`. A valid URL comes back unchanged.
 */
export function validUrl(href: string): string {
  // The scheme and host stay as written: an IPv6 host has brackets, an internationalised one letters.
  const authority = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(href)?.[0] ?? ''
  let result = authority
  let fragment = false
  const rest = href.slice(authority.length)
  for (let index = 0; index < rest.length; index++) {
    const char = rest[index]!
    if (char === '#') {
      result += fragment ? '%23' : '#'
      fragment = true
    } else if (char === '%') result += /^[\da-f]{2}$/i.test(rest.slice(index + 1, index + 3)) ? '%' : '%25'
    else if (URL_SAFE.test(char)) result += char
    else {
      const code = rest.codePointAt(index)!
      const whole = String.fromCodePoint(code)
      index += whole.length - 1
      try {
        result += encodeURIComponent(whole)
      } catch {
        result += '%EF%BF%BD' // a lone surrogate: U+FFFD, as a browser would send it
      }
    }
  }
  return result
}
