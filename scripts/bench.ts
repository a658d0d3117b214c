/**
 * `npm run bench [-- --sizes 100,1000 --peers 20 --source corpus|generated]`: Galley's speed and
 * memory on articles made from real posts (`../shared/corpus/articles`, cycled through; generated
 * text only when that folder is missing, or asked for), each build in a fresh process, and the same
 * work done by the tools people use instead (pandoc → HTML and EPUB; Chromium → PDF of the HTML and a
 * screenshot of a card page) when they are installed. Prints Markdown tables for docs/benchmarks.md.
 */
import { execFile, spawnSync } from 'node:child_process'
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { corpusArticles, corpusMix, findCorpus } from './bench/corpus-articles.ts'
import { generateArticles } from './bench/generate-articles.ts'

const run = promisify(execFile)
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000' },
    peers: { type: 'string', default: '20' },
    source: { type: 'string', default: 'corpus' },
  },
})
const sizes = values.sizes.split(',').map(Number)
const work = mkdtempSync(path.join(os.tmpdir(), 'galley-bench-'))
const FORMATS = ['html', 'og', 'pdf', 'epub'] as const

interface Measured {
  /** The build inside its process (after start-up and module loading). */
  wallMs: number
  /** From the process's start to the first article's files in place. */
  firstArticleMs?: number
  /** Each article's source (absolute), in the build's order, which the other lists follow. */
  sources: string[]
  /** Each article's word count, for times per 1,000 words. */
  words: number[]
  /** The whole command, as a user waits for it: process start, loading, build, exit. */
  commandMs: number
  maxRssMb: number
  articles: number
  failed: number
  rebuilt: number
  timings: Array<Record<string, number>>
  bytes: Array<Record<string, number>>
}

// One config file for every build of the run, the measuring scripts' and the command's alike, so
// they share one cache.
const configFile = path.join(work, 'galley.config.json')
writeFileSync(configFile, JSON.stringify({ siteName: 'Bench News', siteUrl: 'https://bench.example.org' }))

/** One build in a fresh process that reports what happened inside it (timings per article, peak memory). */
async function measuredBuild(sources: string, out: string, force: boolean): Promise<Measured> {
  // `galley build` runs a build from nothing in a Node with --single-threaded-gc when it has several
  // cores (see `buildsEverythingOnEveryCore` in pipeline/cli.ts): the cold build is measured so too.
  const nodeFlags =
    force && os.availableParallelism() > 1 && !process.env.GALLEY_PARALLEL_GC ? ['--single-threaded-gc'] : []
  const started = performance.now()
  const { stdout } = await run(
    process.execPath,
    [
      ...nodeFlags,
      '--import',
      'tsx',
      'scripts/bench/run-build.ts',
      sources,
      out,
      configFile,
      ...(force ? ['--force'] : []),
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  )
  const commandMs = performance.now() - started
  return { ...(JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<Measured, 'commandMs'>), commandMs }
}

/**
 * The command a user types, `galley build SOURCES --out OUT --quiet`: milliseconds from start to exit,
 * and with `peak`, its largest process's peak RSS in MB (GNU time's %M, when /usr/bin/time is there).
 * Exit code 1 is an article of the corpus refused (the post with no title), not a failed run.
 */
async function timedCommand(sources: string, out: string, peak = false): Promise<{ ms: number; rssMb?: number }> {
  const rssFile = path.join(work, 'command-rss.txt')
  const timed = peak && existsSync('/usr/bin/time')
  const command = ['bin/galley.js', 'build', sources, '--out', out, '--config', configFile, '--quiet']
  const started = performance.now()
  await (timed
    ? run('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...command])
    : run(process.execPath, command)
  ).catch((error: { code?: number }) => {
    if (error.code !== 1) throw error
  })
  const ms = performance.now() - started
  if (!timed) return { ms }
  // GNU time notes a non-zero exit above the figure.
  const kilobytes = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1))
  return { ms, rssMb: kilobytes / 1024 }
}

/**
 * A command run three times, and the median of its times: a command of a few hundred milliseconds
 * varies by a tenth or more on a shared machine.
 */
