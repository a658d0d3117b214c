/**
 * Text of a PDF as four extractors read it: poppler's pdftotext in content-stream order (`-raw`)
 * and in reading order (default), MuPDF (`mutool draw -F txt`) and pdf.js (pdfjs-dist's
 * getTextContent, as its viewer's text layer copies it).
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

export type Extractor = 'pdftotext-raw' | 'pdftotext' | 'mutool' | 'pdfjs'
export const EXTRACTORS: Extractor[] = ['pdftotext-raw', 'pdftotext', 'mutool', 'pdfjs']

/** The whole document's text as `extractor` gives it. */
export async function extractText(file: string, extractor: Extractor): Promise<string> {
  const options = { maxBuffer: 64 * 1024 * 1024 }
  switch (extractor) {
    case 'pdftotext-raw':
      return (await run('pdftotext', ['-raw', file, '-'], options)).stdout
    case 'pdftotext':
      return (await run('pdftotext', [file, '-'], options)).stdout
    case 'mutool':
      return (await run('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', file], options)).stdout
    case 'pdfjs':
      return pdfjsText(file)
  }
}

async function pdfjsText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise
  let text = ''
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '')
    text += '\n'
  }
  await document.destroy()
  return text
}

/**
 * Text compared across line breaks: white space removed, and a hyphen at a line end (a broken
 * word's, drawn as page furniture) with it.
 */
export function comparable(text: string): string {
  // White space first: an extractor may break a line between a vowel sign's two halves (ে … া), which compose again.
  return text
    .replace(/[-‐]/g, '')
    .replace(/[\s\p{Cf}]+/gu, '')
    .normalize('NFC')
}
