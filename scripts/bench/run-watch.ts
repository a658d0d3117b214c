/**
 * One-edit rebuilds in watch mode, measured as a writer sees them: from the save (a line appended to
 * one source) to the end of the rebuild it causes. The build before watching is the cache's no-op.
 * Prints JSON: the milliseconds of each save, in order.
 * Usage: tsx scripts/bench/run-watch.ts SOURCES OUT CONFIG [--saves 4]
 * With GALLEY_BENCH_DEBUG set, each rebuild's own time and the edited article's stage timings go to
 * standard error.
 */
import { appendFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { build } from '../../pipeline/index.ts'
import { loadConfig } from '../../pipeline/config.ts'
import { watchBuild } from '../../pipeline/watch.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { saves: { type: 'string', default: '4' } },
})
const [sources, out, configFile] = positionals as [string, string, string]
const options = { targets: [sources], outDir: out, config: await loadConfig({ file: configFile }) }
await build(options)

const files = readdirSync(sources)
  .filter((name) => name.endsWith('.md'))
  .sort()
const edited = path.join(sources, files[Math.floor(files.length / 3)]!)
const stop = new AbortController()
const saves: number[] = []
let savedAt = 0
let rebuilt: () => void = () => {}
const warm = new Promise<void>((resolve) => {
  void watchBuild(options, {
    extra: [],
    signal: stop.signal,
    onWarm: resolve,
    onRebuild: (result, milliseconds) => {
      saves.push(performance.now() - savedAt)
      if (process.env.GALLEY_BENCH_DEBUG)
        console.error(
          Math.round(milliseconds),
          JSON.stringify(result.articles.find((article) => article.rebuilt.length > 0)?.timings),
        )
      rebuilt()
    },
  })
})
await warm
for (let save = 0; save < Number(values.saves); save++) {
  const done = new Promise<void>((resolve) => (rebuilt = resolve))
  savedAt = performance.now()
  appendFileSync(edited, `\nA line added by the benchmark's save number ${save + 1}.\n`)
  await done
  // A writer does not save twice within a second; neither does the benchmark.
  await new Promise((resolve) => setTimeout(resolve, 1000))
}
stop.abort()
process.stdout.write(`${JSON.stringify({ saves })}\n`)
process.exit(0)
