/**
 * The pdfkit document for an article: page size and margins from the template, tagged, with the
 * language, the title shown in the viewer, and an Info dictionary whose dates come from the
 * article (so the same input gives the same bytes: the trailer ID hashes the Info dictionary).
 */
import PDFDocument from 'pdfkit'
import type { ArticleDate, Metadata } from '../../types.ts'
import { pageOptions } from './flow.ts'
import type { PdfTemplate } from './template.ts'

/** A new tagged document for `metadata`, buffering pages so furniture can say `n of N`. */
export function createDocument(metadata: Metadata, template: PdfTemplate): PDFKit.PDFDocument {
  const created = instant(metadata.published) ?? new Date(metadata.buildDate)
  const modified = instant(metadata.modified) ?? created
  return new PDFDocument({
    ...pageOptions(template),
    bufferPages: true,
    // No default Helvetica: Galley never draws with it, and pdfkit parses its metrics for every document.
    font: null,
    autoFirstPage: true,
    compress: true,
    pdfVersion: '1.7',
    tagged: true,
    subset: 'PDF/UA',
    lang: metadata.lang,
    displayTitle: true,
    info: {
      Title: metadata.title,
      Author: metadata.authors.join(', '),
      Subject: metadata.description,
      Keywords: metadata.tags.join(', '),
      Creator: metadata.siteName,
      Producer: template.labels.producer,
      CreationDate: created,
      ModDate: modified,
    },
  } as unknown as PDFKit.PDFDocumentOptions)
}

/** The instant of an article date; a date without a time is taken at midnight UTC. */
function instant(date: ArticleDate | undefined): Date | undefined {
  if (!date) return undefined
  const parsed = new Date(date.hasTime ? date.iso : `${date.iso.slice(0, 10)}T00:00:00Z`)
  return Number.isNaN(parsed.getTime()) ? undefined : parsed
}
