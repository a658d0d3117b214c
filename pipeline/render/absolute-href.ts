/**
 * Links in files that travel alone (the PDF, the EPUB): an in-document `#id` or an absolute
 * http(s)/mailto link stays; a relative one (`/learn/x`, `../other/`) is resolved against the
 * article's canonical URL, since the file has no site around it to resolve it in.
 */

/** The href to write, or undefined when it is relative and there is no base (or it cannot be parsed). */
export function absoluteHref(href: string, base: string | undefined): string | undefined {
  if (href.startsWith('#') || /^(?:https?|mailto):/i.test(href)) return href
  return base && URL.canParse(href, base) ? new URL(href, base).href : undefined
}
