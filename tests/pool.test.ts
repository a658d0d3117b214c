/**
 * How many threads a build uses by default: a worker a core, but only as many as the batch can pay
 * for (each worker warms up on its own), and one thread, the main one, for a small batch; and how
 * many articles are started at once on them.
 */
import { describe, expect, it } from 'vitest'
import { ARTICLES_PER_WORKER, createRunner, defaultConcurrency } from '../pipeline/build/pool.ts'

describe('the default number of threads', () => {
  it('is one for a small batch, a worker for every ARTICLES_PER_WORKER articles, at most one a core', () => {
    expect(defaultConcurrency(0, 2)).toBe(1)
    expect(defaultConcurrency(44, 2)).toBe(1)
    expect(defaultConcurrency(2 * ARTICLES_PER_WORKER - 1, 2)).toBe(1)
    expect(defaultConcurrency(2 * ARTICLES_PER_WORKER, 2)).toBe(2)
    expect(defaultConcurrency(1000, 2)).toBe(2)
    expect(defaultConcurrency(1000, 16)).toBe(6)
    expect(defaultConcurrency(100_000, 16)).toBe(16)
    expect(defaultConcurrency(1000, 1)).toBe(1)
  })
})

describe('the articles started at once', () => {
  it('is one in this thread, and one more than the workers on the pool, so none waits for the main thread', async () => {
    const started = (concurrency: number, articles: number) => {
      const runner = createRunner(concurrency, articles)
      void runner.close()
      return runner.inFlight
    }
    expect(started(1, 1000)).toBe(1)
    expect(started(4, 1)).toBe(1)
    expect(started(2, 1000)).toBe(3)
    expect(started(8, 3)).toBe(4)
  })
})
