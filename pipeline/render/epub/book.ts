/**
 * The last step of an EPUB, shared by the article's book and a digest's: given the content
 * documents, images, outline and package metadata, epub-gen-memory (through OfflineEpub) writes the
 * package document, NCX, navigation document and chapters from the template, offline and with every
 * zip entry dated from the metadata, so the same input gives the same bytes.
 */
import type { ElementContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Options } from 'epub-gen-memory'
import type { VFile } from 'vfile'
import type { Metadata } from '../../types.ts'
import type { BookImage } from './images.ts'
import { OfflineEpub, type GalleyChapter } from './offline-epub.ts'
import { outlineDepth, type OutlineEntry } from './outline.ts'
import type { PackageMetadata } from './package-metadata.ts'
import type { EpubLabels, EpubTemplate } from './template.ts'

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

/** Everything a book is made of. */
export interface BookInput {
  /** The book's own metadata (the article's, or the digest issue's): title, authors, language, dates. */
  metadata: Metadata
  pkg: PackageMetadata
  template: EpubTemplate
  labels: EpubLabels
  outline: OutlineEntry[]
  landmarks: PackageContext['landmarks']
  chapters: GalleyChapter[]
  /** The images the chapters refer to, by the `src` they use. */
  images: ReadonlyMap<string, BookImage>
  /** The `src` of the cover image, if any. */
  coverSrc?: string
  /** Messages about the book (attributes the library drops) go here. */
  file: VFile
}

/** A content document from hast, in the book's direction unless `dir` says otherwise. */
export function chapter(
  fields: Omit<GalleyChapter, 'content' | 'bodyClass' | 'dir'> & { dir: 'ltr' | 'rtl'; bodyClass?: string },
  content: ElementContent[],
): GalleyChapter {
  return { bodyClass: fields.id, ...fields, content: toHtml({ type: 'root', children: content }) }
}

/** Write the book's bytes. */
export async function writeBook(input: BookInput): Promise<Uint8Array> {
  const { metadata, pkg, template, labels } = input
  const context: PackageContext = {
    pkg,
    outline: input.outline,
    outlineDepth: outlineDepth(input.outline),
    landmarks: input.landmarks,
    labels,
  }
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
    input.chapters,
    { images: input.images, ...(input.coverSrc ? { coverSrc: input.coverSrc } : {}) },
    pkg.identifier,
  )
  reportDropped(dropped, input.file)
  return epub.toBytes(zipEntryDate(metadata))
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
