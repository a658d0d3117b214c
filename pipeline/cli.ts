/**
 * `galley` on the command line: argument parsing, the report, and exit codes only
 * (0 every article built, 1 an article failed, 2 a usage error).
 */
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { checkSiteUrl, findConfigFile, loadConfig } from './config.ts'
import { build, UsageError, type BuildOptions, type BuildResult } from './index.ts'
import { defaultConcurrency } from './build/pool.ts'
import { findSources } from './build/find-sources.ts'
import { parseShard, type Shard, shardFromEnvironment } from './build/shard.ts'
import { createProgress } from './progress.ts'
import type { PreviewServer } from './preview/server.ts'
import { watchBuild } from './watch.ts'
import { availableFormats } from './render/index.ts'
import { exitCodeFor, formatReport } from './report.ts'
import type { Format } from './types.ts'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

const HELP = `Usage: galley build [files|folders|globs…] [options]
       galley preview [files|folders|globs…] [--port N] [options]
       galley merge SHARD_FOLDER… [--out output]
       galley digest [files|folders|globs…] --title "Weekly #12" [--date YYYY-MM-DD] [--intro FILE]
                     [--since YYYY-MM-DD] [--tag TAG] [--slug SLUG] [--format pdf,epub,email] [options]
       galley lint [files|folders|globs…] [--strict]
       galley import FILE… [--out input] [--title "…"] [--slug SLUG] [--force]

build   Builds each Markdown article into output/<slug>/: index.html, og.png, <slug>.pdf,
        <slug>.epub, and updates the site around them: output/index.html, manifest.json and,
        with a site URL, the feeds (feed.xml, rss.xml, feed.json) and sitemap.xml. Articles
        built before are kept; those whose source is gone are removed. Lints as it goes.
preview Builds, then serves the output on 127.0.0.1 with a page per article showing its page,
        card, PDF and EPUB side by side; rebuilds on save and reloads the open page.
merge   Combines the folders of a sharded build (--shard) into one site, as one build would
        write it; refuses shards of different builds and names missing ones.
digest  Makes one newsletter issue of several articles (named, or chosen from the site in --out
        with --since and --tag) in output/digests/<slug>/: <slug>.pdf (cover, contents, each
        story from a new page), <slug>.epub (a chapter per story), email.html and email.txt
        (each story's card, title, excerpt and link; needs a site URL), cover.png; lists it in
        manifest.json. See docs/digest.md.
lint    Checks the sources for editorial problems (placeholder text, split paragraphs, straight
        quotes, doubled spaces, empty links, missing description, long titles, duplicate slugs,
        two articles telling the same story) without building.
import  Turns raw articles (plain text, Markdown-ish text, saved HTML pages) into canonical sources
        in input/<slug>.md, reporting what it removed, joined and read. Never overwrites without
        --force; never invents a headline (give one with --title).

Options:
  --out DIR          output folder (default: output)
  --site-url URL     where the output is published (absolute http(s)); overrides the config
  --port N           the preview's port (default: any free one, printed)
  --shard i/n        build only shard i of n (1 ≤ i ≤ n), into its own --out, for galley merge
  --shard-count n    the same with i taken from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)
  --format LIST      comma-separated formats to build (default: all: ${availableFormats().join(',')});
                     for digest: pdf,epub,email (default: all; the email needs a site URL)
  --concurrency N    articles processed at once, one worker thread each (default: one per core, at
                     most one for every 150 articles to build; a batch too small for two workers
                     is built in the main thread)
  --force            rebuild every article, ignoring the cache (build); overwrite (import)
  --watch            after building, rebuild whatever a saved source, template or config changes
  --config FILE      config file (default: galley.config.{ts,js,json} if present)
  --strict           lint findings are errors (build, lint)
  --title TEXT       the headline, for a source that has none (import); the issue's title (digest)
  --slug SLUG        the file name / slug to write (import, digest)
  --date DAY         the issue's date, YYYY-MM-DD (digest; default: today, or SOURCE_DATE_EPOCH's)
  --intro FILE       Markdown that opens the issue (digest)
  --since DAY        only articles published on or after DAY (digest)
  --tag TAG          only articles with this tag (digest)
  --quiet            report only errors
  -h, --help         show this help
  -v, --version      show the version

Exit codes: 0 all built, 1 an article failed (the others are still written), 2 usage error.`

