// Galley's code compiled ahead of time, for the command line. Galley is written in TypeScript and
// tsx can run it as it is, but tsx's loader is a thread of its own that takes a quarter of a second
// to start, and every module then goes through it: for a build with nothing to do that was most of
// the command's time. So the first command after a change bundles pipeline/ with esbuild (the
// compiler tsx itself uses) into node_modules/.cache/galley, and later commands load that bundle
// directly. Templates and a TypeScript config stay TypeScript: the bundle registers tsx only when it
// loads one. Any problem here falls back to running the sources through tsx.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'galley')
// Which bundle is current, and the size and time of every file it was made from.
const POINTER = path.join(CACHE, 'current.json')
const ENTRIES = { cli: 'pipeline/cli.ts', 'process-article': 'pipeline/build/process-article.ts' }
// A bundle replaced by a newer one may still be in use by a build that started before (it loads
// its renderers lazily): it is removed only once it is this old.
const KEEP_OLD_MS = 60 * 60 * 1000

/** Import `cli` or `process-article` from the current bundle, compiling it first if the sources changed. */
export async function importCompiled(entry) {
  if (process.env.GALLEY_FROM_SOURCE) return undefined
  try {
    const folder = currentBundle() ?? (await compile())
    return await import(pathToFileURL(path.join(folder, `${entry}.js`)).href)
  } catch (error) {
    if (process.env.GALLEY_DEBUG) console.error(`galley: running from source: ${error.message}`)
    return undefined
  }
}

function currentBundle() {
  let pointer
  try {
    pointer = JSON.parse(readFileSync(POINTER, 'utf8'))
  } catch {
    return undefined
  }
  for (const [file, [size, mtimeMs]] of Object.entries(pointer.inputs)) {
    const info = statSync(path.join(ROOT, file), { throwIfNoEntry: false })
    if (!info || info.size !== size || info.mtimeMs !== mtimeMs) return undefined
  }
  return path.join(CACHE, pointer.folder)
}

async function compile() {
  const { build } = await import('esbuild')
  const name = `bundle-${Date.now().toString(36)}-${process.pid}`
  const folder = path.join(CACHE, name)
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: folder,
    bundle: true,
    // Shared code goes into chunks both entries import, and the renderers stay lazily loaded.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    // Where the compiled code lives, for the worker threads to load it.
    define: { GALLEY_COMPILED: JSON.stringify(pathToFileURL(`${folder}/`).href) },
    plugins: [keepModuleUrls],
  })
  const inputs = {}
  for (const file of Object.keys(result.metafile.inputs)) {
    const info = statSync(path.join(ROOT, file))
    inputs[file] = [info.size, info.mtimeMs]
  }
  mkdirSync(CACHE, { recursive: true })
  const temporary = `${POINTER}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify({ folder: name, inputs }))
  renameSync(temporary, POINTER)
  for (const old of readdirSync(CACHE)) {
    const oldFolder = path.join(CACHE, old)
    if (old.startsWith('bundle-') && old !== name && Date.now() - statSync(oldFolder).mtimeMs > KEEP_OLD_MS)
      rmSync(oldFolder, { recursive: true, force: true })
  }
  return folder
}

/**
 * Each module keeps its own `import.meta.url`: the code finds the templates, package.json and its
 * dependencies relative to where its source file is, not where the bundle is.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }))
  },
}
