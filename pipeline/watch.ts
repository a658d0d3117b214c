/**
 * `galley build --watch`: rebuild when a source, a template or the config is saved. The cache makes
 * each rebuild incremental, and a single changed article is built in this process, whose fonts and
 * templates are already warm.
 */
import { watch, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { build, type BuildOptions, type BuildResult } from './index.ts'
import { TEMPLATES_DIR } from './render/index.ts'

export interface WatchOptions {
  /** Files and folders to watch besides the targets (the config file, template folders). */
  extra: string[]
  /** Called after each rebuild with what it did and how long it took. */
  onRebuild(result: BuildResult, milliseconds: number, changed: string[]): void
  signal: AbortSignal
}

/** Watch and rebuild until `signal` aborts. The first build is the caller's. */
export async function watchBuild(options: BuildOptions, watching: WatchOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd()
  const outDir = path.resolve(cwd, options.outDir ?? 'output')
  const roots = [...options.targets.map((target) => path.resolve(cwd, target.replace(/[*?{[].*$/, ''))), TEMPLATES_DIR, ...watching.extra]
  const changed = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const watchers: FSWatcher[] = roots.map((root) =>
    watch(root, { recursive: true }, (_event, name) => {
      const file = name ? path.join(root, name.toString()) : root
      // Our own writes land in the output folder: never react to them.
      if (file.startsWith(outDir + path.sep) || /(?:^|[\\/])\.[^\\/]*\.tmp$/.test(file)) return
      changed.add(path.relative(cwd, file))
      clearTimeout(timer)
      timer = setTimeout(() => {
        const batch = [...changed]
        changed.clear()
        running = running.then(async () => {
          const started = performance.now()
          const result = await build({ ...options, signal: watching.signal })
          watching.onRebuild(result, performance.now() - started, batch)
        })
      }, 80)
    }),
  )
  await new Promise<void>((resolve) => watching.signal.addEventListener('abort', () => resolve(), { once: true }))
  for (const watcher of watchers) watcher.close()
  clearTimeout(timer)
  await running
}
