/**
 * `galley digest`: several articles as one newsletter issue, written to `output/digests/<slug>/`:
 * a PDF, an EPUB, an email (HTML and plain text) and the issue's card (the EPUB's cover). Steps, in
 * order: choose the stories, parse each as a build does, make the issue's metadata, render each
 * output (one failing costs only itself), check sizes, write, and list the digest in the site. A
 * story that cannot be used is an error naming it; the digest is still made of the others.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { labelsFor } from '../../templates/shared/labels.ts'
import { startWriting } from '../build/write-atomic.ts'
import { checkSiteUrl, loadConfig, type LoadedConfig } from '../config.ts'
import { UsageError } from '../errors.ts'
import { parseEpoch } from '../source-date-epoch.ts'
import { loadTemplate } from '../render/index.ts'
import { addError, messageLines } from '../report.ts'
import type { SiteConfig } from '../types.ts'
import { cardSizeOf } from '../metadata/card-size.ts'
import { issueMetadata, issueSlug, parseIntro } from './issue.ts'
import { DIGEST_FORMATS, DIGEST_OUTPUTS, type DigestFormat, type WrittenFile, writeDigest } from './outputs.ts'
import type { DigestEntry } from '../site/digest-entries.ts'
import { parseStories } from './parse-stories.ts'
import type { DigestTemplate } from './template.ts'
import type { DigestIssue } from './types.ts'

export { DIGEST_FORMATS, type DigestFormat } from './outputs.ts'

export interface DigestOptions {
  /** Files, folders and globs, in issue order. Default: none, the site's articles in `outDir` (with `since` or `tag`). */
  targets: string[]
  /** The issue's title, e.g. `Weekly #12`. */
  title: string
  /** The issue's date, `YYYY-MM-DD`. Default: the day of `SOURCE_DATE_EPOCH`, else today (UTC). */
  date?: string
  /** The folder name under `digests/`. Default: from the title (`weekly-12`). */
  slug?: string
  /** A Markdown file to open the issue with. Default: none. */
  intro?: string
  /** Only articles published on or after this day. */
  since?: string
  /** Only articles with this tag. */
  tag?: string
  /** Which outputs to make. Default: all (the email only with a site URL). */
  formats?: DigestFormat[]
  /** Output folder. Default `output`. */
  outDir?: string
  cwd?: string
  configFile?: string
  config?: LoadedConfig
  /** Absolute http(s) URL the site is published at; overrides the config's `siteUrl`. */
  siteUrl?: string
}

