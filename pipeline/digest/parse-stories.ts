/**
 * The issue's stories: chosen (paths and globs, or the site with `--since` and `--tag`), read and
 * parsed as a build parses them. A source that is not there or does not build is an error on the
 * digest naming it; a draft is left out with a warning.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { VFile } from 'vfile'
import { labelsFor } from '../../templates/shared/labels.ts'
import { addError } from '../report.ts'
import { parseArticle } from '../source/parse-article.ts'
import type { Metadata, SiteConfig } from '../types.ts'
import { keepStory, type Selection, selectStories } from './select-stories.ts'
import type { DigestStory } from './types.ts'
import { parseEpoch } from '../source-date-epoch.ts'

/** The stories that can be used, in issue order, and the files of every source read (their errors). */
export async function parseStories(
  selection: Selection,
  context: { cwd: string; outDir: string; config: SiteConfig; file: VFile },
): Promise<{ stories: DigestStory[]; storyFiles: VFile[] }> {
  const { cwd, outDir, config, file } = context
  const filters = {
    ...(selection.since ? { since: selection.since } : {}),
    ...(selection.tag ? { tag: selection.tag } : {}),
  }
  const { candidates, unmatched } = await selectStories({ targets: selection.targets, ...filters }, cwd, outDir)
  for (const target of unmatched)
    addError(file, `Expected an article at \`${target}\`, found no Markdown source there`, {
      ruleId: 'digest-no-article',
      source: 'galley:digest',
    })
  const stories: DigestStory[] = []
  const storyFiles: VFile[] = []
  const epoch = parseEpoch()
  for (const candidate of candidates) {
    let bytes: Uint8Array
    try {
      bytes = await readFile(path.resolve(cwd, candidate.sourcePath))
    } catch (error) {
      addError(
        file,
        `Expected the article \`${candidate.sourcePath}\`, found no file there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { ruleId: 'digest-no-article', source: 'galley:digest' },
      )
      continue
    }
    const parsed = await parseArticle(candidate.sourcePath, bytes, {
      config,
      cwd,
      lint: false,
      ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
    })
    // The source's own warnings are the build's to report (and `galley lint`'s); the digest reports
    // what stops a story, and what its drawing finds.
    parsed.file.messages = parsed.file.messages.filter((message) => message.fatal)
    storyFiles.push(parsed.file)
    if (parsed.skipped) {
      file.message(`Left out \`${candidate.sourcePath}\`: it is a draft, not published on the site`, {
        ruleId: 'digest-draft',
        source: 'galley:digest',
      })
      continue
    }
    const fatal = parsed.file.messages.find((message) => message.fatal)
    if (!parsed.article || fatal) {
      addError(
        file,
        `Expected every story to build, but \`${candidate.sourcePath}\` failed (${fatal ? `${fatal.reason}${fatal.ruleId ? `, ${fatal.ruleId}` : ''}` : 'no article'}); it is left out of the digest`,
        { ruleId: 'digest-article-failed', source: 'galley:digest' },
      )
      continue
    }
    if (!keepStory(parsed.article.metadata, filters)) continue
    stories.push({ article: parsed.article, byline: bylineOf(parsed.article.metadata) })
  }
  return { stories, storyFiles }
}

/**
 * Authors, date and reading time in the story's language, each part a bidi isolate (FSI … PDI) as in
 * its PDF masthead: a Latin name beside an Arabic date keeps its order (the 3 of "3 مايو 2023" no
 * longer joins the name before it).
 */
function bylineOf(m: Metadata): string {
  const words = labelsFor(m.lang)
  return [
    m.authors.length ? words.byline(m.authors) : undefined,
    m.published?.display,
    words.readingTime(m.readingMinutes),
  ]
    .filter(Boolean)
    .map((part) => `\u2068${part}\u2069`)
    .join(' · ')
}
