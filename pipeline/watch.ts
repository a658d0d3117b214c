/**
 * `galley build --watch`: rebuild when a source, a template or the config is saved. The cache makes
 * each rebuild incremental, and a single changed article is built in this process, whose fonts and
 * templates are already warm.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { build, buildEnvironment, type BuildOptions, type BuildResult, type BuildSession } from './index.ts'
import { checkArtifacts } from './build/cache.ts'
import { findSources } from './build/find-sources.ts'
import { loadConfig } from './config.ts'
import { availableFormats, TEMPLATES_DIR } from './render/index.ts'

export interface WatchOptions {
  /** Files and folders to watch besides the targets (the config file, template folders). */
  extra: string[]
  /**
   * Called after each rebuild with what it did and how long it took. `changed` are the files saved, or
   * (`deleted` true) the output files found deleted by hand.
   */
  onRebuild(result: BuildResult, milliseconds: number, changed: string[], deleted?: boolean): void
  signal: AbortSignal
  /** Called when a rebuild could not run at all (a broken template or config); watching goes on. */
  onError?(error: Error, changed: string[]): void
  /** Called once every folder is watched: saves from then on are seen. */
  onReady?(): void
  /** Called when the renderers are warm (see `warmUp`). */
  onWarm?(): void
}

/** Every folder from `root` down (dot folders and node_modules skipped); a file's own folder. */
function foldersUnder(root: string): string[] {
  try {
    // A file (the config) is watched through its own folder alone.
    if (!statSync(root).isDirectory()) return [path.dirname(root)]
  } catch {
    return []
  }
  const folders = [root]
  for (let index = 0; index < folders.length; index++) {
    for (const entry of readdirSync(folders[index]!, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
        folders.push(path.join(folders[index]!, entry.name))
    }
  }
  return folders
}

// An editor's save is a few file events within milliseconds (write, rename, chmod): wait this long
// after the last one, so one save is one rebuild.
const SETTLE_MS = 25
// How often an idle session looks for output files deleted by hand.
const RECHECK_MS = 2000
// Enough renders for the hot code to be compiled by the optimising tier.
const WARM_UP_ROUNDS = 8

/** Watch and rebuild until `signal` aborts. The first build is the caller's. */
export async function watchBuild(options: BuildOptions, watching: WatchOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd()
  const outDir = path.resolve(cwd, options.outDir ?? 'output')
  const { config } =
    options.config ?? (await loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) }))
  // The config's own template folders too: a template saved there rebuilds its format.
  const roots = [
    ...options.targets.map((target) => path.resolve(cwd, target.replace(/[*?{[].*$/, ''))),
    TEMPLATES_DIR,
    ...Object.values(config.templates),
    ...watching.extra,
  ]
  const session: BuildSession = { trustCheckedArtifacts: true }
  const changed = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const watchers = new Map<string, FSWatcher>()
  // What the last check of the output folder found missing, so a file that cannot be made again
  // (a full disk) is reported once rather than rebuilt in a loop.
  let lastMissing = ''
  let rebuilds = 0
  let building = false
  // What the environment keys hash besides Galley's code: the template folders and the config.
  const environmentRoots = [TEMPLATES_DIR, ...Object.values(config.templates), ...watching.extra].map((root) =>
    path.resolve(cwd, root),
  )
  const rebuild = (batch: string[], deleted = false) => {
    running = running.then(async () => {
      rebuilds++
      building = true
      forgetWhatChanged(batch.map((file) => path.resolve(cwd, file)))
      const started = performance.now()
      try {
        const result = await build({ ...options, signal: watching.signal }, session)
        watching.onRebuild(result, performance.now() - started, batch, deleted)
        // The files this build made are the check's to judge afresh, even those it reported before.
        if (!deleted) lastMissing = ''
      } catch (error) {
        // A template or config saved half-edited: say so and keep watching for the next save.
        watching.onError?.(error as Error, batch)
      } finally {
        building = false
      }
      watchFolders()
      checkOutputs()
    })
  }
  /**
   * Drop what the session keeps that `changed` may have made stale: the sources found, when a
   * Markdown file or a folder may have come or gone (a known source saved changes only itself, an
   * image or an editor's swap file nothing); the environment keys, when a template or the config
   * changed.
   */
  const forgetWhatChanged = (changedFiles: string[]) => {
    const known = new Set(session.sources?.files.map((source) => path.resolve(cwd, source)))
    const mayAddOrRemove = (file: string) => {
      try {
        const info = statSync(file, { throwIfNoEntry: false })
        // Gone: it took sources with it only if it was one or held one. Editors make and delete
        // files beside the one they save (vim's 4913 probe, swap and backup files) on every save.
        if (!info) return known.has(file) || [...known].some((source) => source.startsWith(file + path.sep))
        return info.isDirectory() || (/\.(?:md|markdown)$/i.test(file) && !known.has(file))
      } catch {
        return true
      }
    }
    if (changedFiles.some(mayAddOrRemove)) delete session.sources
    if (changedFiles.some((file) => environmentRoots.some((root) => file === root || file.startsWith(root + path.sep))))
      delete session.environment
  }
  /**
   * Between saves, check every output file the cache records so that a save need not (4,000 files on
   * a site of 1,000 articles), and remake one deleted by hand. A save stops the check; its rebuild
   * then checks every file itself.
   */
  let checkTimer: NodeJS.Timeout | undefined
  const checkOutputs = () => {
    clearTimeout(checkTimer)
    const since = rebuilds
    checkArtifacts(outDir, () => building || rebuilds !== since || changed.size > 0 || watching.signal.aborted).then(
      (missing) => {
        // Stopped: the rebuild that stopped it looks again when it is done.
        if (!missing) return
        const said = missing.join('\n')
        const again = missing.length > 0 && said !== lastMissing
        lastMissing = said
        if (again)
          rebuild(
            missing.map((file) => path.relative(cwd, path.join(outDir, file))),
            true,
          )
        else checkTimer = setTimeout(checkOutputs, RECHECK_MS)
      },
      // A path that cannot be looked at (an output folder replaced by a file): the next rebuild
      // checks every file and says what is wrong; look again later.
      () => (checkTimer = setTimeout(checkOutputs, RECHECK_MS)),
    )
  }
  const onChange = (folder: string, name: string | Buffer | null) => {
    const file = name ? path.join(folder, name.toString()) : folder
    // Our own writes land in the output folder: never react to them.
    if (file.startsWith(outDir + path.sep) || /(?:^|[\\/])\.[^\\/]*\.tmp$/.test(file)) return
    changed.add(path.relative(cwd, file))
    clearTimeout(timer)
    timer = setTimeout(() => {
      const batch = [...changed]
      changed.clear()
      rebuild(batch)
    }, SETTLE_MS)
  }
  // One plain watcher per folder, set up before this function returns: Node 20's recursive
  // fs.watch on Linux walks the tree asynchronously and misses saves made while it is still walking.
  const watchFolders = () => {
    for (const folder of roots.flatMap(foldersUnder)) {
      if (watchers.has(folder) || folder === outDir || folder.startsWith(outDir + path.sep)) continue
      try {
        watchers.set(
          folder,
          watch(folder, (_event, name) => onChange(folder, name)),
        )
      } catch {
        // A folder that vanished between listing and watching: nothing to watch.
      }
    }
  }
  watchFolders()
  watching.onReady?.()
  // Queued like a rebuild: a save made meanwhile waits for it, then finds everything warm.
  running = running
    .then(() => warmUp(options))
    .catch(() => {})
    .then(() => {
      checkOutputs()
      watching.onWarm?.()
    })
  await new Promise<void>((resolve) => watching.signal.addEventListener('abort', () => resolve(), { once: true }))
  for (const watcher of watchers.values()) watcher.close()
  clearTimeout(timer)
  clearTimeout(checkTimer)
  await running
}

/**
 * Render the first article a few times in memory, output discarded. The initial build ran on worker
 * threads, so this thread has loaded no renderer, parsed no font and compiled nothing: without this
 * the first save took a second, the next ones a fraction of that.
 */
async function warmUp(options: BuildOptions): Promise<void> {
  const cwd = options.cwd ?? process.cwd()
  const { files } = await findSources(options.targets, cwd)
  if (!files[0] || options.signal?.aborted) return
  const { config } =
    options.config ?? (await loadConfig({ cwd, ...(options.configFile ? { file: options.configFile } : {}) }))
  const { processArticle } = await import('./build/process-article.ts')
  const formats = availableFormats().filter((format) => !options.formats || options.formats.includes(format))
  // The versions a rebuild will ask for, so it finds these very template modules loaded and compiled.
  const templateVersions = await buildEnvironment(config, formats)
  for (let round = 0; round < WARM_UP_ROUNDS && !options.signal?.aborted; round++)
    await processArticle({ sourcePath: files[0], cwd, config, formats, strict: false, templateVersions })
}
