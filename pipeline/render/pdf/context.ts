/**
 * What every PDF handler shares while one document is drawn: the pdfkit document, the template and
 * palette, the fonts, the page flow, the structure tagger and the article's messages.
 */
import type { VFile } from 'vfile'
import type { Outline } from '../../math/svg-outline.ts'
import type { Labels } from '../../../templates/shared/labels.ts'
import type { Asset, Metadata } from '../../types.ts'
import type { FontBook } from './fonts.ts'
import type { Flow } from './flow.ts'
import type { PreparedImage } from './images.ts'
import type { Tagger } from './tagger.ts'
import type { TextWriter } from './text-writer.ts'
import type { Palette, PdfTemplate } from './template.ts'

/** One outline entry per heading, nested by rank. */
export interface OutlineEntry {
  rank: number
  item: PDFKit.PDFOutline
}

export interface PdfContext {
  doc: PDFKit.PDFDocument
  template: PdfTemplate
  palette: Palette
  metadata: Metadata
  /** The shared words around the article, in its language. */
  words: Labels
  assets: ReadonlyMap<string, Asset>
  file: VFile
  fonts: FontBook
  /** Writes glyphs into the page; closed before anything else is drawn or tagged. */
  text: TextWriter
  flow: Flow
  tagger: Tagger
  /** Every `id` in the tree: internal links may only point at these. */
  ids: ReadonlySet<string>
  /** Open outline items, innermost last. */
  outline: OutlineEntry[]
  /** The article's drawable images, embedded once before drawing, by `src`. */
  images: ReadonlyMap<string, PreparedImage>
  /** The article's formulas, typeset once before drawing, by `mathKey`. */
  math: ReadonlyMap<string, Outline>
  /** `soft hyphen` inserter for the article's language, or null. */
  hyphenate: ((text: string) => string) | null
  /** Put before the names of the article's link destinations (one digest holds several articles' ids). Default: none. */
  destinationPrefix?: string
}

/** The document-wide name of the destination of the article's `id`. */
export const destinationName = (ctx: PdfContext, id: string): string => (ctx.destinationPrefix ?? '') + id

/** Whether the article reads right to left: the page is mirrored (alignment, indents, labels, rules, furniture). */
export const isRtl = (ctx: PdfContext): boolean => ctx.metadata.dir === 'rtl'

/**
 * Run `draw` with the column narrowed by `start` on the side lines start from (the left, or the
 * right in a right-to-left article) and `end` on the other.
 */
export function indentFromStart<T>(ctx: PdfContext, start: number, end: number, draw: () => T): T {
  return isRtl(ctx) ? ctx.flow.indent(end, start, draw) : ctx.flow.indent(start, end, draw)
}

/** Report a content problem at `node` as a vfile message from `galley:pdf`. */
export function warn(
  ctx: PdfContext,
  node: { position?: { start: { line: number; column: number } } } | undefined,
  reason: string,
  ruleId: string,
): void {
  ctx.file.message(reason, { ...(node?.position ? { place: node.position.start } : {}), ruleId, source: 'galley:pdf' })
}
