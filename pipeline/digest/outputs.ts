/**
 * The digest's outputs, a registry shaped like the renderers': each makes its files from the issue
 * (the PDF; the EPUB with the issue's card as its cover; the email and its plain text), and the
 * writer puts them in `output/digests/<slug>/`, checks their sizes and names what it skipped.
 */
import { existsSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { sha256 } from '../build/cache.ts'
import { writeAtomic } from '../build/write-atomic.ts'
import { loadTemplate } from '../render/index.ts'
import type { EpubTemplate } from '../render/epub/template.ts'
import type { OgTemplate } from '../render/og/template.ts'
import type { PdfTemplate } from '../render/pdf/template.ts'
import { addError } from '../report.ts'
import { DIGESTS_FOLDER, type DigestFileKind } from '../site/digest-entries.ts'
import type { SiteConfig } from '../types.ts'
import type { DigestTemplate } from './template.ts'
import type { DigestIssue } from './types.ts'

/** What `--format` chooses among. */
export const DIGEST_FORMATS = ['pdf', 'epub', 'email'] as const
export type DigestFormat = (typeof DIGEST_FORMATS)[number]

/** Sizes above which a digest is hard to send: a 10 MB attachment, Gmail's 102 KB clipping of an email's HTML. */
export const SIZE_LIMITS = { pdf: 10 * 1000 * 1000, email: 102 * 1000 } as const

/** A file made for the digest. */
export interface DigestFile {
  kind: DigestFileKind
  fileName: string
  bytes: Uint8Array
}

/** What every output receives besides the issue. */
export interface DigestContext {
  config: SiteConfig
  template: DigestTemplate
}

export interface DigestOutput {
  format: DigestFormat
  /** Why this output is not made for this issue (an old file is then removed), or undefined. */
  skip(issue: DigestIssue): string | undefined
  /** `made`: the files the outputs before this one made (the email links the PDF and EPUB). */
  render(issue: DigestIssue, ctx: DigestContext, made: readonly DigestFile[]): Promise<DigestFile[]>
}

/** The outputs, in the order they are made. */
export const DIGEST_OUTPUTS: readonly DigestOutput[] = [
  {
    format: 'pdf',
    skip: () => undefined,
    async render(issue, { config, template }) {
      const { renderDigestPdf } = await import('./render-pdf.ts')
      const pdf = await loadTemplate<PdfTemplate>('pdf', config)
      return [
        { kind: 'pdf', fileName: `${issue.metadata.slug}.pdf`, bytes: await renderDigestPdf(issue, pdf, template) },
      ]
    },
  },
  {
    format: 'epub',
    skip: () => undefined,
    async render(issue, { config, template }) {
      const [{ renderOg }, { renderDigestEpub }] = await Promise.all([
        import('../render/og.ts'),
        import('./render-epub.ts'),
      ])
      // The issue's card, drawn by the card renderer from the issue's metadata: the book's cover.
      const cover = await renderOg({
        metadata: issue.metadata,
        template: await loadTemplate<OgTemplate>('og', config),
        assets: new Map(),
        file: issue.file,
      })
      const epub = await loadTemplate<EpubTemplate>('epub', config)
      return [
        { kind: 'cover', fileName: 'cover.png', bytes: cover },
        {
          kind: 'epub',
          fileName: `${issue.metadata.slug}.epub`,
          bytes: await renderDigestEpub(issue, epub, template, cover),
        },
      ]
    },
  },
  {
    format: 'email',
    skip: (issue) => (issue.metadata.siteUrl ? undefined : 'no site URL'),
    async render(issue, { template }, made) {
      const { renderDigestEmail } = await import('./render-email.ts')
      const downloads = made
        .filter((file) => file.kind === 'pdf' || file.kind === 'epub')
        .map((file) => ({ kind: file.kind as 'pdf' | 'epub', fileName: file.fileName, bytes: file.bytes.byteLength }))
      const email = renderDigestEmail(issue, template, downloads)
      return [
        { kind: 'email', fileName: 'email.html', bytes: email.html },
        { kind: 'text', fileName: 'email.txt', bytes: email.text },
      ]
    },
  },
]

/** A file written, relative to the output folder. */
export interface WrittenFile {
  kind: DigestFileKind
  path: string
  bytes: number
  sha256: string
}

/**
 * Make the outputs of `formats`, write them into the digest's folder (removing what an earlier
 * digest of the same slug left there and this one did not make) and check their sizes.
 */
export async function writeDigest(
  issue: DigestIssue,
  options: DigestContext & { outDir: string; formats: readonly DigestFormat[]; outputs: readonly DigestOutput[] },
): Promise<WrittenFile[]> {
  const { file } = issue
  const folder = path.join(options.outDir, DIGESTS_FOLDER, issue.metadata.slug)
  const made: DigestFile[] = []
  for (const output of options.outputs) {
    if (!options.formats.includes(output.format)) continue
    const skipped = output.skip(issue)
    if (skipped) {
      file.message(
        `No email: it needs absolute links and card URLs, and there is ${skipped} (\`siteUrl\` in the config, or --site-url); the PDF and EPUB are made`,
        { ruleId: 'digest-no-site-url', source: 'galley:digest' },
      )
      continue
    }
    try {
      made.push(...(await output.render(issue, options, [...made])))
    } catch (error) {
      addError(file, `Could not make the digest's ${output.format}: ${(error as Error).message}`, {
        ruleId: 'digest-render-failed',
        source: 'galley:digest',
      })
    }
  }
  checkSizes(issue, made)
  if (made.some((each) => each.kind === 'email')) checkStoriesOnSite(issue, options.outDir)
  await Promise.all(made.map((each) => writeAtomic(path.join(folder, each.fileName), each.bytes)))
  const names = new Set(made.map((each) => each.fileName))
  const left = await readdir(folder).catch(() => [] as string[])
  await Promise.all(
    left
      .filter((name) => !names.has(name) && !name.startsWith('.'))
      .map((name) => rm(path.join(folder, name), { force: true, recursive: true })),
  )
  return made.map((each) => ({
    kind: each.kind,
    path: path.relative(options.outDir, path.join(folder, each.fileName)).split(path.sep).join('/'),
    bytes: each.bytes.byteLength,
    sha256: sha256(each.bytes),
  }))
}

/** `1.2 MB`, `34.5 KB`, `812 B` (powers of 1,000, as mail size limits are given). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`
  return `${bytes} B`
}

function checkSizes(issue: DigestIssue, made: readonly DigestFile[]): void {
  const size = (bytes: number) => `${formatBytes(bytes)} (${bytes.toLocaleString('en')} bytes)`
  for (const each of made) {
    if (each.kind === 'pdf' && each.bytes.byteLength > SIZE_LIMITS.pdf)
      issue.file.message(
        `Expected a PDF small enough to attach (at most ${formatBytes(SIZE_LIMITS.pdf)}), found ${size(each.bytes.byteLength)}; many mail servers refuse attachments above 10 MB`,
        { ruleId: 'digest-pdf-too-large', source: 'galley:digest' },
      )
    if (each.kind === 'email' && each.bytes.byteLength > SIZE_LIMITS.email)
      issue.file.message(
        `Expected an email of at most ${formatBytes(SIZE_LIMITS.email)} of HTML, found ${size(each.bytes.byteLength)}; Gmail clips a longer message behind “View entire message”`,
        { ruleId: 'digest-email-too-large', source: 'galley:digest' },
      )
  }
}

/** The email links each story's page and card on the site: warn when the site in the output folder lacks them. */
function checkStoriesOnSite(issue: DigestIssue, outDir: string): void {
  for (const { article } of issue.stories) {
    const { slug } = article.metadata
    const missing = ['index.html', 'og.png'].filter((name) => !existsSync(path.join(outDir, slug, name)))
    if (missing.length)
      issue.file.message(
        `Expected \`${article.sourcePath}\` built in the site the email links to, found no \`${missing.join('` or `')}\` in \`${path.basename(outDir)}/${slug}/\`; build it before sending, or its link and card go nowhere`,
        { ruleId: 'digest-story-not-on-site', source: 'galley:digest' },
      )
  }
}
