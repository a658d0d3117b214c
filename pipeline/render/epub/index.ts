/**
 * The EPUB renderer: the shared tree and metadata → an EPUB 3 (with an NCX for EPUB 2 readers)
 * built by epub-gen-memory from `templates/epub/`. Offline and reproducible: images come from the
 * pipeline's assets, the identifier is the article's UUID, dates come from the metadata, and every
 * zip entry carries the same date (https://www.w3.org/publishing/epub32/).
 */
import type { ElementContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Options } from 'epub-gen-memory'
import type { VFile } from 'vfile'
import type { Asset, Metadata, Renderer } from '../../types.ts'
import { labelsFor } from '../../../templates/shared/labels.ts'
import { withBlockDirections } from '../dir-auto.ts'
import { epubBody } from './epub-body.ts'
import { chooseCover, imageProblem, type BookImage } from './images.ts'
import { OfflineEpub, type GalleyChapter } from './offline-epub.ts'
import { headingOutline, outlineDepth, type OutlineEntry } from './outline.ts'
import { packageMetadata, type PackageMetadata } from './package-metadata.ts'
import type { EpubImageRef, EpubLabels, EpubTemplate } from './template.ts'
import { inlineContent } from '../styled-text.ts'

export type { EpubTemplate } from './template.ts'

/** File names of the content documents, relative to the package document. */
const COVER_PAGE = 'cover.xhtml'
const TITLE_PAGE = 'title.xhtml'
const ARTICLE = 'article.xhtml'

/** What the OPF, NCX and navigation templates receive as `galley`. */
export interface PackageContext {
  pkg: PackageMetadata
  /** The table of contents: the title, with the article's headings below it. */
  outline: OutlineEntry[]
  outlineDepth: number
  /** The navigation document's landmarks (https://www.w3.org/TR/epub-ssv-11/). */
  landmarks: Array<{ type: string; href: string; label: string }>
  labels: EpubLabels
}

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
  const outline: OutlineEntry[] = [
    { label: metadata.title, href: TITLE_PAGE, children: headingOutline(body.tree, ARTICLE) },
  ]
  const context: PackageContext = {
    pkg,
    outline,
    outlineDepth: outlineDepth(outline),
    landmarks: [
      ...(cover ? [{ type: 'cover', href: COVER_PAGE, label: labels.cover }] : []),
      { type: 'titlepage', href: TITLE_PAGE, label: labels.titlePage },
      { type: 'bodymatter', href: ARTICLE, label: labels.bodymatter },
    ],
    labels,
  }

  const chapter = (
    id: string,
    filename: string,
    title: string,
    epubType: string,
    content: ElementContent[],
  ): GalleyChapter => ({
    id,
    filename,
    title,
    content: toHtml({ type: 'root', children: content }),
    dir: metadata.dir,
    bodyClass: id,
    epubType,
  })
  const chapters = [
    ...(cover ? [chapter('cover', COVER_PAGE, labels.cover, 'cover', template.coverPage(cover.ref))] : []),
    chapter(
      'title-page',
      TITLE_PAGE,
      metadata.title,
      'frontmatter titlepage',
      template.titlePage({
        metadata,
        titleMarkup: inlineContent(metadata.title, metadata.titleRuns),
        descriptionMarkup: inlineContent(metadata.description, metadata.descriptionRuns),
        labels,
        ...(lead ? { leadImage: lead.ref } : {}),
      }),
    ),
    {
      ...chapter('article', ARTICLE, metadata.title, 'bodymatter', [
        ...withBlockDirections(body.tree.children as ElementContent[], metadata.dir),
        ...template.articleFooter({ metadata, labels }),
      ]),
      // EPUB 3.2 §3.4.3: a content document with MathML is declared so in the manifest.
      ...(body.mathml.length ? { properties: 'mathml', mathml: body.mathml } : {}),
    },
  ]

  const dropped = new Set<string>()
  const options = {
    title: metadata.title,
    author: [...metadata.authors],
    publisher: metadata.siteName,
    description: metadata.description,
    lang: metadata.lang,
    // Given so the library never falls back to the clock for it (our templates print pkg dates).
    date: metadata.buildDate,
    version: 3,
    css: template.stylesheet(metadata.theme),
    contentOPF: template.contentOPF,
    tocNCX: template.tocNCX,
    tocXHTML: template.tocXHTML,
    chapterXHTML: template.chapterXHTML,
    tocTitle: labels.contents,
    prependChapterTitles: false,
    verbose: (type: 'log' | 'warn', ...args: unknown[]) => {
      if (type === 'warn') collectDroppedAttribute(args.join(' '), dropped)
    },
    galley: context,
  } satisfies Options & { galley: PackageContext }

  const epub = new OfflineEpub(
    options,
    chapters,
    { images, ...(cover ? { coverSrc: cover.ref.src } : {}) },
    pkg.identifier,
  )
  reportDropped(dropped, file)
  return epub.toBytes(zipEntryDate(metadata))
}

/** The article's own image for the title page, unless it is already the cover or cannot be embedded. */
function leadImage(
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

/** `Warning (content[2]): attribute datetime isn't allowed.` → `datetime`. */
function collectDroppedAttribute(warning: string, dropped: Set<string>): void {
  const match = /attribute (\S+) isn't allowed/.exec(warning)
  if (match?.[1]) dropped.add(match[1])
}

/** Attributes from the article's raw HTML that EPUB XHTML (as epub-gen-memory writes it) cannot keep. */
function reportDropped(dropped: Set<string>, file: VFile): void {
  for (const name of [...dropped].sort()) {
    file.message(`Expected attributes the EPUB can keep, found \`${name}\`, which epub-gen-memory drops`, {
      ruleId: 'epub-dropped-attribute',
      source: 'galley:epub',
    })
  }
}

/** ZIP dates cannot precede 1980 (or follow 2107): clamp the build date into that range. */
function zipEntryDate(metadata: Metadata): Date {
  const date = new Date(metadata.buildDate)
  const earliest = Date.UTC(1980, 0, 1)
  const latest = Date.UTC(2107, 11, 31, 23, 59, 58)
  return new Date(Math.min(Math.max(date.getTime(), earliest), latest))
}
