/**
 * `npm run fuzz`: FUZZ_RUNS generated articles (default 1000) from FUZZ_SEED (default: a new
 * random seed, printed first so a run can be replayed) through the whole pipeline. Every failure
 * is kept, not only the first: each distinct one is shrunk to a small article and saved as a
 * regression fixture under tests/fixtures/fuzz-regressions/, which CI then builds on every run.
 * Exits 1 when anything failed.
 */
import { createHash, randomInt } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { encodeDocument, type FuzzDocument, fuzzDocument } from './fuzz-arbitraries.ts'
import { PipelineFailure, throughThePipeline } from './fuzz-property.ts'

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31)
const runs = Number(process.env.FUZZ_RUNS ?? 1000)
const folder = path.join(import.meta.dirname, 'fixtures', 'fuzz-regressions')
console.log(`fuzz: seed ${seed}, ${runs} documents (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz)`)

interface Found {
  index: number
  document: FuzzDocument
  failure: PipelineFailure
}

const counts = { built: 0, refused: 0, failed: 0 }
const found = new Map<string, Found>()
const slowest: Array<{ index: number; ms: number }> = []
let index = 0
const started = performance.now()
await fc.check(
  fc.asyncProperty(fuzzDocument, async (document) => {
    const run = index++
    const begun = performance.now()
    try {
      counts[await throughThePipeline(document)]++
    } catch (error) {
      counts.failed++
      const failure = error instanceof PipelineFailure ? error : new PipelineFailure('parse', error)
      console.log(`  #${run} failed: ${failure.signature}`)
      if (!found.has(failure.signature)) found.set(failure.signature, { index: run, document, failure })
    }
    slowest.push({ index: run, ms: performance.now() - begun })
    if (index % 100 === 0)
      console.log(
        `  ${index}/${runs} (${((performance.now() - started) / 1000).toFixed(0)} s) ${JSON.stringify(counts)}`,
      )
    return true
  }),
  { seed, numRuns: runs },
)
const seconds = ((performance.now() - started) / 1000).toFixed(0)
slowest.sort((a, b) => b.ms - a.ms)
console.log(
  `fuzz: seed ${seed}: ${runs} documents in ${seconds} s: ${counts.built} built in every format, ${counts.refused} refused with a fatal message, ${counts.failed} failed (${found.size} distinct)`,
)
console.log(
  `  slowest: ${slowest
    .slice(0, 3)
    .map(({ index, ms }) => `#${index} ${ms.toFixed(0)} ms`)
    .join(', ')}`,
)

for (const { index, failure } of found.values()) {
  const document = await shrink(index, failure.signature)
  const bytes = encodeDocument(document)
  const name = `${failure.stage}-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}`
  mkdirSync(path.join(folder, name), { recursive: true })
  writeFileSync(path.join(folder, name, 'input.md'), bytes)
  writeFileSync(
    path.join(folder, name, 'found.txt'),
    `Found by npm run fuzz with FUZZ_SEED=${seed}, run #${index} (${document.encoding}), shrunk.\n${failure.signature}\n\n${failure.error instanceof Error ? failure.error.stack : String(failure.error)}\n`,
  )
  console.log(`  saved ${path.relative(process.cwd(), path.join(folder, name))}: ${failure.signature}`)
}
process.exitCode = found.size ? 1 : 0

/** Replay run `index` of the seed and shrink it while it still fails the same way (two minutes at most). */
async function shrink(index: number, signature: string): Promise<FuzzDocument> {
  const result = await fc.check(
    fc.asyncProperty(fuzzDocument, async (document) => {
      try {
        await throughThePipeline(document)
        return true
      } catch (error) {
        return !(error instanceof PipelineFailure && error.signature === signature)
      }
    }),
    { seed, path: String(index), numRuns: 1, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: false },
  )
  return result.counterexample?.[0] ?? found.get(signature)!.document
}
