/**
 * Run article tasks on a pool of worker threads sized to the cores (or `--concurrency`), or in this
 * thread when one is enough. Results come back as they finish; the caller orders them.
 */
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import type { ArticleTask, ProcessedArticle } from './process-article.ts'

export interface Runner {
  run(task: ArticleTask): Promise<ProcessedArticle>
  close(): Promise<void>
}

/** Threads to use by default: one per core. */
export const defaultConcurrency = () => availableParallelism()

/** A runner for `concurrency` articles at once; 1 (or a single article) stays in this thread. */
export function createRunner(concurrency: number, articles: number): Runner {
  // Imported here, not above: a build with nothing to render never loads the parser and renderers.
  if (concurrency <= 1 || articles <= 1) return { run: async (task) => (await import('./process-article.ts')).processArticle(task), close: async () => {} }
  const pool = new Piscina({
    filename: new URL('./worker.js', import.meta.url).href,
    // The worker registers tsx itself; the parent's flags are not passed on, since a parent run under
    // tsx or vitest carries loader flags of its own that clash with it.
    execArgv: [],
    minThreads: Math.min(concurrency, articles),
    maxThreads: Math.min(concurrency, articles),
    idleTimeout: 1000,
  })
  return {
    run: (task) => pool.run(task) as Promise<ProcessedArticle>,
    close: () => pool.destroy(),
  }
}
