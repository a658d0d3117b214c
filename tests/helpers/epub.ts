/**
 * EPUB test helpers: epubcheck (Debian's 4.2.6 jar) over many files in one JVM, and readers for the
 * parts of an EPUB the tests look at (zip entries, OPF metadata, navigation).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'

const run = promisify(execFile)

/** Debian's jar; `/usr/bin/epubcheck` is a bare jar this machine cannot execute. */
export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar'

/**
 * A Java single-file program that checks every file it is given with one JVM (a JVM start costs
 * ≈ 10 s; a check ≈ 1 s). Everything epubcheck prints goes to stdout, each file between markers.
 */
const BATCH_SOURCE = `
import com.adobe.epubcheck.tool.EpubChecker;
public class EpubcheckBatch {
  public static void main(String[] args) {
    System.setErr(System.out);
    for (String file : args) {
      System.out.println("@@@ begin " + file);
      int code = new EpubChecker().run(new String[] { file });
      System.out.println("@@@ end " + code);
    }
  }
}
`

/** epubcheck's verdict on one file. */
export interface EpubcheckResult {
  file: string
  exitCode: number
  /** `FATAL(…)`, `ERROR(…)` and `WARNING(…)` lines, as printed. */
  problems: string[]
  /** Everything epubcheck printed for the file. */
  output: string
}

/** Run epubcheck over `files` in one JVM. */
export async function epubcheck(files: string[]): Promise<EpubcheckResult[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'galley-epubcheck-'))
  const source = path.join(folder, 'EpubcheckBatch.java')
  await writeFile(source, BATCH_SOURCE)
  const { stdout } = await run('java', ['-Xss1024k', '-cp', EPUBCHECK_JAR, source, ...files], {
    maxBuffer: 64 * 1024 * 1024,
  })
  const results: EpubcheckResult[] = []
  for (const block of stdout.split(/^@@@ begin /m).slice(1)) {
    const [firstLine = '', ...rest] = block.split('\n')
    const body = rest.join('\n')
    const exit = /^@@@ end (-?\d+)/m.exec(body)
    results.push({
      file: firstLine.trim(),
      exitCode: exit ? Number(exit[1]) : NaN,
      problems: body.split('\n').filter((line) => /^(?:FATAL|ERROR|WARNING)\(/.test(line)),
      output: body,
    })
  }
  if (results.length !== files.length)
    throw new Error(`epubcheck reported on ${results.length} of ${files.length} files:\n${stdout}`)
  return results
}

/** The EPUB's zip, opened. */
export function openEpub(bytes: Uint8Array): Promise<JSZip> {
  return JSZip.loadAsync(bytes)
}

/** Text of one zip entry; throws when it is missing. */
export async function entryText(zip: JSZip, name: string): Promise<string> {
  const entry = zip.file(name)
  if (!entry) throw new Error(`${name} is not in the EPUB; entries: ${Object.keys(zip.files).join(', ')}`)
  return entry.async('string')
}

/** The five XML entities and numeric character references, decoded. */
export function decodeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return text.replace(
    /&(?:#x([\da-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi,
    (_, hex: string, dec: string, name: string) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : named[name]!,
  )
}

/** The package document's metadata, read back element by element. */
export interface OpfMetadata {
  identifier: string[]
  title: string[]
  language: string[]
  creator: string[]
  date: string[]
  publisher: string[]
  description: string[]
  subject: string[]
  source: string[]
  /** `<meta property="…">` values by property, e.g. `dcterms:modified`, `schema:accessMode`. */
  properties: Record<string, string[]>
  /** `<meta name="cover" content>`. */
  coverMeta?: string
  /** The package element's `xml:lang` and `dir`. */
  packageLang?: string
  packageDir?: string
}

/** Read the metadata of an OPF. Our OPF writes one element a line, so patterns suffice. */
export function readOpfMetadata(opf: string): OpfMetadata {
  const all = (element: string) =>
    [...opf.matchAll(new RegExp(`<dc:${element}(?:\\s[^>]*)?>([^<]*)</dc:${element}>`, 'g'))].map((match) =>
      decodeXml(match[1]!),
    )
  const properties: Record<string, string[]> = {}
  for (const match of opf.matchAll(/<meta\s+property="([^"]+)"[^>]*>([^<]*)<\/meta>/g))
    (properties[match[1]!] ??= []).push(decodeXml(match[2]!))
  const packageTag = /<package\s[^>]*>/.exec(opf)?.[0] ?? ''
  return {
    identifier: all('identifier'),
    title: all('title'),
    language: all('language'),
    creator: all('creator'),
    date: all('date'),
    publisher: all('publisher'),
    description: all('description'),
    subject: all('subject'),
    source: all('source'),
    properties,
    coverMeta: /<meta\s+name="cover"\s+content="([^"]+)"/.exec(opf)?.[1],
    packageLang: /xml:lang="([^"]+)"/.exec(packageTag)?.[1],
    packageDir: /\sdir="([^"]+)"/.exec(packageTag)?.[1],
  }
}