async function threeTimes<T extends { ms: number }>(
  run: (round: number) => Promise<T>,
): Promise<{ runs: T[]; ms: number }> {
  const runs: T[] = []
  for (let round = 0; round < 3; round++) runs.push(await run(round))
  return {
    runs,
    ms: quantile(
      runs.map((command) => command.ms),
      0.5,
    ),
  }
}

/** `galley build` over an existing output folder, and whether it rewrote any of the cache (a no-op must not). */
async function galleyCommand(sources: string, out: string): Promise<{ ms: number; wroteCache: boolean }> {
  const cacheTimes = () =>
    readdirSync(path.join(out, '.galley-cache'))
      .map((name) => statSync(path.join(out, '.galley-cache', name)).mtimeMs)
      .join()
  const before = cacheTimes()
  const { ms } = await timedCommand(sources, out)
  return { ms, wroteCache: cacheTimes() !== before }
}

/**
 * `galley build` from nothing, as a user first runs it (the command restarts itself in a Node with
 * --single-threaded-gc): into a fresh output folder.
 */
async function coldCommand(sources: string): Promise<{ ms: number; rssMb?: number }> {
  const out = mkdtempSync(path.join(work, 'cold-'))
  const measured = await timedCommand(sources, out, true)
  rmSync(out, { recursive: true, force: true })
  return measured
}

/** Saves in `--watch`, each timed from the save to the end of its rebuild. */
async function watchedSaves(sources: string, out: string): Promise<number[]> {
  const { stdout } = await run(process.execPath, [
    '--import',
    'tsx',
    'scripts/bench/run-watch.ts',
    sources,
    out,
    configFile,
    '--saves',
    '5',
  ])
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { saves: number[] }).saves
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1))

