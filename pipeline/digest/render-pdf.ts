/**
 * The digest PDF: one tagged document, drawn with the article PDF's steps (pipeline/render/pdf/
 * book.ts). Page one is the cover (site, title, date, the stories' titles linked to them); then the
 * contents, whose pages are kept free while the stories are drawn and filled in once their page
 * numbers are known; the introduction; and each story from a new page with its masthead, its own
 * language and direction (a right-to-left story is mirrored as its article PDF is), its running
 * header and its headings under its title in the one outline.
 */
import type { Root } from 'hast'
import {
  drawArticle,
  drawBody,
  finishPdf,
  openPdf,
  pageCount,
  prepareArticle,
  type PdfBook,
  reportMissingGlyphs,
} from '../render/pdf/book.ts'
import type { PdfContext } from '../render/pdf/context.ts'
import type { PageFurniture } from '../render/pdf/furniture.ts'
import { drawHeading } from '../render/pdf/headings.ts'
import { type Run, runStyle } from '../render/pdf/inline-runs.ts'
import type { PdfTemplate, TextStyle } from '../render/pdf/template.ts'
import { drawContents, layoutContents } from './pdf-contents.ts'
import { drawCover } from './pdf-cover.ts'
import { type DigestIssue, storyDestination } from './types.ts'
import type { DigestTemplate } from './template.ts'

/** Render the issue as one PDF; messages go to each story's file and the issue's. */
export async function renderDigestPdf(
  issue: DigestIssue,
  template: PdfTemplate,
  digest: DigestTemplate,
): Promise<Uint8Array> {
  const book = openPdf(issue.metadata, template)
  const introTree: Root = issue.intro?.tree ?? { type: 'root', children: [] }
  const prepared = await prepareArticle(book, {
    tree: introTree,
    metadata: issue.metadata,
    assets: issue.intro?.assets ?? new Map(),
    file: issue.intro?.file ?? issue.file,
  })
  // The cover and contents link to the stories' destinations, which the issue's pages may name.
  const ctx: PdfContext = {
    ...prepared,
    ids: new Set([...prepared.ids, ...issue.stories.map((_, index) => storyDestination(index))]),
  }
  const pages: Array<PageFurniture | undefined> = []
  const section = (from: number, furniture: (first: boolean) => PageFurniture | undefined) => {
    for (let page = from; page < pageCount(book); page++) pages[page] = furniture(page === from)
  }

  // 1. The cover: no furniture.
  drawCover(ctx, issue, digest)

  // 2. The contents: its heading now (its place in the outline and the structure tree), its entries
  //    once the stories have page numbers.
  let from = newSection(book)
  drawHeading(
    ctx,
    1,
    digest.pdf.contents.heading,
    [plainRun(ctx, issue.words.contents, digest.pdf.contents.heading)],
    issue.words.contents,
  )
  const contents = layoutContents(ctx, issue, digest)
  reportMissingGlyphs(ctx)
  for (let page = 1; page < contents.pages; page++) book.flow.newPage()
  section(from, (first) => ({ ctx, ...(first ? {} : { header: issue.words.contents }) }))

  // 3. The introduction.
  if (issue.intro) {
    from = newSection(book)
    drawHeading(
      ctx,
      1,
      digest.pdf.introHeading,
      [plainRun(ctx, issue.words.intro, digest.pdf.introHeading)],
      issue.words.intro,
    )
    drawBody(ctx, introTree)
    reportMissingGlyphs(ctx)
    section(from, (first) => ({ ctx, ...(first ? {} : { header: issue.words.intro }) }))
  }

  // 4. The stories, each from a new page.
  const starts: number[] = []
  for (const [index, story] of issue.stories.entries()) {
    from = newSection(book)
    starts.push(from)
    book.doc.addNamedDestination(storyDestination(index), 'XYZ', book.flow.left, book.flow.y, null)
    const storyCtx = await prepareArticle(book, story.article, { destinationPrefix: `s${index + 1}-` })
    const { metadata } = story.article
    book.tagger.wrap('Art', () => drawArticle(storyCtx, story.article.tree), { lang: metadata.lang })
    const header = template.labels.runningHeader(metadata)
    section(from, (first) => ({ ctx: storyCtx, ...(first ? {} : { header }) }))
  }

  // 5. Back to the contents pages, now that every story's first page is known.
  drawContents(ctx, contents, starts)
  return finishPdf(book, pages)
}

/** Start a section on a new page (the document's first page is the cover's); returns its first page. */
function newSection(book: PdfBook): number {
  book.flow.newPage()
  return pageCount(book) - 1
}

/** A run of plain text in `style`. */
function plainRun(ctx: PdfContext, text: string, style: TextStyle): Run {
  return { kind: 'text', text, style: runStyle(ctx, style) }
}
