/**
 * The newsletter PDF renderer: the shared tree drawn with pdfkit into a small, tagged, reproducible
 * document. Steps, in order: document and fonts, masthead, body, footer furniture, bytes.
 */
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'
import { emojiPng, isEmoji, pictographs } from '../../fonts/emoji.ts'
import { labelsFor } from '../../../templates/shared/labels.ts'
import type { Asset, Renderer } from '../../types.ts'
import { emojiImageKey } from './atoms.ts'
import { renderFlow } from './blocks.ts'
import { warn, type PdfContext } from './context.ts'
import { createDocument } from './document.ts'
import { Flow } from './flow.ts'
import { FontBook } from './fonts.ts'
import { drawFurniture } from './furniture.ts'
import { hyphenatorFor } from './hyphenate.ts'
import { prepareImages } from './images.ts'
import { renderMasthead } from './masthead.ts'
import { prepareMath } from './math.ts'
import { Tagger } from './tagger.ts'
import { TextWriter } from './text-writer.ts'
import type { PdfTemplate } from './template.ts'

export type { PdfTemplate } from './template.ts'

/** Render an article as the newsletter PDF. Reads nothing but its fonts; the tree is not changed. */
export const renderPdf: Renderer<PdfTemplate> = async ({ tree, metadata, template, assets, file }) => {
  const doc = createDocument(metadata, template)
  const palette = template.colors(metadata.theme)
  const paint = () => {
    if (template.page.paintBackground)
      ctx.tagger.artifact(() => doc.rect(0, 0, doc.page.width, doc.page.height).fill(palette.background))
  }
  const fonts = new FontBook(doc, template.fonts, metadata.lang)
  const ctx: PdfContext = {
    doc,
    template,
    palette,
    metadata,
    words: labelsFor(metadata.lang),
    assets,
    file,
    fonts,
    text: new TextWriter(doc, fonts),
    flow: new Flow(
      doc,
      template,
      () => ctx.tagger,
      () => paint(),
    ),
    tagger: new Tagger(doc),
    ids: collectIds(tree),
    outline: [],
    images: await prepareImages(doc, new Map([...assets, ...emojiImages(tree, metadata, fonts)])),
    math: await prepareMath(tree),
    hyphenate: template.text.hyphenate ? hyphenatorFor(metadata.lang) : null,
  }
  paint()
  renderMasthead(ctx)
  renderFlow(
    ctx,
    tree.children.filter((node): node is Element => node.type === 'element' || node.type === 'text') as Element[],
    template.text.body,
  )
  ctx.tagger.finish()
  drawFurniture(ctx)
  reportMissingGlyphs(ctx)
  return finish(doc)
}

/**
 * Colour emoji as small PNG images, one per distinct emoji in the article and its masthead, keyed
 * so the line breaker can find them; embedded with the other images so the bytes stay reproducible.
 * A pictograph shown as text by default (↩, ™) stays text unless no font has it.
 */
function emojiImages(tree: Root, metadata: PdfContext['metadata'], fonts: FontBook): Array<[string, Asset]> {
  const found: Array<[string, Asset]> = []
  for (const grapheme of pictographs(`${metadata.title} ${metadata.description} ${toString(tree)}`)) {
    if (!isEmoji(grapheme) && fonts.canDraw(grapheme)) continue
    const png = emojiPng(grapheme)
    if (png) found.push([emojiImageKey(grapheme), { src: grapheme, path: '', mediaType: 'image/png', data: png }])
  }
  return found
}

/** One message for the article naming every character no shipped font has (each drawn as a box). */
function reportMissingGlyphs(ctx: PdfContext): void {
  const missing = ctx.fonts.missingCharacters
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

/** End the document and collect its bytes. */
function finish(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.end()
  })
}
