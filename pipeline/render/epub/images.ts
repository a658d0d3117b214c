/**
 * Which images go into the book. Only EPUB core media types are zipped
 * (https://www.w3.org/publishing/epub32/epub-spec.html#sec-cmt-supported), and only when the bytes
 * are really what the media type says: never a broken or empty file.
 */
import type { VFile } from 'vfile'
import { sniffImageType } from '../../source/load-assets.ts'
import type { Asset, Format, Metadata } from '../../types.ts'
import type { EpubImageRef } from './template.ts'

/** EPUB 3 core image media types and the file extension each is zipped with. */
export const CORE_IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
}

/**
 * Key under which the social card is handed to epub-gen-memory. It has a URL scheme, and the asset
 * loader refuses every src with a scheme, so it cannot collide with an article's image.
 */
export const COVER_KEY = 'galley:cover'

/** An image the book may contain: its bytes and media type. */
export interface BookImage {
  data: Uint8Array
  mediaType: string
}

/** Why an image cannot go into the book, or undefined when it can. */
export function imageProblem(data: Uint8Array, mediaType: string): string | undefined {
  if (data.byteLength === 0) return 'is empty'
  if (!(mediaType in CORE_IMAGE_TYPES))
    return `is ${mediaType}, which EPUB 3 readers need not support (PNG, JPEG, GIF and SVG are)`
  if (sniffImageType(data) !== mediaType) return `does not contain the ${mediaType} data its type promises`
  return undefined
}

/** The cover and its alt text, and the image bytes the cover key resolves to. */
export interface Cover {
  ref: EpubImageRef
  image: BookImage
}

/**
 * The cover: the social card when the og renderer ran, else the article's own image, else none.
 * A card that cannot be used is reported, and the article's image is tried instead.
 */
export function chooseCover(
  metadata: Metadata,
  assets: ReadonlyMap<string, Asset>,
  artifacts: ReadonlyMap<Format, Uint8Array>,
  file: VFile,
): Cover | undefined {
  const card = artifacts.get('og')
  if (card) {
    const problem = imageProblem(card, 'image/png')
    if (!problem)
      return { ref: { src: COVER_KEY, alt: metadata.card.alt }, image: { data: card, mediaType: 'image/png' } }
    file.message(`Expected the social card to be a PNG to use as the EPUB cover, but it ${problem}`, {
      ruleId: 'epub-unusable-cover',
      source: 'galley:epub',
    })
  }
  const lead = metadata.image && assets.get(metadata.image.src)
  if (metadata.image && lead && !imageProblem(lead.data, lead.mediaType)) {
    return {
      ref: { src: metadata.image.src, alt: metadata.image.alt },
      image: { data: lead.data, mediaType: lead.mediaType },
    }
  }
  return undefined
}
