/**
 * The shape of a PDF template: everything that decides how the newsletter PDF looks. The values
 * live in `templates/pdf/`; the renderer reads them and holds no sizes, colours or font names.
 * All lengths are PDF points (1/72 inch).
 */
import type { FontFamily } from '../../../templates/shared/fonts.ts'
import type { Labels } from '../../../templates/shared/labels.ts'
import type { Metadata, SiteConfig, Theme } from '../../types.ts'

/** Which shared family a piece of text is set in. */
export type FontRole = 'body' | 'heading' | 'mono'

/** One text style: family role, size, line height and weight. */
export interface TextStyle {
  role: FontRole
  /** Font size in points. */
  size: number
  /** Distance between baselines in points. */
  leading: number
  bold?: boolean
  italic?: boolean
  /** Which colour of the palette: default `text`. */
  color?: keyof Palette
  /** Extra space between letters in points (for small capitals and kickers). Default 0. */
  tracking?: number
  /** Upper-case the text (kickers). Default false. */
  uppercase?: boolean
}

/** A block style: a text style plus the space around the block. */
export interface BlockStyle extends TextStyle {
  spaceBefore: number
  spaceAfter: number
}

/** The colours the renderer draws with, derived from the theme. Each is a CSS hex colour. */
export interface Palette {
  text: string
  muted: string
  accent: string
  /** Links in the body. */
  link: string
  /** Hairlines: table rules, footer rule, thematic breaks. */
  rule: string
  /** Fill behind code blocks and inline code. */
  codeBackground: string
  /** Fill of the table header row. */
  tableHeader: string
  /** Page background; white paper is left unpainted. */
  background: string
}

/** Everything the newsletter PDF template decides. */
export interface PdfTemplate {
  page: {
    /** `A4` or `Letter`: set from the config's `pageSize` by `configure`. Default `A4`. */
    size: 'A4' | 'Letter'
    margins: { top: number; right: number; bottom: number; left: number }
    /** Paint `theme.background` behind every page. Default false: paper is white. */
    paintBackground: boolean
    /** Narrowest column nested quotes and lists may leave; deeper levels stop indenting. Default 144. */
    minMeasure?: number
  }
  /** The families of each role, from `templates/shared/fonts.ts`. */
  fonts: Record<FontRole, FontFamily>
  colors(theme: Theme): Palette
  text: {
    body: BlockStyle
    /** Paragraph alignment: justified text is hyphenated and keeps its spaces. Default `justify`. */
    align: 'justify' | 'left'
    /** Hyphenate body text with the article language's patterns. Default true. */
    hyphenate: boolean
    /** Most a justified line's spaces may stretch, as a multiple of a space; looser lines stay ragged. Default 2.5. */
    maxSpaceStretch: number
    /** Lines kept together at a page break (orphans at the foot, widows at the head). Default 2. */
    minLinesAtBreak: number
  }
  /** h2…h6 as written in the article (the title is the masthead's h1). */
  headings: Record<1 | 2 | 3 | 4 | 5 | 6, BlockStyle>
  masthead: {
    kicker: BlockStyle
    title: BlockStyle
    dek: BlockStyle
    byline: BlockStyle
    /** Thickness of the accent rule under the kicker. */
    ruleWidth: number
    /** Tallest the lead image may be, as a share of the column height. Default 0.4. */
    leadImageMaxHeight: number
    spaceAfter: number
  }
  quote: { indent: number; ruleWidth: number; ruleGap: number; style: BlockStyle }
  /**
   * Callouts (alerts, admonitions): a framed box with a bar in the kind's colour down its side and
   * the title in bold above the content. `colors` maps each kind (note, tip, important, warning,
   * caution) to its bar and title colour.
   */
  callout: {
    padding: number
    barWidth: number
    frameWidth: number
    title: BlockStyle
    colors: Record<'note' | 'tip' | 'important' | 'warning' | 'caution', string>
    spaceBefore: number
    spaceAfter: number
  }
  /** Math drawn from MathJax's outlines: display formulas' space around, and the most they may shrink to fit. */
  math: { spaceBefore: number; spaceAfter: number; minScale: number }
  list: { indent: number; labelGap: number; itemSpace: number; bullets: string[] }
  code: { style: BlockStyle; inlineScale: number; padding: number; radius: number }
  table: {
    style: BlockStyle
    headerStyle: TextStyle
    cellPadding: number
    ruleWidth: number
    /**
     * Narrowest a column may be squeezed to when its words do not fit; a table that would need
     * narrower columns is drawn as a list of its rows instead. Default 30.
     */
    minColumnWidth?: number
  }
  figure: { caption: BlockStyle; maxHeight: number; spaceBefore: number; spaceAfter: number }
  rule: { width: number; spaceBefore: number; spaceAfter: number; length: number }
  notes: { heading: BlockStyle; style: BlockStyle; ruleLength: number }
  /** Superscript and subscript: size as a share, shift as a share of the font size. */
  script: { scale: number; rise: number; drop: number }
  furniture: {
    style: TextStyle
    /** Distance of the footer baseline above the page's bottom edge. */
    footerBaseline: number
    /** Distance of the running header baseline below the page's top edge (pages after the first). */
    headerBaseline: number
  }
  /** Words the PDF prints around the article, in its language. */
  labels: {
    kicker(m: Metadata): string
    /** The byline's parts; `words` are the shared words in the article's language. */
    byline(m: Metadata, words: Labels): string[]
    /** Heading of the notes at the end. */
    notes(words: Labels): string
    footerLeft(m: Metadata): string
    /** `n of N`, in the article's language. */
    pageNumber(page: number, pages: number, words: Labels): string
    runningHeader(m: Metadata): string
    /** Producer written into the Info dictionary. */
    producer: string
    /** Text for a task list box, read by screen readers. */
    taskDone: string
    taskOpen: string
  }
  /** A copy of this template for the site's config (page size). */
  configure(config: SiteConfig): PdfTemplate
}

/** Values of the optional template fields when a template leaves them out. */
export const TEMPLATE_DEFAULTS = { minMeasure: 144, minColumnWidth: 30 } as const

/** Width and height of a page size in points. */
export const PAGE_SIZES: Record<PdfTemplate['page']['size'], [number, number]> = {
  A4: [595.28, 841.89],
  Letter: [612, 792],
}
