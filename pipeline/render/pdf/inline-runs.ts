/**
 * Inline hast (text, emphasis, strong, code, strikethrough, links, sup/sub, breaks) → styled runs,
 * the input of line breaking. Elements the PDF cannot show as such keep their text and warn.
 */
import { absoluteHref } from '../absolute-href.ts'
import type { Element, ElementContent } from 'hast'
import { quotationMarks } from '../../source/quotation-marks.ts'
import { destinationName, warn, type PdfContext } from './context.ts'
import type { TextStyle } from './template.ts'

/** Where a run links to: a URL, or a named destination inside the document. */
export type LinkTarget = { kind: 'uri'; href: string } | { kind: 'internal'; name: string }

/** Resolved style of a run. */
export interface RunStyle {
  role: TextStyle['role']
  size: number
  bold: boolean
  italic: boolean
  color: string
  tracking: number
  uppercase: boolean
  code: boolean
  strike: boolean
  underline: boolean
  /** Baseline shift in points, positive up (superscript). */
  shift: number
}

/** A piece of inline content with one style; `mark` is the small arrow after an external link. */
export interface Run {
  kind: 'text' | 'break' | 'external-mark' | 'math'
  text: string
  style: RunStyle
  link?: LinkTarget
  /** A named destination that starts at this run (footnote references). */
  anchor?: string
}

/** The run style of a template text style, in the palette's colours. */
export function runStyle(ctx: PdfContext, style: TextStyle): RunStyle {
  return {
    role: style.role,
    size: style.size,
    bold: style.bold ?? false,
    italic: style.italic ?? false,
    color: ctx.palette[style.color ?? 'text'],
    tracking: style.tracking ?? 0,
    uppercase: style.uppercase ?? false,
    code: false,
    strike: false,
    underline: false,
    shift: 0,
  }
}

// Inline elements that only carry meaning the PDF shows no differently: their text is kept.
const TRANSPARENT = new Set([
  'span',
  'abbr',
  'cite',
  'time',
  'bdi',
  'bdo',
  'small',
  'mark',
  'dfn',
  'var',
  'samp',
  'wbr',
  'data',
  'label',
  'summary',
])

/** Collect the runs of inline `nodes` in `style`. */
export function collectRuns(
  ctx: PdfContext,
  nodes: readonly ElementContent[],
  style: RunStyle,
  link?: LinkTarget,
): Run[] {
  const runs: Run[] = []
  for (const node of nodes) {
    if (node.type === 'text')
      runs.push({ kind: 'text', text: node.value.replace(/\s+/g, ' '), style, ...(link ? { link } : {}) })
    else if (node.type === 'element') runs.push(...elementRuns(ctx, node, style, link))
  }
  return runs
}

function elementRuns(ctx: PdfContext, node: Element, style: RunStyle, link: LinkTarget | undefined): Run[] {
  const children = (next: RunStyle, nextLink = link) => collectRuns(ctx, node.children, next, nextLink)
  const id = typeof node.properties.id === 'string' ? node.properties.id : undefined
  const withAnchor = (runs: Run[]) =>
    id && runs[0] ? [{ ...runs[0], anchor: destinationName(ctx, id) }, ...runs.slice(1)] : runs
  switch (node.tagName) {
    case 'em':
    case 'i':
      return withAnchor(children({ ...style, italic: !style.italic }))
    case 'strong':
    case 'b':
      return withAnchor(children({ ...style, bold: true }))
    case 'code':
    case 'kbd':
      return withAnchor(
        children({
          ...style,
          role: 'mono',
          size: style.size * ctx.template.code.inlineScale,
          code: true,
          italic: false,
        }),
      )
    case 'del':
    case 's':
      return withAnchor(children({ ...style, strike: true }))
    case 'u':
    case 'ins':
      return withAnchor(children({ ...style, underline: true }))
    case 'sup':
    case 'sub': {
      const { scale, rise, drop } = ctx.template.script
      const shift = node.tagName === 'sup' ? style.size * rise : -style.size * drop
      return withAnchor(children({ ...style, size: style.size * scale, shift: style.shift + shift }))
    }
    case 'q': {
      // The marks of the article's language (CLDR), as a browser draws <q>.
      const [open, close] = quotationMarks(ctx.metadata.lang).primary
      return withAnchor([{ kind: 'text', text: open, style }, ...children(style), { kind: 'text', text: close, style }])
    }
    case 'br':
      return [{ kind: 'break', text: '\n', style }]
    case 'a':
      return withAnchor(linkRuns(ctx, node, style, link))
    case 'img':
      // Decorative (empty alt): nothing stands in for it.
      if (!node.properties.alt) return []
      warn(
        ctx,
        node,
        'Expected an image on its own line, found one inside text: its alt text is shown instead',
        'pdf-inline-image',
      )
      return [{ kind: 'text', text: `[${String(node.properties.alt ?? '')}]`, style: { ...style, italic: true } }]
    case 'rt':
      // The reading of a ruby annotation follows its base in parentheses (ruby itself warns).
      return [{ kind: 'text', text: ' (', style }, ...children(style), { kind: 'text', text: ')', style }]
    case 'rp':
      return []
    case 'input':
      // Task list boxes are drawn by the list handler.
      return []
    case 'math':
      // Drawn from MathJax's outlines (math.ts); the text is the TeX.
      return [{ kind: 'math', text: String(node.properties.alttext ?? ''), style, ...(link ? { link } : {}) }]
    default:
      if (!TRANSPARENT.has(node.tagName)) {
        warn(
          ctx,
          node,
          `Expected an element the PDF supports, found <${node.tagName}>: only its text is shown`,
          'pdf-unsupported-element',
        )
      }
      return withAnchor(children(style))
  }
}

function linkRuns(ctx: PdfContext, node: Element, style: RunStyle, outer: LinkTarget | undefined): Run[] {
  const target = linkTarget(ctx, node)
  const linked = { ...style, color: target ? ctx.palette.link : style.color }
  const runs = collectRuns(ctx, node.children, linked, target ?? outer)
  if (target?.kind === 'uri' && !/^mailto:/i.test(target.href))
    runs.push({ kind: 'external-mark', text: '', style: linked, link: target })
  return runs
}

/** Where a link goes, or undefined (with a warning) when it goes nowhere a PDF can follow. */
function linkTarget(ctx: PdfContext, node: Element): LinkTarget | undefined {
  const href = typeof node.properties.href === 'string' ? node.properties.href : ''
  // An anchor without a target (the sanitiser removed an unsafe one) is plain text, not a link.
  if (!href) return undefined
  if (href.startsWith('#')) {
    const name = decodedFragment(href.slice(1))
    if (ctx.ids.has(name)) return { kind: 'internal', name: destinationName(ctx, name) }
    warn(
      ctx,
      node,
      `Expected a link to an element of the article, found \`${href}\`, which is not there`,
      'pdf-broken-anchor',
    )
    return undefined
  }
  const absolute = absoluteHref(href, ctx.metadata.canonicalUrl)
  if (absolute) return { kind: 'uri', href: absolute }
  warn(
    ctx,
    node,
    `Expected an absolute link, found \`${href}\`, which a PDF cannot resolve without a site URL`,
    'pdf-relative-link',
  )
  return undefined
}

/** A fragment with its percent-escapes decoded; as written when they do not decode (a lone `%`). */
function decodedFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}