/** What the `galley` executable offers besides the arguments. */
export interface CommandHost {
  /** Run this same command again in a child Node started with these flags; its exit code. */
  restartWith?(nodeFlags: string[]): Promise<number>
}

/** Run the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[], host: CommandHost = {}): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'site-url': { type: 'string' },
        shard: { type: 'string' },
        port: { type: 'string' },
        'shard-count': { type: 'string' },
        format: { type: 'string' },
        concurrency: { type: 'string' },
        watch: { type: 'boolean', default: false },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        title: { type: 'string' },
        slug: { type: 'string' },
        date: { type: 'string' },
        intro: { type: 'string' },
        since: { type: 'string' },
        tag: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    })
  } catch (error) {
    return usage((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (values.version) {
    process.stdout.write(`${version}\n`)
    return 0
  }
  const [command, ...targets] = positionals
  if (command === 'import') return runImport(targets, values)
  if (command === 'lint') return runLint(targets, values)
  if (command === 'merge') return runMerge(targets, values)
  if (command === 'digest') return runDigest(targets, values)
  if (command !== 'build' && command !== 'preview')
    return usage(command ? `Unknown command \`${command}\`` : 'Missing command')
  const previewing = command === 'preview'
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`--port must be a whole number from 0 to 65535, not \`${values.port}\``)

  let formats: Format[] | undefined
  if (values.format !== undefined) {
    formats = values.format
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean) as Format[]
    const unknown = formats.filter((name) => !availableFormats().includes(name))
    if (unknown.length > 0 || formats.length === 0)
      return usage(
        `Unknown format ${unknown.map((name) => `\`${name}\``).join(', ') || '(none given)'}; available: ${availableFormats().join(', ')}`,
      )
  }
  let shard: Shard | undefined
  try {
    if (values.shard !== undefined) shard = parseShard(values.shard)
    else if (values['shard-count'] !== undefined) shard = shardFromEnvironment(values['shard-count'])
  } catch (error) {
    return usage((error as Error).message)
  }
  const siteUrl = values['site-url']
  if (siteUrl !== undefined && checkSiteUrl(siteUrl) === undefined)
    return usage(`--site-url must be an absolute http(s) URL, not \`${siteUrl}\``)
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency)
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1))
    return usage(`--concurrency must be a whole number of at least 1, not \`${values.concurrency}\``)

  const watching = values.watch || previewing
  if (host.restartWith && (await buildsEverythingOnEveryCore({ ...values, watch: watching }, targets, concurrency))) {
    if (process.env.GALLEY_DEBUG)
      process.stderr.write(
        'galley: a build from nothing on every core: running it in a Node with --single-threaded-gc\n',
      )
    return host.restartWith(['--single-threaded-gc'])
  }

  const stop = new AbortController()
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(130)
    stop.abort()
    process.stderr.write('\ngalley: stopping after the articles in progress (Ctrl-C again to quit now)\n')
  }
  process.on('SIGINT', onInterrupt)
  process.on('SIGTERM', onInterrupt)
  // Started by `galley build` for its garbage collection (see above): if that process is gone, stop.
  // The channel must not keep this process alive once the build is done.
  process.once('disconnect', onInterrupt)
  process.channel?.unref()
  const progress = createProgress({ quiet: values.quiet, stream: process.stderr })
  const options: BuildOptions = {
    signal: stop.signal,
    targets: targets.length > 0 ? targets : ['input'],
    outDir: values.out ?? 'output',
    ...(siteUrl !== undefined ? { siteUrl } : {}),
    ...(shard ? { shard } : {}),
    strict: values.strict,
    force: values.force,
    ...(formats ? { formats } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(values.config ? { configFile: values.config } : {}),
    onArticle: (result, index, total) => progress.article(result, index, total),
  }
  // The preview's port is taken first: one in use is a usage error before anything is built.
  let server: PreviewServer | undefined
  try {
    if (previewing)
      server = await (await import('./preview/server.ts')).startPreviewServer({
        outDir: path.resolve(options.outDir ?? 'output'),
        port,
      })
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
  try {
    const result = await build(options)
    progress.stop()
    report(result, values.quiet)
    if (result.aborted) {
      process.stderr.write(
        `galley: stopped; ${result.articles.length} article(s) were written whole, the rest left as they were\n`,
      )
      return 130
    }
    if (server) process.stderr.write(`galley: preview at ${server.url} (Ctrl-C to stop)\n`)
    if (watching) {
      const config = values.config ?? findConfigFile(process.cwd())
      await watchBuild(
        { ...options, onArticle: undefined, force: false },
        {
          extra: config ? [config] : [],
          signal: stop.signal,
          onReady: () =>
            process.stderr.write('galley: watching sources, templates and config for changes (Ctrl-C to stop)\n'),
          onError: (error, changed) =>
            process.stderr.write(`galley: ${changed.join(', ')} changed → nothing rebuilt: ${error.message}\n`),
          onRebuild(rebuilt, milliseconds, changed, deleted) {
            const what = rebuilt.articles
              .filter((article) => article.rebuilt.length > 0)
              .map((article) => `${article.slug ?? article.sourcePath} (${article.rebuilt.join(',')})`)
            process.stderr.write(
              `galley: ${changed.join(', ')} ${deleted ? 'deleted' : 'changed'} → rebuilt ${what.join('; ') || 'nothing'} in ${milliseconds.toFixed(0)} ms\n`,
            )
            const messages = formatReport(
              rebuilt.files.filter((file) => file.messages.some((message) => message.fatal)),
              { color: process.stderr.isTTY },
            )
            if (messages) process.stderr.write(`${messages}\n`)
            // Open previews reload: those of the articles rebuilt, or all when a template or config changed.
            const touched = rebuilt.articles.filter((article) => article.rebuilt.length > 0)
            const wholeSite = touched.length === rebuilt.articles.length && touched.length > 1
            server?.notify(wholeSite ? [] : touched.flatMap((article) => (article.slug ? [article.slug] : [])))
          },
        },
      )
      return 0
    }
    return Math.max(result.exitCode, exitCodeFor([result.buildFile]))
  } catch (error) {
    progress.stop()
    if (error instanceof UsageError) return usage((error as Error).message)
    throw error
  } finally {
    process.off('SIGINT', onInterrupt)
    process.off('SIGTERM', onInterrupt)
    await server?.close()
  }
}

function report(result: BuildResult, quiet: boolean, merged?: number): void {
  const text = formatReport(result.files, { quiet, color: process.stderr.isTTY })
  if (text) process.stderr.write(`${text}\n`)
  const built = result.articles.filter((article) => article.errors.length === 0 && !article.skipped).length
  const rebuilt = result.articles.filter((article) => article.rebuilt.length > 0).length
  const drafts = result.articles.filter((article) => article.skipped === 'draft').length
  if (quiet) return
  const total = result.articles.length
  const skipped = drafts ? `, ${drafts} draft(s) skipped` : ''
  process.stderr.write(
    merged === undefined
      ? `galley: ${built} of ${total} article(s) in place (${rebuilt} rebuilt, ${total - rebuilt - drafts} unchanged)${skipped}\n`
      : `galley: ${built} of ${total} article(s) in place, merged from ${merged} shards${skipped}\n`,
  )
}

/**
 * Whether this build keeps every core busy with workers from nothing (no cache or `--force`, not
 * watching, enough articles to pay for a second Node): V8's GC helper threads then only take turns
 * with the workers, so the build restarts with `--single-threaded-gc` (see docs/performance.md).
 */
