/**
 * The PDF in three steps, so that one document can hold one article (the article PDF) or several
 * (a digest): open the document (pdfkit, fonts, page flow, structure tree, outline), prepare and
 * draw an article into it (masthead and body, each article's images, formulas, language and link
 * names its own), and finish it (page furniture, bytes).
 */
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { emojiPng, isEmoji, pictographs } from '../../fonts/emoji.ts'
import { labelsFor } from '../../../templates/shared/labels.ts'
import type { Asset, Metadata } from '../../types.ts'
import { emojiImageKey } from './atoms.ts'
import { renderFlow } from './blocks.ts'
import { type OutlineEntry, type PdfContext, warn } from './context.ts'
import { createDocument } from './document.ts'
import { Flow } from './flow.ts'
import { FontBook } from './fonts.ts'
import { drawFurniture, type PageFurniture } from './furniture.ts'
import { hyphenatorFor } from './hyphenate.ts'
import { prepareImages } from './images.ts'
import { renderMasthead } from './masthead.ts'
import { prepareMath } from './math.ts'
import { Tagger } from './tagger.ts'
import { TextWriter } from './text-writer.ts'
import type { Palette, PdfTemplate } from './template.ts'

/** What one document shares, whatever article is drawn into it. */
export interface PdfBook {
  doc: PDFKit.PDFDocument
  template: PdfTemplate
  palette: Palette
  fonts: FontBook
  text: TextWriter
  flow: Flow
  tagger: Tagger
  /** Open outline items, innermost last (shared, so each article's title is a top-level entry). */
  outline: OutlineEntry[]
}

/** An article to draw: the shared tree and metadata, its images and the file its messages go to. */
export interface PdfArticle {
  tree: Root
  metadata: Metadata
  assets: ReadonlyMap<string, Asset>
  file: VFile
}

/** Open a tagged document described by `metadata` (Info dictionary, language); its first page is painted. */
export function openPdf(metadata: Metadata, template: PdfTemplate): PdfBook {
  const doc = createDocument(metadata, template)
  const palette = template.colors(metadata.theme)
  const fonts = new FontBook(doc, template.fonts, metadata.lang)
  const tagger = new Tagger(doc)
  const paint = () => {
    if (template.page.paintBackground)
      tagger.artifact(() => doc.rect(0, 0, doc.page.width, doc.page.height).fill(palette.background))
  }
  const book: PdfBook = {
    doc,
    template,
    palette,
    fonts,
    text: new TextWriter(doc, fonts),
    flow: new Flow(doc, template, () => tagger, paint),
    tagger,
    outline: [],
  }
  paint()
  return book
}

/**
 * The drawing context of `article` in `book`: its images embedded (one after another, so the bytes
 * are reproducible) and its formulas typeset. `destinationPrefix` keeps the names of its internal
 * links apart from other articles' in the same document. Default: none.
 */
export async function prepareArticle(
  book: PdfBook,
  article: PdfArticle,
  options: { destinationPrefix?: string } = {},
): Promise<PdfContext> {
  const { tree, metadata, assets, file } = article
  return {
    ...book,
    metadata,
    words: labelsFor(metadata.lang),
    assets,
    file,
    ids: collectIds(tree),
    images: await prepareImages(book.doc, assets, new Map(emojiImages(tree, metadata, book.fonts))),
    math: await prepareMath(tree),
    hyphenate: book.template.text.hyphenate ? hyphenatorFor(metadata.lang) : null,
    ...(options.destinationPrefix ? { destinationPrefix: options.destinationPrefix } : {}),
  }
}

/** Draw the article's masthead and body from the cursor; characters no font has are reported on its file. */
export function drawArticle(ctx: PdfContext, tree: Root): void {
  ctx.fonts.useLanguage(ctx.metadata.lang)
  renderMasthead(ctx)
  drawBody(ctx, tree)
  reportMissingGlyphs(ctx)
}

/** Draw the top-level blocks of `tree` in the body style. */
export function drawBody(ctx: PdfContext, tree: Root): void {
  renderFlow(
    ctx,
    tree.children.filter((node): node is Element => node.type === 'element' || node.type === 'text') as Element[],
    ctx.template.text.body,
  )
}

/**
 * Close the structure tree, draw each page's furniture (`pages[i]` for page i; none on a page left
 * out) and collect the bytes.
 */
export function finishPdf(book: PdfBook, pages: ReadonlyArray<PageFurniture | undefined>): Promise<Uint8Array> {
  book.tagger.finish()
  drawFurniture(book, pages)
  const { doc } = book
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.end()
  })
}

/** How many pages the document has so far. */
export function pageCount(book: PdfBook): number {
  const range = book.doc.bufferedPageRange()
  return range.start + range.count
}

/**
 * Colour emoji as small PNG images, one per distinct emoji in the article and its masthead, keyed
 * so the line breaker can find them; embedded with the other images so the bytes stay reproducible.
 * A pictograph shown as text by default (↩, ™) stays text unless no font has it.
 */
function emojiImages(tree: Root, metadata: Metadata, fonts: FontBook): Array<[string, Asset]> {
  const found: Array<[string, Asset]> = []
  for (const grapheme of pictographs(`${metadata.title} ${metadata.description} ${toString(tree)}`)) {
    if (!isEmoji(grapheme) && fonts.canDraw(grapheme)) continue
    const png = emojiPng(grapheme)
    if (png) found.push([emojiImageKey(grapheme), { src: grapheme, path: '', mediaType: 'image/png', data: png }])
  }
  return found
}

/** One message for the article naming every character no shipped font has (each drawn as a box) since the last report. */
export function reportMissingGlyphs(ctx: PdfContext): void {
  const missing = ctx.fonts.takeMissingCharacters()
  if (!missing.length) return
  const named = missing
    .map((character) => `“${character}” (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ')
  warn(
    ctx,
    undefined,
    `Expected fonts with glyphs for every character, found none for ${named}: they show as boxes`,
    'pdf-missing-glyph',
  )
}

/** Every `id` in the tree, so internal links can be checked before they are drawn. */
function collectIds(tree: Root): Set<string> {
  const ids = new Set<string>()
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id)
  })
  return ids
}
