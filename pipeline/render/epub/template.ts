/**
 * What `templates/epub/` supplies: epub-gen-memory's four EJS templates, the stylesheet, the title
 * page, cover and footer markup, and the words the book prints. A config may point `templates.epub`
 * at a copy of that folder to replace it.
 */
import type { Labels } from '../../../templates/shared/labels.ts'
import type { ElementContent } from 'hast'
import type { Metadata, Theme } from '../../types.ts'

/** Words the EPUB prints around the article, in the article's language. */
export interface EpubLabels {
  /** Heading of the navigation document, e.g. `Contents`. */
  contents: string
  /** Heading of the notes at the end of the article, e.g. `Notes`. */
  footnotes: string
  /** Heading of the (hidden) landmarks list. */
  landmarks: string
  cover: string
  titlePage: string
  /** Landmark label of the article's first page, e.g. `Start of the article`. */
  bodymatter: string
  /** `By Ada Lovelace and Grace Hopper`, given the names already joined. */
  byline(names: string): string
  /** `4 min read`, in the article's language (the words every format shares). */
  readingTime(minutes: number): string
  /** `Updated May 15, 2025`, given the formatted date. */
  updated(date: string): string
  /** `First published by rki.news.` */
  firstPublishedBy(source: string): string
  /** Label before the canonical URL, e.g. `Read online:`. */
  readOnline: string
  /** Accessible name of the list of tags. */
  tags: string
  /** `schema:accessibilitySummary`: one or two sentences a reader of the OPF (or a store) shows. */
  accessibilitySummary(facts: { images: number; imagesWithoutAlt: number }): string
}

/** A resolved image reference inside the book: `src` is the key epub-gen-memory is given. */
export interface EpubImageRef {
  src: string
  alt: string
}

/** The EPUB template (the default export of `templates/epub/index.ts`). */
export interface EpubTemplate {
  /** EJS for `OEBPS/content.opf`; receives `galley` (PackageContext), `images`, `content`. */
  contentOPF: string
  /** EJS for `OEBPS/toc.ncx`; receives `galley`. */
  tocNCX: string
  /** EJS for the navigation document `OEBPS/toc.xhtml`; receives `galley`. */
  tocXHTML: string
  /** EJS for each content document; receives the chapter (`title`, `lang`, `dir`, `bodyClass`, `epubType`, `content`). */
  chapterXHTML: string
  /** The stylesheet `OEBPS/style.css` for the config's theme. */
  stylesheet(theme: Theme): string
  /** Labels for a BCP 47 language; English when the template knows no better. */
  /** The book's words in `lang`; `shared` are the words every format prints (byline, Updated, Contents, Notes). */
  labels(lang: string, shared: Labels): EpubLabels
  /** Body of the cover page. */
  coverPage(cover: EpubImageRef): ElementContent[]
  /**
   * Body of the title page: title, dek, byline, dates, imprint, and the lead image when usable.
   * `titleMarkup` and `descriptionMarkup` are the title and description as inline markup, their
   * code and emphasis kept (the metadata has their plain text).
   */
  titlePage(input: {
    metadata: Metadata
    titleMarkup: ElementContent[]
    descriptionMarkup: ElementContent[]
    labels: EpubLabels
    leadImage?: EpubImageRef
  }): ElementContent[]
  /** What follows the article: updated date, source, tags, canonical link. */
  articleFooter(input: { metadata: Metadata; labels: EpubLabels }): ElementContent[]
}