// The command compiles Galley once after a change of its code (see bin/compiled.js): do it before
// anything is timed, as `npm run build` would have.
await run(process.execPath, ['bin/galley.js', '--help'])
console.log(
  `# Galley benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
)
const corpus = values.source === 'corpus' ? findCorpus(process.cwd()) : undefined
if (values.source === 'corpus' && !corpus)
  console.log('No ../shared/corpus/articles beside the project: generated articles instead (they flatter Galley).\n')
/** The batch's articles, and the corpus post each copies (its own name for generated ones). */
const makeBatch = (folder: string, size: number) =>
  corpus
    ? corpusArticles(folder, size, corpus)
    : generateArticles(folder, size).map((file) => ({ file, post: path.basename(file), copy: 0 }))
if (corpus) {
  const posts = readdirSync(corpus).map((name) => path.join(corpus, name))
  const mix = corpusMix(posts)
  console.log(
    `Articles made from the ${posts.length} real posts of ${path.relative(process.cwd(), corpus)}, cycled through (each copy with a title and slug of its own): ${quantile(mix.words, 0).toLocaleString('en')}–${quantile(mix.words, 1).toLocaleString('en')} words, median ${quantile(mix.words, 0.5).toLocaleString('en')}; letters by script: ${mix.scripts
      .filter(([, share]) => share >= 0.005)
      .map(([script, share]) => `${script} ${(share * 100).toFixed(0)} %`)
      .join(', ')}.\n`,
  )
} else console.log('Generated articles (104 words on average, a few repeated sentences).\n')
// Before any batch: the machine as a writer finds it. Right after the batches, the same commands
// took a fifth to a third longer on the project's machine, for minutes.
if (corpus) {
  await oneArticle('before the batches (the posts themselves)', picksOf(await corpusWords(corpus)))
  console.log('')
}
const lines: string[] = []
let largest: { size: number; files: string[]; posts: string[]; cold: Measured; coldCommandMs: number } | undefined
for (const size of sizes) {
  const sources = path.join(work, `articles-${size}`)
  const out = path.join(work, `output-${size}`)
  const batch = makeBatch(sources, size)
  const files = batch.map((article) => article.file)
  const cold = await measuredBuild(sources, out, true)
  const { ms: coldCommandMs, rssMb: coldCommandRss } = await coldCommand(sources)
  const noop = await measuredBuild(sources, out, false)
  const noopCommands = await threeTimes(() => galleyCommand(sources, out))
  const noopCommand = { ms: noopCommands.ms, wroteCache: noopCommands.runs.some((command) => command.wroteCache) }
  const edited = files[Math.floor(files.length / 2)]!
  appendFileSync(edited, '\nOne more paragraph, added by the benchmark to measure a one-article rebuild.\n')
  const oneEdit = await measuredBuild(sources, out, false)
  const oneEditCommand = await threeTimes((round) => {
    appendFileSync(edited, `\nAnd another, for the command (${round + 1}).\n`)
    return galleyCommand(sources, out)
  })
  const saves = await watchedSaves(sources, out)

  console.log(`## ${size} articles × 4 formats\n`)
  console.log(
    '| format | median ms/article | p95 ms/article | median ms/1,000 words | p95 ms/1,000 words | median bytes |',
  )
  console.log('| --- | --: | --: | --: | --: | --: |')
  for (const format of ['parse', ...FORMATS]) {
    const measured = cold.timings.flatMap((timing, index) =>
      timing[format] === undefined ? [] : [{ ms: timing[format]!, words: Math.max(1, cold.words[index] ?? 0) }],
    )
    const times = measured.map((item) => item.ms)
    const perThousand = measured.map((item) => (item.ms * 1000) / item.words)
    const bytes =
      format === 'parse'
        ? []
        : cold.bytes.map((record) => record[format]).filter((value): value is number => value !== undefined)
    console.log(
      `| ${format} | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.95))} | ${ms(quantile(perThousand, 0.5))} | ${ms(quantile(perThousand, 0.95))} | ${bytes.length ? quantile(bytes, 0.5) : '—'} |`,
    )
  }
  console.log(
    `\n- words: ${cold.words.reduce((sum, count) => sum + count, 0).toLocaleString('en')} in all, median ${quantile(cold.words, 0.5).toLocaleString('en')} an article (Galley's count)`,
  )
  if (cold.firstArticleMs !== undefined)
    console.log(`- first article in place: ${ms(cold.firstArticleMs)} ms after the measuring process started`)
  console.log(
    `\n- whole batch: ${(cold.wallMs / 1000).toFixed(1)} s in process, ${(cold.commandMs / 1000).toFixed(1)} s for the measuring process; ${(size / (cold.wallMs / 1000)).toFixed(1)} articles/s, ${cold.failed} failed`,
  )
  console.log(
    `- \`galley build\` from nothing (a fresh output folder): ${(coldCommandMs / 1000).toFixed(1)} s start to exit`,
  )
  console.log(
    `- peak RSS: ${cold.maxRssMb.toFixed(0)} MB in the measuring process (main thread and workers, run from the sources through tsx)${coldCommandRss === undefined ? '' : `; ${coldCommandRss.toFixed(0)} MB for \`galley build\` from nothing (its largest process)`}`,
  )
  console.log(
    `- no-op rebuild: ${ms(noop.wallMs)} ms in process (${noop.rebuilt} rebuilt); \`galley build\` ${ms(noopCommand.ms)} ms start to exit (median of ${noopCommands.runs.map((command) => ms(command.ms)).join(', ')})${noopCommand.wroteCache ? ' (it rewrote the cache: NOT a no-op)' : ''}`,
  )
  console.log(
    `- one edited article: ${ms(oneEdit.wallMs)} ms in process (${oneEdit.rebuilt} rebuilt); \`galley build\` ${ms(oneEditCommand.ms)} ms start to exit (median of ${oneEditCommand.runs.map((command) => ms(command.ms)).join(', ')})`,
  )
  console.log(
    `- one edited article in --watch, save to done: ${saves.map((value) => ms(value)).join(', ')} ms (median ${ms(quantile(saves, 0.5))})\n`,
  )
  lines.push(
    `| ${size} | ${(cold.wallMs / 1000).toFixed(1)} s / ${(coldCommandMs / 1000).toFixed(1)} s | ${(size / (cold.wallMs / 1000)).toFixed(1)} | ${cold.maxRssMb.toFixed(0)} MB / ${coldCommandRss === undefined ? '—' : `${coldCommandRss.toFixed(0)} MB`} | ${ms(noop.wallMs)} ms / ${ms(noopCommand.ms)} ms | ${ms(oneEdit.wallMs)} ms / ${ms(oneEditCommand.ms)} ms | ${ms(quantile(saves, 0.5))} ms |`,
  )
  if (!largest || size > largest.size)
    largest = { size, files, posts: batch.map((article) => article.post), cold, coldCommandMs }
}
console.log(
  '| articles | cold build (in process / `galley build`) | articles/s | peak RSS (in process / `galley build`) | no-op (in process / `galley build`) | one edit (in process / `galley build`) | one edit (watch, median) |',
)
console.log('| --: | --: | --: | --: | --: | --: | --: |')
for (const line of lines) console.log(line)

