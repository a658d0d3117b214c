/**
 * One measured build in a fresh process (so peak memory is this build's alone): prints JSON with
 * the wall time, peak RSS, and each article's parse and per-format timings.
 * Usage: tsx scripts/bench/run-build.ts SOURCES OUT CONFIG [--force] [--concurrency N]
 * (CONFIG: the config file the benchmark's `galley build --config` commands use too)
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { build } from '../../pipeline/index.ts'
import { loadConfig } from '../../pipeline/config.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false }, concurrency: { type: 'string' } },
})
const [sources, out, configFile] = positionals
const started = performance.now()
// From the process's start (performance.now() counts from it) to the first article's files in place.
let firstArticleMs: number | undefined
const result = await build({
  onArticle: () => {
    firstArticleMs ??= performance.now()
  },
  targets: [sources!],
  outDir: out!,
  config: await loadConfig({ file: configFile! }),
  force: values.force,
  ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
})
const wallMs = performance.now() - started
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    firstArticleMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    articles: result.articles.length,
    failed: result.articles.filter((article) => article.errors.length > 0).length,
    rebuilt: result.articles.filter((article) => article.rebuilt.length > 0).length,
    sources: result.articles.map((article) => path.resolve(article.sourcePath)),
    timings: result.articles.map((article) => article.timings),
    words: result.articles.map((article) => article.metadata?.wordCount ?? 0),
    bytes: result.articles.map((article) =>
      Object.fromEntries(Object.entries(article.artifacts).map(([format, record]) => [format, record!.bytes])),
    ),
  })}\n`,
)
