/**
 * The digest PDF's contents: one entry per story (its title linked to its first page, its byline,
 * its page number at the line's end), tagged TOC › TOCI. Laid out before the stories are drawn, so
 * its pages can be kept free; drawn on those pages once the stories' first pages are known.
 */
import type { PdfContext } from '../render/pdf/context.ts'
import { baseDirection } from '../render/pdf/bidi.ts'
import { runStyle, type Run } from '../render/pdf/inline-runs.ts'
import type { Line } from '../render/pdf/line-breaker.ts'
import { layoutRuns, placeLines } from '../render/pdf/paragraph.ts'
import { drawPlainText } from '../render/pdf/plain-text.ts'
import type { DigestTemplate } from './template.ts'
import { type DigestIssue, storyDestination } from './types.ts'

/** One entry, laid out: its lines and where it goes. */
interface Entry {
  title: Line[]
  titleRtl: boolean
  byline: Line[]
  bylineRtl: boolean
  /** Page index (from the contents' first page) and top of the entry. */
  page: number
  y: number
}

/** The contents, laid out: how many pages it takes, its entries, and the TOC element they go in. */
export interface ContentsLayout {
  pages: number
  /** The first contents page's index in the document. */
  firstPage: number
  entries: Entry[]
  /** Each entry's story language: its title is drawn with that language's faces. */
  langs: string[]
  toc: PDFKit.PDFStructureElement
  style: DigestTemplate['pdf']['contents']
}

/** Lay out the entries from the cursor on the current (first contents) page, and open their TOC element. */
export function layoutContents(ctx: PdfContext, issue: DigestIssue, digest: DigestTemplate): ContentsLayout {
  const { flow } = ctx
  const style = digest.pdf.contents
  const width = flow.width - style.numberWidth
  const range = ctx.doc.bufferedPageRange()
  const firstPage = range.start + range.count - 1
  let page = 0
  let y = flow.y
  const entries: Entry[] = []
  for (const [index, story] of issue.stories.entries()) {
    const m = story.article.metadata
    ctx.fonts.useLanguage(m.lang)
    const link = { kind: 'internal' as const, name: storyDestination(index) }
    const titleDir = baseDirection(m.title, m.dir)
    const bylineDir = baseDirection(story.byline, m.dir)
    const title = layoutRuns(
      ctx,
      [{ ...run(ctx, m.title, style.title), link }],
      { style: style.title, hyphenate: false, dir: titleDir },
      width,
    )
    const byline = story.byline
      ? layoutRuns(
          ctx,
          [run(ctx, story.byline, style.byline)],
          { style: style.byline, hyphenate: false, dir: bylineDir },
          width,
        )
      : []
    const height = title.length * style.title.leading + style.title.spaceAfter + byline.length * style.byline.leading
    if (y + height > flow.bottom && y > flow.top) {
      page++
      y = flow.top
    }
    entries.push({ title, titleRtl: titleDir === 'rtl', byline, bylineRtl: bylineDir === 'rtl', page, y })
    y += height + style.entrySpace
  }
  ctx.fonts.useLanguage(ctx.metadata.lang)
  return {
    pages: page + 1,
    firstPage,
    entries,
    toc: ctx.tagger.create('TOC'),
    style,
    langs: issue.stories.map((story) => story.article.metadata.lang),
  }
}

/** Draw the entries on the kept pages; `starts[i]` is story i's first page (index in the document). */
export function drawContents(ctx: PdfContext, layout: ContentsLayout, starts: readonly number[]): void {
  const { doc, flow, tagger } = ctx
  const { style } = layout
  const number = new Intl.NumberFormat(ctx.metadata.lang)
  const issueRtl = ctx.metadata.dir === 'rtl'
  tagger.within(layout.toc, () => {
    layout.entries.forEach((entry, index) => {
      tagger.endContent()
      ctx.text.close()
      doc.switchToPage(layout.firstPage + entry.page)
      ctx.fonts.useLanguage(layout.langs[index]!)
      flow.y = entry.y
      tagger.wrap('TOCI', () => {
        let baseline = 0
        // The entry's column leaves room for the page number at the issue's end side.
        const [start, end] = issueRtl ? [style.numberWidth, 0] : [0, style.numberWidth]
        flow.indent(start, end, () => {
          // The title's atoms carry its link: drawing them opens the Link element and its annotation.
          tagger.wrap('Reference', () =>
            placeLines(
              ctx,
              entry.title,
              style.title,
              align(issueRtl),
              (first) => {
                baseline = first
              },
              entry.titleRtl,
            ),
          )
        })
        tagger.wrap('Lbl', () => {
          tagger.content()
          const label = number.format(starts[index]! + 1)
          const x = issueRtl ? flow.left : flow.left + flow.width
          drawPlainText(ctx, label, x, baseline, style.pageNumber, Infinity, { anchor: issueRtl ? 'left' : 'right' })
        })
        flow.y += style.title.spaceAfter
        if (entry.byline.length)
          flow.indent(start, end, () =>
            tagger.wrap('P', () =>
              placeLines(ctx, entry.byline, style.byline, align(issueRtl), undefined, entry.bylineRtl),
            ),
          )
      })
    })
  })
  tagger.endContent()
  ctx.text.close()
}

/** Lines aligned to the issue's start side, whatever their own direction. */
function align(issueRtl: boolean): 'left' | 'right' {
  return issueRtl ? 'right' : 'left'
}

function run(ctx: PdfContext, text: string, style: DigestTemplate['pdf']['contents']['title']): Run {
  return { kind: 'text', text, style: runStyle(ctx, style) }
}
