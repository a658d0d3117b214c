/**
 * The newsletter PDF's look: page, type scale, colours, furniture and the words printed around the
 * article. Edit the values here; point `templates.pdf` in the config at a copy of this folder to
 * replace it. Lengths are points (72 to the inch).
 *
 * Metadata fields used: title, description, descriptionIsExcerpt, authors, published, modified,
 * source, tags, readingMinutes, siteName, theme, image.
 */
import type { PdfTemplate } from '../../pipeline/render/pdf/template.ts'
import type { Metadata } from '../../pipeline/types.ts'
import { mono, sans, serif } from '../shared/fonts.ts'
import type { Labels } from '../shared/labels.ts'

const body = { role: 'body', size: 10.5, leading: 15.5, spaceBefore: 0, spaceAfter: 8 } as const
const heading = (size: number, leading: number, spaceBefore: number) =>
  ({ role: 'heading', size, leading, bold: true, spaceBefore, spaceAfter: 5 }) as const

const template: PdfTemplate = {
  page: {
    size: 'A4',
    margins: { top: 62, right: 72, bottom: 68, left: 72 },
    paintBackground: false,
    minMeasure: 144,
  },
  fonts: { body: serif, heading: sans, mono },
  colors: (theme) => ({
    text: theme.text,
    muted: theme.muted,
    accent: theme.accent,
    link: theme.accent,
    rule: '#c9c4bb',
    codeBackground: '#f3f1ec',
    tableHeader: '#f3f1ec',
    background: theme.background,
  }),
  text: { body, align: 'justify', hyphenate: true, maxSpaceStretch: 2.5, minLinesAtBreak: 2 },
  headings: {
    1: heading(20, 25, 18),
    2: heading(15, 19, 16),
    3: heading(12.5, 16.5, 13),
    4: { ...heading(11, 15, 11) },
    5: { ...heading(10.5, 14.5, 10), italic: true },
    6: { ...heading(9, 13, 10), color: 'muted', uppercase: true, tracking: 0.6 },
  },
  masthead: {
    kicker: {
      role: 'heading',
      size: 8.5,
      leading: 11,
      bold: true,
      color: 'accent',
      uppercase: true,
      tracking: 1.2,
      spaceBefore: 0,
      spaceAfter: 6,
    },
    title: { role: 'heading', size: 25, leading: 30, bold: true, spaceBefore: 12, spaceAfter: 8 },
    dek: { role: 'body', size: 13, leading: 18, italic: true, color: 'muted', spaceBefore: 0, spaceAfter: 10 },
    byline: { role: 'heading', size: 8.5, leading: 12.5, color: 'muted', spaceBefore: 0, spaceAfter: 0 },
    ruleWidth: 2,
    leadImageMaxHeight: 0.38,
    spaceAfter: 20,
  },
  callout: {
    padding: 9,
    barWidth: 3,
    frameWidth: 0.6,
    title: { ...body, bold: true, spaceBefore: 0, spaceAfter: 3 },
    // Chosen to keep 4.5:1 contrast on white as title text (WCAG 1.4.3).
    colors: { note: '#1f5fad', tip: '#1a7f37', important: '#7144c2', warning: '#8a5a00', caution: '#b3261e' },
    spaceBefore: 8,
    spaceAfter: 10,
  },
  math: { spaceBefore: 6, spaceAfter: 8, minScale: 0.5 },
  quote: { indent: 18, ruleWidth: 2, ruleGap: 12, style: { ...body, italic: true, color: 'muted', spaceAfter: 6 } },
  list: { indent: 18, labelGap: 6, itemSpace: 3, bullets: ['•', '–', '◦'] },
  code: {
    style: { role: 'mono', size: 8.5, leading: 12, spaceBefore: 4, spaceAfter: 12 },
    inlineScale: 0.88,
    padding: 8,
    radius: 3,
  },
  table: {
    style: { role: 'heading', size: 9, leading: 12.5, spaceBefore: 6, spaceAfter: 14 },
    headerStyle: { role: 'heading', size: 9, leading: 12.5, bold: true },
    cellPadding: 5,
    ruleWidth: 0.5,
    minColumnWidth: 30,
  },
  figure: {
    caption: { role: 'heading', size: 8.5, leading: 12, color: 'muted', spaceBefore: 5, spaceAfter: 0 },
    maxHeight: 320,
    spaceBefore: 6,
    spaceAfter: 14,
  },
  rule: { width: 0.75, spaceBefore: 10, spaceAfter: 16, length: 0.25 },
  notes: {
    heading: {
      role: 'heading',
      size: 10,
      leading: 14,
      bold: true,
      uppercase: true,
      tracking: 0.8,
      color: 'muted',
      spaceBefore: 22,
      spaceAfter: 6,
    },
    style: { role: 'body', size: 8.5, leading: 12, spaceBefore: 0, spaceAfter: 3 },
    ruleLength: 0.25,
  },
  script: { scale: 0.68, rise: 0.36, drop: 0.14 },
  furniture: {
    style: { role: 'heading', size: 7.5, leading: 10, color: 'muted' },
    footerBaseline: 36,
    headerBaseline: 36,
  },
  labels: {
    kicker: (m) => m.siteName,
    byline,
    notes: (words) => words.notes,
    footerLeft: (m) => m.siteName,
    pageNumber: (page, pages, words) => words.pageOf(page, pages),
    runningHeader: (m) => m.title,
    producer: 'Galley (pdfkit)',
    taskDone: 'Done: ',
    taskOpen: 'To do: ',
  },
  configure(config) {
    return { ...this, page: { ...this.page, size: config.pageSize } }
  },
}

export default template

/** The byline's parts, in the article's language, joined with a middle dot: authors, dates, reading time, source. */
function byline(m: Metadata, words: Labels): string[] {
  const parts: string[] = []
  if (m.authors.length) parts.push(words.byline(m.authors))
  if (m.published) parts.push(m.published.display)
  if (m.modified && m.modified.display !== m.published?.display) parts.push(words.updated(m.modified.display))
  parts.push(words.readingTime(m.readingMinutes))
  if (m.source) parts.push(words.firstPublishedBy(m.source))
  return parts
}
