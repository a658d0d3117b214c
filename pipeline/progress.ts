/**
 * Build progress: a bar with articles done, rate and time left on a terminal (cli-progress); plain
 * lines when piped or in CI; nothing with `--quiet`.
 */
import { SingleBar } from 'cli-progress'
import type { ArticleResult } from './types.ts'

export interface Progress {
  article(result: ArticleResult, index: number, total: number): void
  stop(): void
}

export function createProgress(mode: { quiet: boolean; stream: NodeJS.WriteStream }): Progress {
  if (mode.quiet) return { article() {}, stop() {} }
  if (mode.stream.isTTY && !process.env.CI) {
    const bar = new SingleBar({
      stream: mode.stream,
      format: 'galley {bar} {value}/{total} articles | {rate}/s | {eta_formatted} left | {current}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    })
    let started = 0
    return {
      article(result, index, total) {
        if (!started) {
          started = performance.now()
          bar.start(total, 0, { rate: '0.0', current: '' })
        }
        const rate = (index + 1) / ((performance.now() - started) / 1000)
        bar.update(index + 1, { rate: rate.toFixed(1), current: result.slug ?? result.sourcePath })
      },
      stop: () => bar.stop(),
    }
  }
  return {
    article(result, index, total) {
      const what = result.errors.length
        ? 'failed'
        : result.skipped
          ? `skipped (${result.skipped})`
          : result.rebuilt.length
            ? `built ${result.rebuilt.join(',')}`
            : 'unchanged'
      const time = Object.values(result.timings).reduce((sum, value) => sum + (value ?? 0), 0)
      mode.stream.write(
        `[${index + 1}/${total}] ${result.sourcePath}: ${what}${time ? ` (${time.toFixed(0)} ms)` : ''}\n`,
      )
    },
    stop() {},
  }
}
