/**
 * The PDF and EPUB goldens (`pdf.txt`, `epub.txt`): what the extractors read, as plain text in a
 * fixed order, so a renderer change shows up as a readable diff.
 */
import type { EpubFacts } from './epub-facts.ts'
import type { PdfFacts } from './pdf-facts.ts'

/** `pdf.txt`: Info and /Lang, outline, fonts, the text of each page, the tagged structure. */
export function pdfSummary(pdf: PdfFacts): string {
  // The file size changes with any byte; what changed is in the sections below.
  const info = Object.entries(pdf.info)
    .filter(([key]) => key !== 'File size')
    .map(([key, value]) => `${key}: ${value}`)
  return sections([
    ['Info', [...info, `Lang: ${pdf.lang}`].join('\n')],
    ['Outline', outline(pdf.outline.map((entry) => [entry.depth, `${entry.title} (page ${entry.page ?? '?'})`]))],
    // The last column is the font's object number, which any new object before it shifts.
    ['Fonts', pdf.fonts.map((row) => row.replace(/\s+\d+\s+\d+\s*$/, '').trimEnd()).join('\n')],
    ...pdf.pages.map((page, index): [string, string] => [`Page ${index + 1}`, tidy(page)]),
    ['Structure', tidy(pdf.structure.replace(/\bObject \d+ \d+\b/g, 'Object'))],
  ])
}

/** `epub.txt`: zip entries, the package document, the navigation, the text of each spine document. */
export function epubSummary(epub: EpubFacts): string {
  return sections([
    ['Entries', epub.entries.join('\n')],
    ['Package document', epub.opf.trim()],
    ['Navigation', outline(epub.nav.map((entry) => [entry.depth, `${entry.title} → ${entry.href}`]))],
    ...epub.spine.map((doc): [string, string] => [`${doc.path} (${doc.lang ?? 'no language'})`, doc.text]),
  ])
}

/** Outline entries as an indented list. */
function outline(entries: Array<[number, string]>): string {
  return entries.map(([depth, text]) => `${'  '.repeat(depth)}- ${text}`).join('\n')
}

function sections(parts: Array<[string, string]>): string {
  return `${parts.map(([title, body]) => `# ${title}\n\n${body || '(none)'}`).join('\n\n')}\n`
}

/** Lines without trailing spaces, runs of blank lines as one, no blank lines at either end. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