async function buildsEverythingOnEveryCore(
  values: { out?: string; force: boolean; watch: boolean },
  targets: string[],
  concurrency: number | undefined,
): Promise<boolean> {
  const optedOut = process.env.GALLEY_PARALLEL_GC !== undefined && process.env.GALLEY_PARALLEL_GC !== '0'
  if (optedOut || values.watch || process.platform === 'win32' || process.execArgv.length > 0) return false
  const cores = availableParallelism()
  if (cores < 2 || (concurrency !== undefined && concurrency < cores)) return false
  if (!values.force && existsSync(path.resolve(values.out ?? 'output', '.galley-cache'))) return false
  const { files } = await findSources(targets.length > 0 ? targets : ['input'], process.cwd())
  // Every core busy: by the default, a batch that large; asked for, a batch worth starting Node again.
  return concurrency === undefined ? defaultConcurrency(files.length, cores) === cores : files.length >= 4 * cores
}

async function runImport(
  files: string[],
  values: { out?: string; title?: string; slug?: string; force: boolean; quiet: boolean },
): Promise<number> {
  if (files.length === 0) return usage('`galley import` needs at least one file')
  if ((values.title || values.slug) && files.length > 1)
    return usage('--title and --slug apply to one file; import the others separately')
  const results = []
  for (const file of files)
    results.push(
      await (await import('./import/import-article.ts')).importArticle(file, {
        outDir: values.out ?? 'input',
        ...(values.title ? { title: values.title } : {}),
        ...(values.slug ? { slug: values.slug } : {}),
        force: values.force,
      }),
    )
  const report = formatReport(
    results.map((result) => result.file),
    { quiet: values.quiet, color: process.stderr.isTTY },
  )
  if (report) process.stderr.write(`${report}\n`)
  for (const result of results) if (result.written) process.stdout.write(`${result.file.path} → ${result.written}\n`)
  return exitCodeFor(results.map((result) => result.file))
}

