/**
 * The EPUB: epub-gen-memory's templates (package document, NCX, navigation document, content
 * document), the stylesheet, and the cover, title page and footer markup. Edit the markup here and
 * in the `.ejs` files, the look in `style.css`; point `templates.epub` in the config at a copy of this
 * folder to replace it.
 *
 * Metadata fields used: title, description, descriptionIsExcerpt, authors, published, modified, lang,
 * dir, tags, source, canonicalUrl, siteName, theme (accent), image (through the renderer).
 */
import { readFileSync } from 'node:fs'
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { EpubLabels, EpubTemplate } from '../../pipeline/render/epub/template.ts'
import type { Theme } from '../../pipeline/types.ts'
import type { Labels } from '../shared/labels.ts'
import { autoDir } from '../shared/direction.ts'

// Read once when the template loads.
const read = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
const css = read('style.css')

const english: EpubLabels = {
  contents: 'Contents',
  footnotes: 'Notes',
  landmarks: 'Landmarks',
  cover: 'Cover',
  titlePage: 'Title page',
  bodymatter: 'Start of the article',
  byline: (names) => `By ${names}`,
  readingTime: (minutes) => `${minutes} min read`,
  updated: (date) => `Updated ${date}`,
  firstPublishedBy: (source) => `First published by ${source}.`,
  readOnline: 'Read online:',
  tags: 'Tags',
  accessibilitySummary: ({ images, imagesWithoutAlt }) =>
    'The article is structured with headings that the table of contents follows, in reading order, ' +
    'with no flashing, motion or sound. ' +
    (images === 0
      ? 'It contains no images.'
      : imagesWithoutAlt === 0
        ? 'Every image has a text alternative.'
        : `${imagesWithoutAlt} of its ${images} images have no text alternative.`),
}

/** Languages the template speaks beside English; missing ones fall back to English. */
const translations: Record<string, Partial<EpubLabels>> = {
  ar: {
    contents: 'المحتويات',
    footnotes: 'الحواشي',
    landmarks: 'معالم الكتاب',
    cover: 'الغلاف',
    titlePage: 'صفحة العنوان',
    bodymatter: 'بداية المقال',
    byline: (names) => `بقلم ${names}`,
    updated: (date) => `حُدّث في ${date}`,
    firstPublishedBy: (source) => `نُشر أولًا في ${source}.`,
    readOnline: 'اقرأ على الإنترنت:',
    tags: 'الوسوم',
  },
  he: {
    contents: 'תוכן העניינים',
    footnotes: 'הערות',
    landmarks: 'ציוני דרך',
    cover: 'כריכה',
    titlePage: 'עמוד שער',
    bodymatter: 'תחילת המאמר',
    byline: (names) => `מאת ${names}`,
    updated: (date) => `עודכן ב־${date}`,
    firstPublishedBy: (source) => `פורסם לראשונה ב־${source}.`,
    readOnline: 'לקריאה ברשת:',
    tags: 'תגיות',
  },
}

const template: EpubTemplate = {
  contentOPF: read('content.opf.ejs'),
  tocNCX: read('toc.ncx.ejs'),
  tocXHTML: read('nav.xhtml.ejs'),
  chapterXHTML: read('chapter.xhtml.ejs'),

  stylesheet: (theme: Theme) => `:root { --accent: ${theme.accent}; }\n${css}`,

  labels(lang, shared: Labels) {
    const language = lang.split('-')[0]?.toLowerCase() ?? ''
    // The words every format shares, so the book says what the page says.
    return {
      ...english,
      ...translations[language],
      contents: shared.contents,
      footnotes: shared.notes,
      byline: (names: string) => shared.byline([names]),
      updated: (date: string) => shared.updated(date),
      readingTime: (minutes: number) => shared.readingTime(minutes),
      firstPublishedBy: (source: string) => `${shared.firstPublishedBy(source)}.`,
    }
  },

  coverPage: (cover) => [h('figure.cover-image', [h('img', { src: cover.src, alt: cover.alt })])],

  titlePage({ metadata: m, titleMarkup, descriptionMarkup, labels, leadImage }) {
    const names = m.authors.length ? new Intl.ListFormat(m.lang, { type: 'conjunction' }).format(m.authors) : undefined
    const kicker = m.tags[0] ?? m.source
    return [
      h('section.title-page', [
        kicker ? h('p.kicker', kicker) : undefined,
        h('h1', titleMarkup),
        m.descriptionIsExcerpt ? undefined : h('p.dek', autoDir(m.description, m.dir), descriptionMarkup),
        names ? h('p.byline', labels.byline(names)) : undefined,
        h('p.dateline', [m.published?.display, labels.readingTime(m.readingMinutes)].filter(Boolean).join(' · ')),
        leadImage ? h('figure.lead-image', [h('img', { src: leadImage.src, alt: leadImage.alt })]) : undefined,
        h('p.imprint', m.siteName),
      ]),
    ]
  },

  articleFooter({ metadata: m, labels }) {
    const lines: ElementContent[] = []
    if (m.modified) lines.push(h('p', labels.updated(m.modified.display)))
    if (m.source) lines.push(h('p', labels.firstPublishedBy(m.source)))
    if (m.canonicalUrl) lines.push(h('p', [`${labels.readOnline} `, h('a', { href: m.canonicalUrl }, m.canonicalUrl)]))
    if (m.tags.length)
      lines.push(
        h(
          'ul.tags',
          { ariaLabel: labels.tags },
          m.tags.map((tag) => h('li', tag)),
        ),
      )
    return lines.length ? [h('footer.article-footer', lines)] : []
  },
}

export default template