export interface DigestResult {
  slug: string
  /** The digest's folder, relative to the working folder. */
  folder: string
  /** The files written, relative to the output folder, with their sizes. */
  written: WrittenFile[]
  /** Files whose messages should be reported: the digest's first, then the stories'. */
  files: VFile[]
  exitCode: 0 | 1
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Make the digest. Throws a UsageError for a problem with how it was asked for. */
export async function digest(options: DigestOptions): Promise<DigestResult> {
  const cwd = options.cwd ?? process.cwd()
  const outDir = path.resolve(cwd, options.outDir ?? 'output')
  const title = options.title?.trim()
  if (!title) throw new UsageError('`galley digest` needs the issue’s title: --title "Weekly #12"')
  const date = options.date ?? defaultDate()
  for (const [flag, value] of [
    ['--date', date],
    ['--since', options.since],
  ] as const)
    if (value !== undefined && !(DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))))
      throw new UsageError(`${flag} must be a day written YYYY-MM-DD, not \`${value}\``)
  const slug = options.slug ?? issueSlug(title)
  if (!slug || !/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(slug))
    throw new UsageError(
      options.slug
        ? `--slug must be letters, digits, dots, dashes or underscores, not \`${options.slug}\``
        : `The title \`${title}\` gives no folder name: add --slug`,
    )
  if (options.targets.length === 0 && !options.since && !options.tag)
    throw new UsageError(
      'Name the stories (files, folders or globs), or choose them from the site with --since or --tag',
    )
  const loaded =
    options.config ?? (await loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) }))
  const config = withSiteUrl(loaded.config, options.siteUrl)
  const formats = options.formats ?? [...DIGEST_FORMATS]
  if (options.formats?.includes('email') && !config.siteUrl)
    throw new UsageError(
      'The digest email needs the site URL for its links and card images: set `siteUrl` in the config or pass --site-url',
    )
  const file = new VFile({ path: path.relative(cwd, path.join(outDir, 'digests', slug)) || slug, cwd })

  // 1. The stories: chosen, then parsed as a build parses them.
  const { stories, storyFiles } = await parseStories(options, { cwd, outDir, config, file })
  const result: DigestResult = {
    slug,
    folder: path.relative(cwd, path.join(outDir, 'digests', slug)),
    written: [],
    files: [file, ...storyFiles.filter((story) => story.messages.length > 0)],
    exitCode: 1,
  }
  if (stories.length === 0) {
    addError(file, 'Expected at least one story for the digest, found none that could be used; nothing was written', {
      ruleId: 'digest-no-stories',
      source: 'galley:digest',
    })
    return result
  }

  // 2. The issue.
  const metadata = issueMetadata({
    title,
    slug,
    date,
    stories: stories.map((story) => story.article.metadata),
    config,
    cardSize: await cardSizeOf(config),
  })
  const template = await loadTemplate<DigestTemplate>('digest', config)
  const issue: DigestIssue = {
    metadata,
    words: template.words(metadata.lang, labelsFor(metadata.lang)),
    stories,
    file,
  }
  if (options.intro !== undefined) {
    let bytes: Uint8Array
    try {
      bytes = await readFile(path.resolve(cwd, options.intro))
    } catch (error) {
      throw new UsageError(
        `--intro: cannot read \`${options.intro}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      )
    }
    const intro = await parseIntro(options.intro, bytes, metadata.lang, config, cwd)
    if (intro) issue.intro = intro
    if (intro) result.files.splice(1, 0, intro.file)
  }

  // 3. Render, write and list it.
  const finishWriting = await startWriting(outDir)
  try {
    result.written = await writeDigest(issue, { config, outDir, formats, outputs: DIGEST_OUTPUTS, template })
    if (result.written.length > 0)
      await (await import('./record-digest.ts')).recordDigest(outDir, entryOf(issue, result))
  } finally {
    await finishWriting()
  }
  result.exitCode = result.files.some((each) => each.messages.some((message) => message.fatal)) ? 1 : 0
  return result
}

/** The manifest's entry for the digest written. */
function entryOf(issue: DigestIssue, result: DigestResult): DigestEntry {
  return {
    slug: result.slug,
    title: issue.metadata.title,
    date: issue.metadata.published!.iso,
    lang: issue.metadata.lang,
    stories: issue.stories.map(({ article }) => ({
      slug: article.metadata.slug,
      source: path.relative(issue.file.cwd, path.resolve(issue.file.cwd, article.sourcePath)).split(path.sep).join('/'),
      title: article.metadata.title,
    })),
    artifacts: Object.fromEntries(
      result.written.map((written) => [
        written.kind,
        { path: written.path, bytes: written.bytes, sha256: written.sha256 },
      ]),
    ),
    warnings: messageLines(issue.file, false),
    errors: messageLines(issue.file, true),
  }
}

/** `config` with the command line's site URL, which overrides the config's. */
function withSiteUrl(config: SiteConfig, siteUrl: string | undefined): SiteConfig {
  if (siteUrl === undefined) return config
  const checked = checkSiteUrl(siteUrl)
  if (!checked) throw new UsageError(`--site-url must be an absolute http(s) URL, not \`${siteUrl}\``)
  return { ...config, siteUrl: checked }
}

/** The day of `SOURCE_DATE_EPOCH` when set, else today (UTC): a digest is dated the day it is made. */
function defaultDate(): string {
  const epoch = parseEpoch()
  return (epoch === undefined ? new Date() : new Date(epoch * 1000)).toISOString().slice(0, 10)
}
