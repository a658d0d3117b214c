/**
 * The digest PDF's cover: the site as a kicker over an accent rule, the issue's title (the first
 * entry of the outline), its date and number of stories, and the stories' titles, each linked to
 * its first page, with its byline.
 */
import { isRtl, type PdfContext } from '../render/pdf/context.ts'
import { drawHeading } from '../render/pdf/headings.ts'
import { runStyle } from '../render/pdf/inline-runs.ts'
import { renderRuns } from '../render/pdf/paragraph.ts'
import { baseDirection } from '../render/pdf/bidi.ts'
import { storyDestination } from './render-pdf.ts'
import type { DigestTemplate } from './template.ts'
import type { DigestIssue } from './types.ts'

/** Draw the cover from the top of the first page. */
export function drawCover(ctx: PdfContext, issue: DigestIssue, digest: DigestTemplate): void {
  const { doc, flow, palette, tagger } = ctx
  const style = digest.pdf.cover
  const m = issue.metadata
  flow.y += (flow.bottom - flow.top) * style.topSpace
  renderRuns(ctx, [{ kind: 'text', text: m.siteName, style: runStyle(ctx, style.kicker) }], {
    style: style.kicker,
    align: 'left',
    hyphenate: false,
    dir: m.dir,
  })
  tagger.artifact(() => doc.rect(flow.left, flow.y, flow.width, style.ruleWidth).fill(palette.accent))
  flow.y += style.ruleWidth
  drawHeading(ctx, 1, style.title, [{ kind: 'text', text: m.title, style: runStyle(ctx, style.title) }], m.title)
  const dateLine = [m.published?.display, issue.words.stories(issue.stories.length)].filter(Boolean).join('  ·  ')
  renderRuns(ctx, [{ kind: 'text', text: dateLine, style: runStyle(ctx, style.date) }], {
    style: style.date,
    align: 'left',
    hyphenate: false,
    dir: m.dir,
  })
  renderRuns(ctx, [{ kind: 'text', text: issue.words.inThisIssue, style: runStyle(ctx, style.listHeading) }], {
    style: style.listHeading,
    align: 'left',
    hyphenate: false,
    dir: m.dir,
    structType: 'H2',
  })
  tagger.wrap('L', () => {
    issue.stories.forEach((story, index) => {
      const title = story.article.metadata.title
      // Each title in its own direction: an Arabic story's title reads right to left on an English cover.
      const dir = baseDirection(title, story.article.metadata.dir)
      tagger.wrap('LI', () =>
        tagger.wrap('LBody', () => {
          renderRuns(
            ctx,
            [
              {
                kind: 'text',
                text: title,
                style: { ...runStyle(ctx, style.item), color: palette.text },
                link: { kind: 'internal', name: storyDestination(index) },
              },
            ],
            { style: style.item, align: isRtl(ctx) ? 'right' : 'left', hyphenate: false, dir },
          )
          if (story.byline)
            renderRuns(ctx, [{ kind: 'text', text: story.byline, style: runStyle(ctx, style.itemByline) }], {
              style: style.itemByline,
              align: isRtl(ctx) ? 'right' : 'left',
              hyphenate: false,
              dir: baseDirection(story.byline, story.article.metadata.dir),
            })
        }),
      )
    })
  })
}
