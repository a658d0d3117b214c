/**
 * The digest as an issue: one in Arabic laid out right to left in every output, and the limits a
 * digest is checked against (a PDF to attach, an email Gmail shows whole), each output failing alone.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { labelsFor } from '../templates/shared/labels.ts'
import { digest } from '../pipeline/digest/index.ts'
import { issueMetadata } from '../pipeline/digest/issue.ts'
import { type DigestOutput, writeDigest } from '../pipeline/digest/outputs.ts'
import type { DigestTemplate } from '../pipeline/digest/template.ts'
import { loadTemplate } from '../pipeline/render/index.ts'
import { messageLines } from '../pipeline/report.ts'
import { config } from './helpers/digest.ts'
import { entryText, epubcheck, openEpub, readOpfMetadata } from './helpers/epub.ts'
import { pdfObjects, tool } from './helpers/pdf.ts'
import { checkHtml } from './helpers/vnu.ts'

const ARABIC = ['articles/react-ar-canaries.md', 'more/vue-ar-composition-api-faq.md', 'more/tabi-markdown-ar.md']

describe('an issue whose stories are all in Arabic', () => {
  it('is in Arabic and right to left: the PDF contents mirrored, the EPUB spine and the email', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-digest-ar-'))
    mkdirSync(path.join(dir, 'posts'))
    for (const source of ARABIC)
      cpSync(path.resolve('../shared/corpus', source), path.join(dir, 'posts', path.basename(source)))
    const made = await digest({
      targets: ['posts'],
      title: 'النشرة الأسبوعية ١',
      slug: 'weekly-ar-1',
      date: '2026-12-04',
      cwd: dir,
      config: config(dir),
    })
    expect(made.written.map((file) => file.kind)).toEqual(['pdf', 'cover', 'epub', 'email', 'text'])
    const folder = path.join(dir, 'output', 'digests', 'weekly-ar-1')

    // The contents: heading at the right margin, page numbers at the left.
    const words = [
      ...(await tool('pdftotext', ['-bbox', '-f', '2', '-l', '2', path.join(folder, 'weekly-ar-1.pdf'), '-'])).matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g,
      ),
    ].map((match) => ({ xMin: Number(match[1]), y: Number(match[2]), xMax: Number(match[3]), text: match[4]! }))
    const heading = words[0]!
    expect(heading.xMax).toBeGreaterThan(515)
    const numbers = words.filter((word) => /^\d+$/.test(word.text) && word.y < 700 && word.xMin < 100)
    expect(numbers.map((word) => Number(word.text))).toEqual(
      [...numbers.map((word) => Number(word.text))].sort((a, b) => a - b),
    )
    expect(numbers).toHaveLength(3)
    const catalog = Object.values(await pdfObjects(path.join(folder, 'weekly-ar-1.pdf'))).find(
      (object) => object.value?.['/Type'] === '/Catalog',
    )
    expect(catalog?.value?.['/Lang']).toBe('u:ar')

    const zip = await openEpub(readFileSync(path.join(folder, 'weekly-ar-1.epub')))
    const opf = await entryText(zip, 'OEBPS/content.opf')
    expect(readOpfMetadata(opf)).toMatchObject({ language: ['ar'], packageDir: 'rtl', title: ['النشرة الأسبوعية ١'] })
    expect(opf).toContain('page-progression-direction="rtl"')
    const [check] = await epubcheck([path.join(folder, 'weekly-ar-1.epub')])
    expect(check!.problems).toEqual([])

    const email = readFileSync(path.join(folder, 'email.html'), 'utf8')
    expect(email).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/)
    expect(email).toMatch(/<h2 class="section-title"[^>]*>في هذا العدد<\/h2>/)
    expect((await checkHtml([path.join(folder, 'email.html')])).filter((message) => message.type !== 'info')).toEqual(
      [],
    )
  }, 120_000)
})

describe('the limits a digest is checked against', () => {
  it('warns of a PDF above 10 MB and an email above 102 KB, and a failing output costs only itself', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-digest-limits-'))
    const { config: site } = config(dir)
    const metadata = issueMetadata({ title: 'Big', slug: 'big', date: '2026-12-04', stories: [], config: site })
    const template = await loadTemplate<DigestTemplate>('digest', site)
    const file = new VFile({ path: 'digests/big' })
    const issue = { metadata, words: template.words('en', labelsFor('en')), stories: [], file }
    const sized = (format: DigestOutput['format'], kind: 'pdf' | 'email', bytes: number): DigestOutput => ({
      format,
      skip: () => undefined,
      render: async () => [{ kind, fileName: `${kind}.out`, bytes: new Uint8Array(bytes) }],
    })
    const failing: DigestOutput = {
      format: 'epub',
      skip: () => undefined,
      render: async () => {
        throw new Error('the EPUB writer broke')
      },
    }
    const written = await writeDigest(issue, {
      config: site,
      template,
      outDir: path.join(dir, 'output'),
      formats: ['pdf', 'epub', 'email'],
      outputs: [sized('pdf', 'pdf', 10_000_001), failing, sized('email', 'email', 102_001)],
    })
    expect(written.map((each) => [each.path, each.bytes])).toEqual([
      ['digests/big/pdf.out', 10_000_001],
      ['digests/big/email.out', 102_001],
    ])
    expect(messageLines(file)).toEqual([
      expect.stringMatching(/the digest's epub: the EPUB writer broke \(digest-render-failed\)$/),
      expect.stringMatching(/at most 10\.0 MB\), found 10\.0 MB \(10,000,001 bytes\).*\(digest-pdf-too-large\)$/),
      expect.stringMatching(
        /at most 102\.0 KB of HTML, found 102\.0 KB \(102,001 bytes\).*\(digest-email-too-large\)$/,
      ),
    ])
    // Just under the limits, nothing is said.
    const quiet = new VFile({ path: 'digests/small' })
    await writeDigest(
      { ...issue, file: quiet },
      {
        config: site,
        template,
        outDir: path.join(dir, 'output'),
        formats: ['pdf', 'email'],
        outputs: [sized('pdf', 'pdf', 10_000_000), sized('email', 'email', 102_000)],
      },
    )
    expect(messageLines(quiet)).toEqual([])
  })
})
