/**
 * The digest PDF's cover: the site as a kicker over an accent rule, the issue's title (the first
 * entry of the outline), its date and number of stories, and the stories' titles, each linked to
 * its first page, with its byline. It stays on one page: with many stories the bylines, then the
 * space above the kicker, are left out until the list fits.
 */
import { isRtl, type PdfContext } from '../render/pdf/context.ts'
import { drawHeading } from '../render/pdf/headings.ts'
import { type Run, runStyle } from '../render/pdf/inline-runs.ts'
import { layoutRuns, renderRuns } from '../render/pdf/paragraph.ts'
import { baseDirection } from '../render/pdf/bidi.ts'
import type { BlockStyle } from '../render/pdf/template.ts'
import type { DigestTemplate } from './template.ts'
import { type DigestIssue, storyDestination } from './types.ts'

/** Draw the cover from the top of the first page. */
export function drawCover(ctx: PdfContext, issue: DigestIssue, digest: DigestTemplate): void {
  const { doc, flow, palette, tagger } = ctx
  const style = digest.pdf.cover
  const m = issue.metadata
  const column = flow.bottom - flow.top
  const head = headHeight(ctx, issue, style)
  const list = (bylines: boolean) =>
    issue.stories.reduce((sum, story) => {
      const title = height(ctx, story.article.metadata.title, style.item, story.article.metadata.dir)
      return (
        sum +
        title +
        (bylines && story.byline ? height(ctx, story.byline, style.itemByline, story.article.metadata.dir) : 0)
      )
    }, 0)
  const top = column * style.topSpace
  const [space, bylines] = (
    [
      [top, true],
      [0, true],
      [top, false],
      [0, false],
    ] as const
  ).find(([space, bylines]) => space + head + list(bylines) <= column) ?? [0, false]
  flow.y += space
  paragraph(ctx, m.siteName, style.kicker, m.dir)
  tagger.artifact(() => doc.rect(flow.left, flow.y, flow.width, style.ruleWidth).fill(palette.accent))
  flow.y += style.ruleWidth
  drawHeading(ctx, 1, style.title, [{ kind: 'text', text: m.title, style: runStyle(ctx, style.title) }], m.title)
  paragraph(ctx, dateLine(issue), style.date, m.dir)
  paragraph(ctx, issue.words.inThisIssue, style.listHeading, m.dir, 'H2')
  tagger.wrap('L', () => {
    issue.stories.forEach((story, index) => {
      const { title, dir, lang } = story.article.metadata
      ctx.fonts.useLanguage(lang)
      tagger.wrap('LI', () =>
        tagger.wrap('LBody', () => {
          const link = { kind: 'internal' as const, name: storyDestination(index) }
          paragraph(ctx, title, style.item, dir, 'P', { color: palette.text, link })
          if (bylines && story.byline) paragraph(ctx, story.byline, style.itemByline, dir)
        }),
      )
    })
  })
  ctx.fonts.useLanguage(m.lang)
}

/**
 * One paragraph of plain text in its own direction (an Arabic title reads right to left on an
 * English cover), aligned to the side the issue's lines start from.
 */
function paragraph(
  ctx: PdfContext,
  text: string,
  style: BlockStyle,
  fallback: 'ltr' | 'rtl',
  structType = 'P',
  extra: { color?: string; link?: Run['link'] } = {},
): void {
  const dir = baseDirection(text, fallback)
  const run: Run = {
    kind: 'text',
    text,
    style: { ...runStyle(ctx, style), ...(extra.color ? { color: extra.color } : {}) },
    ...(extra.link ? { link: extra.link } : {}),
  }
  // Paragraphs flip `left` when right to left: ask for the side that lands at the issue's start.
  const align = (dir === 'rtl') === isRtl(ctx) ? 'left' : 'right'
  renderRuns(ctx, [run], { style, align, hyphenate: false, dir, structType })
}

/** The date and the number of stories. */
function dateLine(issue: DigestIssue): string {
  return [issue.metadata.published?.display, issue.words.stories(issue.stories.length)].filter(Boolean).join('  ·  ')
}

/** Height of `text` as a paragraph of `style` in the column, space after included. */
function height(ctx: PdfContext, text: string, style: BlockStyle, fallback: 'ltr' | 'rtl'): number {
  const lines = layoutRuns(ctx, [{ kind: 'text', text, style: runStyle(ctx, style) }], {
    style,
    hyphenate: false,
    dir: baseDirection(text, fallback),
  })
  return style.spaceBefore + lines.length * style.leading + style.spaceAfter
}

/** Height of everything above the list. */
function headHeight(ctx: PdfContext, issue: DigestIssue, style: DigestTemplate['pdf']['cover']): number {
  const m = issue.metadata
  return (
    height(ctx, m.siteName, style.kicker, m.dir) +
    style.ruleWidth +
    height(ctx, m.title, style.title, m.dir) +
    height(ctx, dateLine(issue), style.date, m.dir) +
    height(ctx, issue.words.inThisIssue, style.listHeading, m.dir)
  )
}
