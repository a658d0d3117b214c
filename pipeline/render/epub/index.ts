/**
 * The EPUB renderer: the shared tree and metadata → an EPUB 3 (with an NCX for EPUB 2 readers)
 * built by epub-gen-memory from `templates/epub/`. Offline and reproducible: images come from the
 * pipeline's assets, the identifier is the article's UUID, dates come from the metadata, and every
 * zip entry carries the same date (https://www.w3.org/publishing/epub32/).
 */
import type { ElementContent } from 'hast'
import type { Asset, Metadata, Renderer } from '../../types.ts'
import { labelsFor } from '../../../templates/shared/labels.ts'
import { withBlockDirections } from '../dir-auto.ts'
import { epubBody } from './epub-body.ts'
import { chooseCover, imageProblem, type BookImage } from './images.ts'
import { chapter, writeBook } from './book.ts'
import { headingOutline } from './outline.ts'
import { packageMetadata } from './package-metadata.ts'
import type { EpubImageRef, EpubTemplate } from './template.ts'
import { inlineContent } from '../styled-text.ts'

export type { PackageContext } from './book.ts'
export type { EpubTemplate } from './template.ts'

/** File names of the content documents, relative to the package document. */
const COVER_PAGE = 'cover.xhtml'
const TITLE_PAGE = 'title.xhtml'
const ARTICLE = 'article.xhtml'

/** Render the article as an EPUB. */
export const renderEpub: Renderer<EpubTemplate> = async ({ tree, metadata, template, assets, file, artifacts }) => {
  const labels = template.labels(metadata.lang, labelsFor(metadata.lang))
  const body = epubBody(tree, assets, file, labels.footnotes, metadata.canonicalUrl)
  const cover = chooseCover(metadata, assets, artifacts, file)
  const lead = leadImage(metadata, assets, cover?.ref.src)

  const images = new Map<string, BookImage>(body.images)
  if (cover) images.set(cover.ref.src, cover.image)
  if (lead) images.set(lead.ref.src, lead.image)

  const altTexts = [...(cover ? [cover.ref.alt] : []), ...(lead ? [lead.ref.alt] : []), ...body.altTexts]
  const pkg = packageMetadata(
    metadata,
    { images: altTexts.length, imagesWithoutAlt: altTexts.filter((alt) => !alt.trim()).length },
    labels,
  )
  const dir = metadata.dir
  const chapters = [
    ...(cover
      ? [
          chapter(
            { id: 'cover', filename: COVER_PAGE, title: labels.cover, epubType: 'cover', dir },
            template.coverPage(cover.ref),
          ),
        ]
      : []),
    chapter(
      { id: 'title-page', filename: TITLE_PAGE, title: metadata.title, epubType: 'frontmatter titlepage', dir },
      template.titlePage({
        metadata,
        titleMarkup: inlineContent(metadata.title, metadata.titleRuns),
        descriptionMarkup: inlineContent(metadata.description, metadata.descriptionRuns),
        labels,
        ...(lead ? { leadImage: lead.ref } : {}),
      }),
    ),
    chapter(
      {
        id: 'article',
        filename: ARTICLE,
        title: metadata.title,
        epubType: 'bodymatter',
        dir,
        // EPUB 3.2 §3.4.3: a content document with MathML is declared so in the manifest.
        ...(body.mathml.length ? { properties: 'mathml', mathml: body.mathml } : {}),
      },
      [
        ...withBlockDirections(body.tree.children as ElementContent[], metadata.dir),
        ...template.articleFooter({ metadata, labels }),
      ],
    ),
  ]
  return writeBook({
    metadata,
    pkg,
    template,
    labels,
    outline: [{ label: metadata.title, href: TITLE_PAGE, children: headingOutline(body.tree, ARTICLE) }],
    landmarks: [
      ...(cover ? [{ type: 'cover', href: COVER_PAGE, label: labels.cover }] : []),
      { type: 'titlepage', href: TITLE_PAGE, label: labels.titlePage },
      { type: 'bodymatter', href: ARTICLE, label: labels.bodymatter },
    ],
    chapters,
    images,
    ...(cover ? { coverSrc: cover.ref.src } : {}),
    file,
  })
}

/** The article's own image for the title page, unless it is already the cover or cannot be embedded. */
export function leadImage(
  metadata: Metadata,
  assets: ReadonlyMap<string, Asset>,
  coverSrc: string | undefined,
): { ref: EpubImageRef; image: BookImage } | undefined {
  if (!metadata.image || metadata.image.src === coverSrc) return undefined
  const asset = assets.get(metadata.image.src)
  if (!asset || imageProblem(asset.data, asset.mediaType)) return undefined
  return {
    ref: { src: metadata.image.src, alt: metadata.image.alt },
    image: { data: asset.data, mediaType: asset.mediaType },
  }
}
