/**
 * The digest email: the template's document with its CSS inlined by juice (each rule copied into
 * the style attributes of the elements it matches; media queries kept in `<style>`), and the
 * plain-text alternative. Every link and image is absolute, from the site URL: an email has no
 * site around it.
 */
import type { ElementContent, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { toText } from 'hast-util-to-text'
import juice from 'juice'
import { visit } from 'unist-util-visit'
import { absoluteHref } from '../render/absolute-href.ts'
import type { DigestTemplate, EmailInput } from './template.ts'
import type { DigestIssue } from './types.ts'

/** The email's HTML and text, as UTF-8 bytes. */
export interface DigestEmail {
  html: Uint8Array
  text: Uint8Array
}

/**
 * Render the issue as an email; the site URL must be set (the caller skips the email without one).
 * `downloads` are the issue's PDF and EPUB, linked at their address beside the digest. Default: none.
 */
export function renderDigestEmail(
  issue: DigestIssue,
  digest: DigestTemplate,
  downloads: ReadonlyArray<{ kind: 'pdf' | 'epub'; fileName: string; bytes: number }> = [],
): DigestEmail {
  const { metadata: m } = issue
  const siteUrl = m.siteUrl
  if (!siteUrl) throw new Error('The digest email needs the site URL for its links and images')
  const input: EmailInput = {
    issue: m,
    words: issue.words,
    stories: issue.stories.map((story) => {
      const sm = story.article.metadata
      return {
        metadata: sm,
        byline: story.byline,
        href: `${siteUrl}/${encodeURIComponent(sm.slug)}/`,
        cardUrl: sm.cardUrl,
      }
    }),
    ...(issue.intro ? { intro: emailIntro(issue) } : {}),
    downloads: downloads.map((file) => ({ ...file, href: `${m.canonicalUrl}${encodeURIComponent(file.fileName)}` })),
  }
  const page = digest.email.page(input, digest.email.stylesheet(m.theme))
  const inlined = juice(toHtml(page), {
    // Widths and heights stay in CSS: HTML's width attribute takes no `%`, and the template sets the
    // card's own. No table attributes either: the layout has no table outside Outlook's comment.
    applyWidthAttributes: false,
    applyHeightAttributes: false,
    applyAttributesTableElements: false,
    preserveMediaQueries: true,
    preserveImportant: true,
    removeStyleTags: true,
  })
  const encoder = new TextEncoder()
  return { html: encoder.encode(inlined), text: encoder.encode(digest.email.text(input)) }
}

/**
 * The introduction for the email: its links made absolute (against the digest's address), its
 * images left out with their alt text (they are files beside the source, not on the site).
 */
function emailIntro(issue: DigestIssue): EmailInput['intro'] {
  const intro = issue.intro!
  const tree = structuredClone(intro.tree) as Root
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'img' && parent && index !== undefined) {
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
      intro.file.message(
        `Expected an introduction the email can show whole, found the image \`${String(node.properties.src)}\`, which is not published on the site; the email shows its alt text instead`,
        { place: node.position?.start, ruleId: 'digest-email-intro-image', source: 'galley:digest' },
      )
      parent.children.splice(index, 1, ...(alt ? [{ type: 'text' as const, value: alt }] : []))
      return index
    }
    if (node.tagName === 'a' && typeof node.properties.href === 'string') {
      const href = absoluteHref(node.properties.href, issue.metadata.canonicalUrl)
      if (href && !href.startsWith('#')) node.properties.href = href
      else node.properties.href = undefined
    }
    return undefined
  })
  return {
    content: tree.children as ElementContent[],
    text: tree.children
      .map((node) => toText(node as ElementContent, { whitespace: 'normal' }).trim())
      .filter(Boolean)
      .join('\n\n'),
  }
}
