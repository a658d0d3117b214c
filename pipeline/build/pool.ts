/**
 * Run article tasks on a pool of worker threads sized to the cores (or `--concurrency`), or in this
 * thread when one is enough. Results come back as they finish; the caller orders them.
 */
import { availableParallelism } from 'node:os'
import type { Piscina } from 'piscina'
import { expectCards } from '../render/og/lone-card.ts'
import { compiledBundle } from '../typescript-loader.ts'
import { importModule } from '../import-module.ts'
import type { ArticleTask, ProcessedArticle } from './process-article.ts'

export interface Runner {
  /** Tasks to keep started at once. */
  inFlight: number
  run(task: ArticleTask): Promise<ProcessedArticle>
  close(): Promise<void>
}

/**
 * Articles a worker must have to pay for itself: each thread loads Galley, the faces of every script
 * it meets and its own shaping caches, 3 to 4 s of CPU on the real-post corpus. On 2 cores, 200 real
 * posts built in 19.3 s in one thread and 22.1 s on two workers; 400 in 38.5 s and 33.2 s.
 */
export const ARTICLES_PER_WORKER = 150

/** Threads to use by default for `articles` to render: one per core, fewer for a small batch. */
export function defaultConcurrency(articles: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(articles / ARTICLES_PER_WORKER)))
}

/** Each worker's old-generation heap, in MB (GALLEY_WORKER_HEAP_MB to change it). */
function workerHeapMb(): number {
  const chosen = Number(process.env.GALLEY_WORKER_HEAP_MB)
  return Number.isFinite(chosen) && chosen > 0 ? chosen : 448
}

/** A runner for `concurrency` articles at once; 1 (or a single article) stays in this thread. */
export function createRunner(concurrency: number, articles: number): Runner {
  // Imported here, not above: a build with nothing to render never loads the parser and renderers.
  // Each article starts after a turn of the event loop: an article's work resolves in microtasks alone
  // (a worker reads its source synchronously), and without the turn a Ctrl-C, the progress of the
  // articles already written and the release of resvg's native images would wait for the whole batch.
  const inThisThread = async (task: ArticleTask) => {
    await new Promise((resolve) => setImmediate(resolve))
    return (await import('./process-article.ts')).processArticle(task)
  }
  expectCards(articles)
  if (concurrency <= 1 || articles <= 1) return { inFlight: 1, run: inThisThread, close: async () => {} }
  const threads = Math.min(concurrency, articles)
  // Started on the first task, and piscina imported then: a build in this thread never loads it.
  let starting: Promise<Piscina> | undefined
  // A worker that dies between tasks (out of memory as it starts) is an error event on the pool, and
  // it would be started again and again: stop the pool, and build the rest in this thread.
  let broken = false
  const started = () =>
    (starting ??= startPool(threads).then((pool) =>
      pool.on('error', () => {
        broken = true
        void pool.destroy()
      }),
    ))
  return {
    // One task more than the threads waits in piscina's queue: a worker that finishes gets it as its
    // result arrives, instead of idling until this thread has handled the result and sent another.
    inFlight: threads + 1,
    run: async (task) => {
      if (broken) return inThisThread(task)
      const pool = await started()
      return (pool.run(task) as Promise<ProcessedArticle>).catch((error: NodeJS.ErrnoException) => {
        if (broken || error.code === 'ERR_WORKER_OUT_OF_MEMORY') return inThisThread(task)
        throw error
      })
    },
    close: async () => {
      await (await starting)?.destroy()
    },
  }
}

async function startPool(threads: number): Promise<Piscina> {
  const { Piscina } = await importModule<typeof import('piscina')>('piscina')
  return new Piscina({
    // Compiled, a worker loads the compiled entry; from the sources, worker.js, which registers tsx
    // itself. The parent's flags are not passed on: a parent run under tsx or vitest carries loader
    // flags of its own that clash with it.
    ...(compiledBundle
      ? { filename: new URL('process-article.mjs', compiledBundle).href, name: 'processArticle' }
      : { filename: new URL('./worker.js', import.meta.url).href }),
    execArgv: [],
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    // V8 lets a worker's heap grow to three or four times what it holds (about 100 MB live, plus the
    // font files outside the heap): two workers and the main thread passed 1.3 GB on a batch of
    // 1,000 articles. Capped, they stay near 850 MB for a few per cent more time collecting garbage.
    // An article that needs more than the cap is built again in this thread, which has none.
    resourceLimits: { maxOldGenerationSizeMb: workerHeapMb() },
  })
}
