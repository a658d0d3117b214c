/**
 * The digest: several articles as one issue (PDF, EPUB, email). The stories are drawn with the
 * article templates (`templates/pdf/`, `templates/epub/`); this folder adds what surrounds them:
 * the PDF's cover and contents, the EPUB's issue title page and story headers, the email and its
 * plain-text alternative, and the words they print. Point `templates.digest` in the config at a copy
 * of this folder to replace it. Lengths in `pdf` are points.
 *
 * Metadata fields used: the issue's title, published (its date), lang, dir, siteName, siteUrl,
 * theme; each story's title, description, authors, published, readingMinutes, lang, dir, card.
 */
import { h } from 'hastscript'
import type { DigestTemplate } from '../../pipeline/digest/template.ts'
import { emailPage, emailStylesheet, emailText } from './email.ts'
import { digestWords } from './words.ts'
import { autoDir } from '../shared/direction.ts'

const heading = { role: 'heading', bold: true, spaceBefore: 0 } as const

const template: DigestTemplate = {
  words: digestWords,
  pdf: {
    cover: {
      kicker: {
        ...heading,
        size: 10,
        leading: 13,
        color: 'accent',
        uppercase: true,
        tracking: 1.4,
        spaceAfter: 8,
      },
      title: { ...heading, size: 40, leading: 46, spaceBefore: 18, spaceAfter: 10 },
      date: { role: 'heading', size: 12, leading: 17, color: 'muted', spaceBefore: 0, spaceAfter: 36 },
      listHeading: {
        ...heading,
        size: 9.5,
        leading: 13,
        color: 'muted',
        uppercase: true,
        tracking: 1,
        spaceAfter: 10,
      },
      item: { role: 'body', size: 14, leading: 19, spaceBefore: 0, spaceAfter: 2 },
      itemByline: { role: 'heading', size: 8.5, leading: 12, color: 'muted', spaceBefore: 0, spaceAfter: 12 },
      ruleWidth: 3,
      topSpace: 0.18,
    },
    contents: {
      heading: { ...heading, size: 22, leading: 28, spaceAfter: 18 },
      title: { role: 'heading', size: 12, leading: 16, bold: true, spaceBefore: 0, spaceAfter: 1 },
      byline: { role: 'heading', size: 8.5, leading: 12, color: 'muted', spaceBefore: 0, spaceAfter: 0 },
      pageNumber: { role: 'heading', size: 12, leading: 16, bold: true, color: 'accent' },
      numberWidth: 36,
      entrySpace: 12,
    },
    introHeading: { ...heading, size: 20, leading: 25, spaceAfter: 10 },
  },
  epub: {
    stylesheet: [
      '/* Digest: the issue title page and each story opening its chapter. */',
      '.issue-page { margin-top: 12%; }',
      '.issue-page h1 { font-size: 2.3em; margin-bottom: 0.3em; }',
      '.issue-stories { padding-left: 1.4em; }',
      '.issue-stories li { margin: 0.5em 0; }',
      '.issue-stories .byline { display: block; font-weight: normal; font-size: 0.85em; }',
      '.intro { margin: 1.5em 0; }',
      '.story-header { margin: 0 0 2em; }',
      '.story-header h1 { margin-bottom: 0.4em; }',
    ].join('\n'),
    titlePage: ({ issue, words, stories, intro }) => [
      h('section.title-page.issue-page', [
        h('p.kicker', issue.siteName),
        h('h1', issue.title),
        issue.published ? h('p.dateline', issue.published.display) : undefined,
        intro?.length ? h('section.intro', { ariaLabel: words.intro }, intro) : undefined,
        h('h2', words.inThisIssue),
        h(
          'ol.issue-stories',
          stories.map((story) =>
            h('li', story.metadata.lang === issue.lang ? {} : { lang: story.metadata.lang }, [
              h('a', { href: story.href, ...autoDir(story.metadata.title, issue.dir) }, story.metadata.title),
              story.byline ? h('span.byline', autoDir(story.byline, issue.dir), story.byline) : undefined,
            ]),
          ),
        ),
      ]),
    ],
    storyHeader: ({ metadata: m, titleMarkup, descriptionMarkup, byline }) => [
      h('header.story-header', [
        h('h1', titleMarkup),
        m.descriptionIsExcerpt ? undefined : h('p.dek', autoDir(m.description, m.dir), descriptionMarkup),
        byline ? h('p.byline', autoDir(byline, m.dir), byline) : undefined,
      ]),
    ],
  },
  email: { stylesheet: emailStylesheet, page: emailPage, text: emailText },
}

export default template