if (largest)
  await oneArticle(
    'after the batches (copies from the largest batch)',
    picksOf(largest.cold.sources.map((file, index) => ({ file, words: largest!.cold.words[index] ?? 0 }))),
  )
if (largest) await peers(Number(values.peers), largest)
rmSync(work, { recursive: true, force: true })

/** The shortest, the median and the longest of `articles` by Galley's word count (those it builds). */
function picksOf(articles: Array<{ file: string; words: number }>): Array<{ file: string; words: number }> {
  const bySize = articles.filter((item) => item.words > 0).sort((a, b) => a.words - b.words)
  return [bySize[0], bySize[Math.floor(bySize.length / 2)], bySize.at(-1)].filter((item) => item !== undefined)
}

/**
 * The corpus posts Galley builds, with its word count of each: parsed in this process, nothing
 * rendered, so the machine is still idle for the one-article commands that follow.
 */
async function corpusWords(folder: string): Promise<Array<{ file: string; words: number }>> {
  const { loadConfig } = await import('../pipeline/config.ts')
  const { parseArticle } = await import('../pipeline/source/parse-article.ts')
  const { config } = await loadConfig({ file: configFile })
  const counted: Array<{ file: string; words: number }> = []
  for (const name of readdirSync(folder).sort()) {
    const file = path.join(folder, name)
    const { article } = await parseArticle(file, readFileSync(file), { config, cwd: folder, lint: false })
    counted.push({ file, words: article?.metadata.wordCount ?? 0 })
  }
  return counted
}

/**
 * One article from a cold command into a fresh folder, all four formats, as a writer runs it after
 * saving: `picks`, three times each (median).
 */
async function oneArticle(when: string, picks: Array<{ file: string; words: number }>): Promise<void> {
  console.log(`\n## One article, cold command (\`node bin/galley.js build FILE --out FRESH\`), ${when}\n`)
  console.log('| article | words | start to exit (median of 3) |')
  console.log('| --- | --: | --: |')
  for (const { file, words } of picks) {
    const times: number[] = []
    for (let round = 0; round < 3; round++) {
      const out = mkdtempSync(path.join(work, 'one-'))
      times.push((await timedCommand(file, out)).ms)
      rmSync(out, { recursive: true, force: true })
    }
    console.log(`| ${path.basename(file)} | ${words.toLocaleString('en')} | ${ms(quantile(times, 0.5))} ms |`)
  }
}

/**
 * The same four outputs with pandoc and Chromium, run on a sample spread across the whole corpus (one
 * copy each of posts evenly spread, never a batch's first article, which pays for loading the
 * renderers), against what the same articles cost Galley inside that batch.
 */