async function runMerge(folders: string[], values: { out?: string; quiet: boolean }): Promise<number> {
  try {
    const { merge } = await import('./merge.ts')
    const result = await merge({ shards: folders, outDir: values.out ?? 'output' })
    report(result, values.quiet, folders.length)
    return Math.max(result.exitCode, exitCodeFor([result.buildFile]))
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
}

async function runDigest(
  targets: string[],
  values: {
    out?: string
    title?: string
    date?: string
    intro?: string
    since?: string
    tag?: string
    slug?: string
    format?: string
    config?: string
    'site-url'?: string
    quiet: boolean
  },
): Promise<number> {
  try {
    const [{ digest }, { digestSummary, parseDigestFormats }] = await Promise.all([
      import('./digest/index.ts'),
      import('./digest/summary.ts'),
    ])
    const formats = values.format === undefined ? undefined : parseDigestFormats(values.format)
    if (typeof formats === 'string') return usage(formats)
    const result = await digest({
      targets,
      title: values.title ?? '',
      ...(values.date !== undefined ? { date: values.date } : {}),
      ...(values.intro !== undefined ? { intro: values.intro } : {}),
      ...(values.since !== undefined ? { since: values.since } : {}),
      ...(values.tag !== undefined ? { tag: values.tag } : {}),
      ...(values.slug !== undefined ? { slug: values.slug } : {}),
      ...(formats ? { formats } : {}),
      outDir: values.out ?? 'output',
      ...(values.config ? { configFile: values.config } : {}),
      ...(values['site-url'] !== undefined ? { siteUrl: values['site-url'] } : {}),
    })
    const text = formatReport(result.files, { quiet: values.quiet, color: process.stderr.isTTY })
    if (text) process.stderr.write(`${text}\n`)
    process.stderr.write(digestSummary(result))
    return result.exitCode
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
}

async function runLint(
  targets: string[],
  values: { strict: boolean; quiet: boolean; config?: string },
): Promise<number> {
  try {
    const config = await loadConfig(values.config ? { file: values.config } : {})
    const result = await (await import('./lint/lint-sources.ts')).lintSources({
      targets: targets.length > 0 ? targets : ['input'],
      config,
      strict: values.strict,
    })
    if (result.unmatched.length > 0 && result.files.length === 0)
      return usage(`No Markdown sources found in ${result.unmatched.join(', ')}`)
    const report = formatReport(result.files, { quiet: values.quiet, color: process.stderr.isTTY })
    process.stderr.write(report ? `${report}\n` : `galley: ${result.files.length} source(s), no problems found\n`)
    return result.exitCode
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
}

function usage(reason: string): number {
  process.stderr.write(`galley: ${reason}\n\n${HELP}\n`)
  return 2
}
