/**
 * The shared Metadata as the package document states it: Dublin Core elements, `dcterms:modified`
 * and schema.org accessibility metadata (EPUB 3.2 Packages §3.4,
 * https://www.w3.org/publishing/epub32/epub-packages.html#sec-metadata-elem;
 * EPUB Accessibility 1.0 §2, https://www.w3.org/publishing/a11y/epub-a11y-10/#sec-discovery).
 */
import { toTimestamp } from '../../metadata/timestamp.ts'
import type { ArticleDate, Metadata } from '../../types.ts'
import type { EpubLabels } from './template.ts'

/** Facts about the book's images that the accessibility metadata depends on. */
export interface ImageFacts {
  /** Images in the book (cover, lead image, body), counted once each place they appear. */
  images: number
  imagesWithoutAlt: number
}

/** schema.org accessibility properties, each a list of values the OPF repeats as `<meta>`. */
export interface AccessibilityMetadata {
  accessModes: string[]
  accessModesSufficient: string[]
  features: string[]
  hazards: string[]
  summary: string
}

/** What `content.opf.ejs` prints, every value already in the form the package document wants. */
export interface PackageMetadata {
  /** `urn:uuid:<metadata.identifier>`, also the NCX's `dtb:uid`. */
  identifier: string
  title: string
  lang: string
  dir: 'ltr' | 'rtl'
  creators: string[]
  /** Publication date: `2025-05-23`, or a UTC timestamp when the source gave a time. */
  date?: string
  /** `CCYY-MM-DDThh:mm:ssZ`, as EPUB requires. */
  modified: string
  publisher: string
  description: string
  subjects: string[]
  /** The outlet that first published the article. */
  source?: string
  accessibility: AccessibilityMetadata
}

/** Build the package metadata for `metadata`. */
export function packageMetadata(metadata: Metadata, facts: ImageFacts, labels: EpubLabels): PackageMetadata {
  const m = metadata
  return {
    identifier: `urn:uuid:${m.identifier}`,
    title: m.title,
    lang: m.lang,
    dir: m.dir,
    creators: [...m.authors],
    ...(m.published ? { date: publicationDate(m.published) } : {}),
    modified: modifiedTimestamp(m),
    publisher: m.siteName,
    description: m.description,
    subjects: [...m.tags],
    ...(m.source ? { source: m.source } : {}),
    accessibility: accessibilityMetadata(facts, labels),
  }
}

/** `dc:date` (W3CDTF): the day as written when the source gave no time, else the instant in UTC. */
export function publicationDate(date: ArticleDate): string {
  return date.hasTime ? toTimestamp(date) : date.iso.slice(0, 10)
}

/**
 * `dcterms:modified`: the article's last change (updated, else published), else the build date.
 * Never the clock, so the same input gives the same book.
 */
export function modifiedTimestamp(metadata: Metadata): string {
  const date = metadata.modified ?? metadata.published
  return date ? toTimestamp(date) : metadata.buildDate
}

function accessibilityMetadata(facts: ImageFacts, labels: EpubLabels): AccessibilityMetadata {
  const described = facts.imagesWithoutAlt === 0
  return {
    accessModes: facts.images ? ['textual', 'visual'] : ['textual'],
    accessModesSufficient: facts.images ? [...(described ? ['textual'] : []), 'textual,visual'] : ['textual'],
    features: [
      'structuralNavigation',
      'tableOfContents',
      'readingOrder',
      // The stylesheet fixes no font, size or colour of the text: the reader's settings win.
      'displayTransformability',
      ...(facts.images && described ? ['alternativeText'] : []),
    ],
    hazards: ['none'],
    summary: labels.accessibilitySummary(facts),
  }
}