async function peers(
  count: number,
  batch: { size: number; files: string[]; posts: string[]; cold: Measured; coldCommandMs: number },
): Promise<void> {
  if (count <= 0) return
  const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0
  if (!has('pandoc') || !has('chromium')) {
    console.log('\nPeers skipped: install Debian `pandoc` and `chromium` to compare.')
    return
  }
  // Posts evenly spread over the corpus; of each, its last copy in the batch (not the batch's first article).
  const distinct = [...new Set(batch.posts)].sort()
  const wanted = Math.min(count, distinct.length)
  const chosen = Array.from({ length: wanted }, (_, index) => {
    const post = distinct[Math.floor(((index + 0.5) * distinct.length) / wanted)]!
    return batch.posts.lastIndexOf(post)
  })
  const files = chosen.map((index) => batch.files[index]!)
  const sources = path.join(work, 'peers')
  mkdirSync(sources, { recursive: true })
  const times = { html: 0, epub: 0, pdf: 0, card: 0 }
  const chromiumFlags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${path.join(work, 'chromium-profile')}`,
  ]
  for (const original of files) {
    const file = path.join(sources, path.basename(original))
    copyFileSync(original, file)
    const base = file.replace(/\.md$/, '')
    let started = performance.now()
    await run('pandoc', [file, '--standalone', '-o', `${base}.html`])
    times.html += performance.now() - started
    started = performance.now()
    await run('pandoc', [file, '-o', `${base}.epub`])
    times.epub += performance.now() - started
    started = performance.now()
    await run(
      'chromium',
      [...chromiumFlags, `--print-to-pdf=${base}.pdf`, '--no-pdf-header-footer', `file://${base}.html`],
      { timeout: 60_000 },
    )
    times.pdf += performance.now() - started
    const title = /^title\s*[:=]\s*["']?(.*?)["']?\s*$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? ''
    writeFileSync(
      `${base}-card.html`,
      `<html><body style="margin:0;width:1200px;height:630px;display:flex;align-items:center;padding:60px;box-sizing:border-box;background:#fffdf8;font:700 64px sans-serif">${title}</body></html>`,
    )
    started = performance.now()
    await run(
      'chromium',
      [...chromiumFlags, '--window-size=1200,630', `--screenshot=${base}-card.png`, `file://${base}-card.html`],
      { timeout: 60_000 },
    )
    times.card += performance.now() - started
  }
  const count2 = files.length
  const peerPerArticle = (times.html + times.epub + times.pdf + times.card) / count2
  // Galley's figures for these very articles, from the batch: per-format times inside a worker, and
  // the wall time per article of `galley build` from nothing (both workers, process start and
  // writing included).
  // The build lists its articles in its own order (by path), not the batch's.
  const timings = files.map((file) => batch.cold.timings[batch.cold.sources.indexOf(path.resolve(file))] ?? {})
  const galleyFormat = (format: string) => timings.reduce((sum, timing) => sum + (timing[format] ?? 0), 0) / count2
  const galleyPerArticle = batch.coldCommandMs / batch.size
  console.log(
    `\n## Against pandoc + Chromium (${count2} articles of the ${batch.size}-article batch, same machine, same run)\n`,
  )
  console.log('| output | Galley ms/article (these articles, one core) | peer | peer ms/article | ratio |')
  console.log('| --- | --: | --- | --: | --: |')
  const rows: Array<[string, string, number]> = [
    ['html', 'pandoc --standalone', times.html],
    ['epub', 'pandoc → EPUB', times.epub],
    ['pdf', 'chromium --print-to-pdf', times.pdf],
    ['og', 'chromium --screenshot', times.card],
  ]
  for (const [format, peer, total] of rows)
    console.log(
      `| ${format} | ${ms(galleyFormat(format))} | ${peer} | ${ms(total / count2)} | ${(total / count2 / galleyFormat(format)).toFixed(1)}× |`,
    )
  const oneCore = galleyFormat('parse') + FORMATS.reduce((sum, format) => sum + galleyFormat(format), 0)
  console.log(
    `| all four, one core | ${ms(oneCore)} | pandoc + chromium | ${ms(peerPerArticle)} | ${(peerPerArticle / oneCore).toFixed(1)}× |`,
  )
  console.log(
    `| all four, \`galley build\` wall per article | ${ms(galleyPerArticle)} | pandoc + chromium | ${ms(peerPerArticle)} | ${(peerPerArticle / galleyPerArticle).toFixed(1)}× |`,
  )
  if (existsSync(sources)) rmSync(sources, { recursive: true, force: true })
}
