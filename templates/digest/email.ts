/**
 * The digest as one email: a 600 px column (a table around it for Outlook on Windows only, inside
 * its conditional comment), each story's card, title, byline, excerpt and a "Read more" link to its
 * page; and the plain-text alternative. The CSS is inlined afterwards (juice); no script, no external
 * stylesheet, no web font.
 */
import { readFileSync } from 'node:fs'
import type { ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import type { EmailInput } from '../../pipeline/digest/template.ts'
import type { Theme } from '../../pipeline/types.ts'
import { directionOf } from '../shared/direction.ts'

const css = readFileSync(new URL('./email.css', import.meta.url), 'utf8')
/** The card's width in the column (600 less 24 px each side) and its height at 1200 × 630. */
const CARD_WIDTH = 552

/** The stylesheet with the theme's colours (email clients know no custom properties). */
export function emailStylesheet(theme: Theme): string {
  return css
    .replaceAll('var(--accent)', theme.accent)
    .replaceAll('var(--text)', theme.text)
    .replaceAll('var(--muted)', theme.muted)
}

/** The email document, its CSS in one `<style>` element for juice to inline. */
export function emailPage({ issue, words, stories, intro, downloads }: EmailInput, stylesheet: string): Root {
  const date = issue.published?.display
  const comment = (value: string) => ({ type: 'comment' as const, value })
  const storyBlock = (story: EmailInput['stories'][number]): ElementContent => {
    const m = story.metadata
    const langOf = m.lang === issue.lang ? {} : { lang: m.lang, dir: m.dir }
    // Each text in its own direction: an English excerpt of an Arabic story reads left to right.
    const own = (text: string) => {
      const dir = directionOf(text, m.dir)
      return dir === m.dir ? {} : { dir }
    }
    return h('div.story', langOf, [
      story.cardUrl
        ? h('a.card-link', { href: story.href }, [
            h('img.card', {
              src: story.cardUrl,
              alt: m.card.alt,
              width: CARD_WIDTH,
              // The og template's own proportions (1200×630 draws 552×290).
              height: Math.round((CARD_WIDTH * m.card.height) / m.card.width),
            }),
          ])
        : undefined,
      h('h2.story-title', own(m.title), [h('a', { href: story.href }, m.title)]),
      story.byline ? h('p.byline', own(story.byline), story.byline) : undefined,
      m.description ? h('p.excerpt', own(m.description), m.description) : undefined,
      h('p.read-more', [h('a', { href: story.href, ariaLabel: `${words.readMore}: ${m.title}` }, words.readMore)]),
    ])
  }
  const preview = stories.map((story) => story.metadata.title).join(' · ')
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: issue.lang, dir: issue.dir }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { name: 'color-scheme', content: 'light' }),
          h('title', `${issue.title} — ${issue.siteName}`),
          h('style', stylesheet),
        ]),
        h('body', [
          h('div.preheader', preview),
          comment(
            '[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]',
          ),
          h('div.wrapper', [
            h('div.masthead', [
              h('p.kicker', issue.siteName),
              h('h1.issue-title', issue.title),
              date
                ? h('p.issue-date', [
                    h('time', { dateTime: issue.published!.iso }, date),
                    ` · ${words.stories(stories.length)}`,
                  ])
                : undefined,
            ]),
            h('hr.rule'),
            intro ? h('div.intro', intro.content) : undefined,
            h('h2.section-title', words.inThisIssue),
            ...stories.map(storyBlock),
            h('div.footer', [
              downloads.length
                ? h('p.downloads', [
                    `${words.download} `,
                    ...downloads.flatMap((file, index) => [
                      index > 0 ? ' · ' : '',
                      h('a', { href: file.href }, `${file.kind.toUpperCase()} (${size(file.bytes, issue.lang)})`),
                    ]),
                  ])
                : undefined,
              h('p', [issue.siteUrl ? h('a', { href: `${issue.siteUrl}/` }, issue.siteName) : issue.siteName]),
            ]),
          ]),
          comment('[if mso]></td></tr></table><![endif]'),
        ]),
      ]),
    ],
  }
}

/** A file's size in the issue's language: `738 kB`, `1.2 MB`. */
function size(bytes: number, lang: string): string {
  const [value, unit] = bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [bytes / 1e3, 'kilobyte']
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value)
}

/** The plain-text alternative: the same issue, lines wrapped at 72 columns, each link on its own line. */
export function emailText({ issue, words, stories, intro, downloads }: EmailInput): string {
  const lines: string[] = []
  const rule = '-'.repeat(72)
  lines.push(issue.title.toUpperCase(), [issue.siteName, issue.published?.display].filter(Boolean).join(' · '), '')
  if (intro) lines.push(...intro.text.split(/\n{2,}/).flatMap((paragraph) => [...wrap(paragraph), '']))
  lines.push(words.inThisIssue, '')
  for (const [index, story] of stories.entries()) lines.push(...wrap(`${index + 1}. ${story.metadata.title}`, '   '))
  for (const story of stories) {
    const m = story.metadata
    lines.push('', rule, '', ...wrap(m.title))
    // Without its bidi isolates: a plain-text client may draw them as boxes.
    if (story.byline) lines.push(...wrap(story.byline.replace(/[\u2066-\u2069]/g, '')))
    if (m.description) lines.push('', ...wrap(m.description))
    lines.push('', `${words.readMore}: ${story.href}`)
  }
  lines.push('', rule, '')
  if (downloads.length) {
    lines.push(words.download)
    for (const file of downloads)
      lines.push(`${file.kind.toUpperCase()} (${size(file.bytes, issue.lang)}): ${file.href}`)
    lines.push('')
  }
  lines.push(issue.siteUrl ? `${issue.siteName}: ${issue.siteUrl}/` : issue.siteName)
  return `${lines.join('\n')}\n`
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word stands alone). */
function wrap(text: string, indent = '', width = 72): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = indent + word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}
