/**
 * `galley` on the command line: argument parsing, the report, and exit codes only
 * (0 every article built, 1 an article failed, 2 a usage error).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from './config.ts'
import { importArticle } from './import/import-article.ts'
import { build, UsageError } from './index.ts'
import { lintSources } from './lint/lint-sources.ts'
import { availableFormats } from './render/index.ts'
import { exitCodeFor, formatReport } from './report.ts'
import { FORMATS, type Format } from './types.ts'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

const HELP = `Usage: galley build [files|folders|globs…] [options]
       galley lint [files|folders|globs…] [--strict]
       galley import FILE… [--out input] [--title "…"] [--slug SLUG] [--force]

build   Builds each Markdown article into output/<slug>/: index.html, og.png, <slug>.pdf,
        <slug>.epub, plus output/index.html and output/manifest.json. Lints as it goes.
lint    Checks the sources for editorial problems (placeholder text, split paragraphs, straight
        quotes, doubled spaces, empty links, missing description, long titles, duplicate slugs,
        two articles telling the same story) without building.
import  Turns raw articles (plain text, Markdown-ish text, saved HTML pages) into canonical sources
        in input/<slug>.md, reporting what it removed, joined and read. Never overwrites without
        --force; never invents a headline (give one with --title).

Options:
  --out DIR          output folder (default: output)
  --format LIST      comma-separated formats to build (default: all: ${availableFormats().join(',')})
  --concurrency N    articles processed at once (default: 1)
  --config FILE      config file (default: galley.config.{ts,js,json} if present)
  --strict           lint findings are errors (build, lint)
  --title TEXT       the headline, for a source that has none (import)
  --slug SLUG        the file name / slug to write (import)
  --force            overwrite an existing source (import)
  --quiet            report only errors
  -h, --help         show this help
  -v, --version      show the version

Exit codes: 0 all built, 1 an article failed (the others are still written), 2 usage error.`

/** Run the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        format: { type: 'string' },
        concurrency: { type: 'string', default: '1' },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        title: { type: 'string' },
        slug: { type: 'string' },
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
  if (command !== 'build') return usage(command ? `Unknown command \`${command}\`` : 'Missing command')

  let formats: Format[] | undefined
  if (values.format !== undefined) {
    formats = values.format.split(',').map((name) => name.trim()).filter(Boolean) as Format[]
    const unknown = formats.filter((name) => !availableFormats().includes(name))
    if (unknown.length > 0 || formats.length === 0)
      return usage(`Unknown format ${unknown.map((name) => `\`${name}\``).join(', ') || '(none given)'}; available: ${availableFormats().join(', ')}${FORMATS.length > availableFormats().length ? ' (more to come)' : ''}`)
  }
  const concurrency = Number(values.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1) return usage(`--concurrency must be a whole number of at least 1, not \`${values.concurrency}\``)

  const stop = new AbortController()
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(130)
    stop.abort()
    process.stderr.write('\ngalley: stopping after the article in progress (Ctrl-C again to quit now)\n')
  }
  process.on('SIGINT', onInterrupt)
  process.on('SIGTERM', onInterrupt)
  try {
    const result = await build({
      signal: stop.signal,
      targets: targets.length > 0 ? targets : ['input'],
      outDir: values.out ?? 'output',
      strict: values.strict,
      ...(formats ? { formats } : {}),
      concurrency,
      ...(values.config ? { configFile: values.config } : {}),
    })
    const report = formatReport(result.files, { quiet: values.quiet, color: process.stderr.isTTY })
    if (report) process.stderr.write(`${report}\n`)
    const built = result.articles.filter((article) => article.errors.length === 0).length
    if (!values.quiet) process.stderr.write(`galley: built ${built} of ${result.articles.length} article(s) into ${values.out ?? 'output'}/\n`)
    if (result.aborted) {
      process.stderr.write(`galley: stopped; ${result.articles.length} article(s) were written whole, the rest left as they were\n`)
      return 130
    }
    return Math.max(result.exitCode, exitCodeFor([result.buildFile]))
  } catch (error) {
    if (error instanceof UsageError || /invalid config|cannot read the config/.test((error as Error).message)) return usage((error as Error).message)
    throw error
  } finally {
    process.off('SIGINT', onInterrupt)
    process.off('SIGTERM', onInterrupt)
  }
}

async function runImport(files: string[], values: { out?: string; title?: string; slug?: string; force: boolean; quiet: boolean }): Promise<number> {
  if (files.length === 0) return usage('`galley import` needs at least one file')
  if ((values.title || values.slug) && files.length > 1) return usage('--title and --slug apply to one file; import the others separately')
  const results = []
  for (const file of files)
    results.push(await importArticle(file, {
      outDir: values.out ?? 'input',
      ...(values.title ? { title: values.title } : {}),
      ...(values.slug ? { slug: values.slug } : {}),
      force: values.force,
    }))
  const report = formatReport(results.map((result) => result.file), { quiet: values.quiet, color: process.stderr.isTTY })
  if (report) process.stderr.write(`${report}\n`)
  for (const result of results) if (result.written) process.stdout.write(`${result.file.path} → ${result.written}\n`)
  return exitCodeFor(results.map((result) => result.file))
}

async function runLint(targets: string[], values: { strict: boolean; quiet: boolean; config?: string }): Promise<number> {
  try {
    const config = await loadConfig(values.config ? { file: values.config } : {})
    const result = await lintSources({ targets: targets.length > 0 ? targets : ['input'], config, strict: values.strict })
    if (result.unmatched.length > 0 && result.files.length === 0) return usage(`No Markdown sources found in ${result.unmatched.join(', ')}`)
    const report = formatReport(result.files, { quiet: values.quiet, color: process.stderr.isTTY })
    process.stderr.write(report ? `${report}\n` : `galley: ${result.files.length} source(s), no problems found\n`)
    return result.exitCode
  } catch (error) {
    if (/invalid config|cannot read the config/.test((error as Error).message)) return usage((error as Error).message)
    throw error
  }
}

function usage(reason: string): number {
  process.stderr.write(`galley: ${reason}\n\n${HELP}\n`)
  return 2
}
