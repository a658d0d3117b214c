/**
 * The shape of the digest template (`templates/digest/`): the words a digest prints around its
 * stories, the PDF cover and contents styles, the EPUB's issue pages and the email. The stories
 * themselves are drawn with the article templates (`templates/pdf/`, `templates/epub/`).
 */
import type { ElementContent, Root } from 'hast'
import type { Labels } from '../../templates/shared/labels.ts'
import type { EpubLabels } from '../render/epub/template.ts'
import type { BlockStyle, TextStyle } from '../render/pdf/template.ts'
import type { Metadata, Theme } from '../types.ts'

/** Words around the stories, in the issue's language. */
export interface DigestWords {
  /** Heading of the stories' list on the cover and in the email, e.g. `In this issue`. */
  inThisIssue: string
  /** Heading of the contents page, from the shared words (`Contents`). */
  contents: string
  /** Heading of the introduction given with `--intro`, e.g. `From the editors`. */
  intro: string
  /** The email's link to each story's page, e.g. `Read more`. */
  readMore: string
  /** `10 stories`. */
  stories(count: number): string
  /** Before the links to the issue's PDF and EPUB in the email, e.g. `This issue as`. */
  download: string
}

/** One story as the issue pages and the email show it. */
export interface StoryEntry {
  metadata: Metadata
  /** The story's byline in its own language: authors, date, reading time. */
  byline: string
  /** Where the story is in the book (EPUB) or on the web (email). */
  href: string
  /** Absolute URL of its social card (email). */
  cardUrl?: string
}

/** What the email templates receive. */
export interface EmailInput {
  /** The issue: title, date (`published`), language, site name and URL. */
  issue: Metadata
  words: DigestWords
  stories: StoryEntry[]
  /** The introduction as HTML (hast) and as plain text, when one was given. */
  intro?: { content: ElementContent[]; text: string }
  /** The issue's PDF and EPUB at their absolute URLs, with their sizes in bytes. */
  downloads: Array<{ kind: 'pdf' | 'epub'; href: string; bytes: number }>
}

/** The digest template (the default export of `templates/digest/index.ts`). */
export interface DigestTemplate {
  /** The digest's words in `lang`; `shared` are the words every format prints. */
  words(lang: string, shared: Labels): DigestWords
  pdf: {
    cover: {
      kicker: BlockStyle
      title: BlockStyle
      date: BlockStyle
      listHeading: BlockStyle
      item: BlockStyle
      itemByline: BlockStyle
      /** Thickness of the accent rule under the kicker. */
      ruleWidth: number
      /** Space above the kicker, as a share of the column height. Default 0.18. */
      topSpace: number
    }
    contents: {
      heading: BlockStyle
      title: BlockStyle
      byline: BlockStyle
      /** The page number at the end of each entry. */
      pageNumber: TextStyle
      /** Room kept for the page numbers at the end of each entry. */
      numberWidth: number
      /** Space between entries. */
      entrySpace: number
    }
    /** Heading of the introduction. */
    introHeading: BlockStyle
  }
  epub: {
    /** Added to the EPUB template's stylesheet. */
    stylesheet: string
    /** The issue's title page: title, date, site, introduction and the stories' list. */
    titlePage(input: {
      issue: Metadata
      words: DigestWords
      stories: StoryEntry[]
      intro?: ElementContent[]
    }): ElementContent[]
    /** The head of a story's chapter: title, dek and byline, in the story's language. */
    storyHeader(input: {
      metadata: Metadata
      titleMarkup: ElementContent[]
      descriptionMarkup: ElementContent[]
      labels: EpubLabels
      byline: string
    }): ElementContent[]
  }
  email: {
    /** CSS inlined into the email by juice (media queries stay in a `<style>` element). */
    stylesheet(theme: Theme): string
    /** The whole email document, before its CSS is inlined. */
    page(input: EmailInput, stylesheet: string): Root
    /** The plain-text alternative. */
    text(input: EmailInput): string
  }
}
