/**
 * `galley` on the command line: argument parsing, the report, and exit codes only
 * (0 every article built, 1 an article failed, 2 a usage error).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { build, UsageError } from './index.ts'
import { availableFormats } from './render/index.ts'
import { exitCodeFor, formatReport } from './report.ts'
import { FORMATS, type Format } from './types.ts'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

const HELP = `Usage: galley build [files|folders|globs…] [options]

Builds each Markdown article into output/<slug>/: index.html, og.png, <slug>.pdf, <slug>.epub,
plus output/index.html and output/manifest.json.

Options:
  --out DIR          output folder (default: output)
  --format LIST      comma-separated formats to build (default: all: ${availableFormats().join(',')})
  --concurrency N    articles processed at once (default: 1)
  --config FILE      config file (default: galley.config.{ts,js,json} if present)
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
        out: { type: 'string', default: 'output' },
        format: { type: 'string' },
        concurrency: { type: 'string', default: '1' },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
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

  try {
    const result = await build({
      targets: targets.length > 0 ? targets : ['input'],
      outDir: values.out,
      ...(formats ? { formats } : {}),
      concurrency,
      ...(values.config ? { configFile: values.config } : {}),
    })
    const report = formatReport(result.files, { quiet: values.quiet, color: process.stderr.isTTY })
    if (report) process.stderr.write(`${report}\n`)
    const built = result.articles.filter((article) => article.errors.length === 0).length
    if (!values.quiet) process.stderr.write(`galley: built ${built} of ${result.articles.length} article(s) into ${values.out}/\n`)
    return Math.max(result.exitCode, exitCodeFor([result.buildFile]))
  } catch (error) {
    if (error instanceof UsageError || /invalid config|cannot read the config/.test((error as Error).message)) return usage((error as Error).message)
    throw error
  }
}

function usage(reason: string): number {
  process.stderr.write(`galley: ${reason}\n\n${HELP}\n`)
  return 2
}
