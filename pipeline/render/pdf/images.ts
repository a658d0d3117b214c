/**
 * Figures: a local PNG or JPEG scaled to the column (never enlarged past its size at 96 dpi),
 * tagged `Figure` with its alt text (an artifact when the alt is empty), and a caption from `title` or `<figcaption>`. Anything that
 * cannot be drawn shows its alt text and warns.
 */
import type { Element, ElementContent } from 'hast'
import type { PdfContext } from './context.ts'
import { warn } from './context.ts'
import { imageDataReadable } from './image-check.ts'
import { runStyle } from './inline-runs.ts'
import { renderParagraph, renderRuns } from './paragraph.ts'

const DRAWABLE = new Set(['image/png', 'image/jpeg'])
// CSS pixels to points: an image is shown at the size it has on a 96 dpi screen.
const PX_TO_PT = 72 / 96

/** Whether a paragraph holds only images (and white space): it is then drawn as figures. */
export function isImageParagraph(node: Element): boolean {
  const meaningful = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()))
  return meaningful.length > 0 && meaningful.every((child) => child.type === 'element' && child.tagName === 'img')
}

/** Height of the first image of a figure with its caption, or undefined when it cannot be drawn. */
export function figureHeight(ctx: PdfContext, node: Element): number | undefined {
  const image = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'img')
  const size = image && scaledSize(ctx, String(image.properties.src ?? ''), ctx.template.figure.maxHeight)
  if (!size) return undefined
  const caption = ctx.template.figure.caption
  return ctx.template.figure.spaceBefore + size.height + caption.spaceBefore + caption.leading
}

/** An image pdfkit has opened and embedded. */
export interface PreparedImage {
  width: number
  height: number
  embed(doc: PDFKit.PDFDocument): void
  finalize?: () => unknown
}

/**
 * Open and embed each drawable image once, one after another. pdfkit decodes PNGs with an
 * asynchronous inflate and writes the image objects when it finishes; two images decoding at once
 * finish in either order and the bytes of the file change from run to run. Embedding them in turn,
 * before any drawing, keeps the output reproducible (and an image used twice is stored once). The
 * `drawnByGalley` images (emoji rasterised by resvg) skip the check of their image data.
 */
export async function prepareImages(
  doc: PDFKit.PDFDocument,
  assets: PdfContext['assets'],
  drawnByGalley: PdfContext['assets'] = new Map(),
): Promise<Map<string, PreparedImage>> {
  const images = new Map<string, PreparedImage>()
  for (const [src, asset] of [...new Map([...assets, ...drawnByGalley])].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    // Galley's own PNGs (emoji drawn by resvg) are whole: inflating them to check would find nothing.
    const readable =
      DRAWABLE.has(asset.mediaType) &&
      (drawnByGalley.has(src) || (await imageDataReadable(asset.data, asset.mediaType)))
    if (!readable) continue
    let image: PreparedImage
    try {
      image = (doc as unknown as { openImage(src: Buffer): PreparedImage }).openImage(Buffer.from(asset.data))
    } catch {
      // A damaged file (pdfkit throws on a bad JPEG marker or PNG header): drawn as its alt text.
      continue
    }
    if (!(image.width > 0 && image.height > 0 && Number.isFinite(image.width) && Number.isFinite(image.height)))
      continue
    await new Promise<void>((resolve) => {
      const finalize = image.finalize?.bind(image)
      if (finalize) {
        image.finalize = () => {
          const result = finalize()
          resolve()
          return result
        }
      }
      image.embed(doc)
      if (!finalize) resolve()
    })
    images.set(src, image)
  }
  return images
}

function scaledSize(
  ctx: PdfContext,
  src: string,
  maxHeight: number,
): { image: PreparedImage; width: number; height: number } | undefined {
  const image = ctx.images.get(src)
  if (!image) return undefined
  const scale = Math.min(1, ctx.flow.width / (image.width * PX_TO_PT), maxHeight / (image.height * PX_TO_PT))
  return { image, width: image.width * PX_TO_PT * scale, height: image.height * PX_TO_PT * scale }
}

/** Draw every image of a `<p>` or `<figure>` as a figure. */
export function renderFigure(ctx: PdfContext, node: Element): void {
  const images = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'img')
  const figcaption = node.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'figcaption',
  )
  for (const image of images) {
    const title = typeof image.properties.title === 'string' ? image.properties.title : undefined
    const caption: readonly ElementContent[] | undefined =
      figcaption?.children ?? (title ? [{ type: 'text', value: title }] : undefined)
    drawImage(ctx, image, String(image.properties.src ?? ''), String(image.properties.alt ?? ''), caption)
  }
}

/** Draw one image with an optional caption, or its alt text when it cannot be drawn. */
export function drawImage(
  ctx: PdfContext,
  node: Element | undefined,
  src: string,
  alt: string,
  caption?: readonly ElementContent[],
  maxHeight = ctx.template.figure.maxHeight,
): void {
  const { doc, flow, template, tagger } = ctx
  const asset = ctx.assets.get(src)
  const size = scaledSize(ctx, src, maxHeight)
  if (!asset || !size) {
    const [reason, ruleId] = !asset
      ? [
          `Expected a local image, found \`${src}\`, which was not loaded: its alt text is shown instead`,
          'pdf-missing-image',
        ]
      : DRAWABLE.has(asset.mediaType)
        ? [
            `Expected a readable ${asset.mediaType} image, found a damaged file \`${src}\`: its alt text is shown instead`,
            'pdf-image-unreadable',
          ]
        : [`Expected a PNG or JPEG image, found ${asset.mediaType}: its alt text is shown instead`, 'pdf-image-format']
    warn(ctx, node, reason, ruleId)
    // A decorative image (empty alt) has nothing to say in its place.
    if (!alt) return
    renderRuns(
      ctx,
      [{ kind: 'text', text: `[${alt}]`, style: { ...runStyle(ctx, template.figure.caption), italic: true } }],
      { style: template.figure.caption, structType: 'P' },
    )
    return
  }
  const { image, width, height } = size
  const captionStyle = template.figure.caption
  flow.space(template.figure.spaceBefore)
  flow.ensure(height + (caption ? captionStyle.spaceBefore + captionStyle.leading : 0))
  const x = flow.left + (flow.width - width) / 2
  const top = flow.y
  const draw = () => doc.image(image as unknown as Buffer, x, top, { width, height })
  // An empty alt is the author calling the image decorative: an artifact, outside the structure tree
  // (PDF/UA-1 7.3), not a Figure with a made-up description.
  if (!alt) tagger.artifact(draw)
  else
    tagger.wrap(
      'Figure',
      () => {
        tagger.content()
        draw()
      },
      { alt, placement: 'Block', bbox: [x, top, x + width, top + height] },
    )
  flow.y = top + height
  if (caption)
    renderParagraph(ctx, caption, { style: captionStyle, structType: 'Caption', align: 'center', hyphenate: false })
  flow.y += template.figure.spaceAfter
}
