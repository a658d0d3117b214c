/**
 * The second stage of a build: render the planned articles on the worker pool, as many at once as
 * there are lanes, and hand each result to the committer in source order as it is wanted.
 */
import { createRunner } from './pool.ts'
import type { ArticleTask, ProcessedArticle } from './process-article.ts'
import type { Plan } from './plan.ts'

export interface Rendering {
  /** The article rendered for `plan`, or undefined when the build was stopped before it began. */
  result(plan: Plan): Promise<ProcessedArticle | undefined>
  /** Forget a result once committed: a batch of 1,000 articles must not hold every artifact in memory. */
  release(plan: Plan): void
  /** Wait for the lanes and stop the pool. */
  close(): Promise<void>
}

/** Start rendering `plans` (those with stale formats), `concurrency` at a time, in their order. */
export function renderArticles(
  plans: Plan[],
  concurrency: number,
  taskOf: (plan: Plan) => ArticleTask,
  signal?: AbortSignal,
): Rendering {
  const runner = createRunner(concurrency, plans.length)
  // One settled-later promise per article; lanes fulfil them in source order.
  const slots = new Map(plans.map((plan) => [plan.sourcePath, deferred<ProcessedArticle | undefined>()] as const))
  let next = 0
  const lanes = Array.from({ length: Math.max(1, Math.min(runner.inFlight, plans.length)) }, async () => {
    while (next < plans.length) {
      const plan = plans[next++]!
      const slot = slots.get(plan.sourcePath)!
      if (signal?.aborted) slot.resolve(undefined)
      else await runner.run(taskOf(plan)).then(slot.resolve, slot.reject)
    }
  })
  return {
    result: (plan) =>
      slots.get(plan.sourcePath)!.promise.catch(
        (error: Error): ProcessedArticle => ({
          sourcePath: plan.sourcePath,
          messages: [
            {
              reason: `The build worker failed: ${error.message}`,
              ruleId: 'worker-failed',
              source: 'galley:build',
              fatal: true,
              stage: 'parse',
            },
          ],
          outputs: {},
          assets: [],
          text: '',
          timings: {},
        }),
      ),
    release: (plan) => void slots.delete(plan.sourcePath),
    close: async () => {
      await Promise.all(lanes)
      await runner.close()
    },
  }
}

/** A promise with its resolve and reject (Promise.withResolvers arrives only in Node 22). */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  // Handled when the committer asks for it; a build stopped first must not count it as unhandled.
  promise.catch(() => {})
  return { promise, resolve, reject }
}
