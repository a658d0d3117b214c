/**
 * A rendered article read back by the tools a reader's software stands for: the page parsed, the PDF
 * through poppler, qpdf and MuPDF, the EPUB unzipped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type EpubFacts, readEpub } from './epub-facts.ts'
import { type PageFacts, readPage } from './html-facts.ts'
import { type PdfFacts, readPdfs } from './pdf-facts.ts'
import type { RenderedArticle } from './render.ts'

export interface ReadOutputs {
  page: PageFacts
  pdf: PdfFacts
  epub: EpubFacts
}

/** Read every rendered article back; the PDF tools run once for all of them. */
export async function readOutputs(articles: RenderedArticle[]): Promise<ReadOutputs[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'galley-outputs-'))
  try {
    const files = articles.map((_, index) => path.join(folder, `${index}.pdf`))
    await Promise.all(articles.map((article, index) => writeFile(files[index]!, article.pdf)))
    const pdfs = await readPdfs(files)
    return Promise.all(
      articles.map(async (article, index) => ({
        page: readPage(article.html),
        pdf: pdfs[index]!,
        epub: await readEpub(article.epub),
      })),
    )
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
