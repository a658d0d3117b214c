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
// Packages left as imports: native code, ones that find files beside their own (pdfkit's font
// metrics, piscina's worker, MathJax's components), and those Galley patches, which must stay the
// one copy their dependants load (fontkit for pdfkit, jszip for epub-gen-memory).
const EXTERNAL = [
  '@resvg/resvg-js',
  'esbuild',
  'tsx',
  'piscina',
  'pdfkit',
  'fontkit',
  'jszip',
  'epub-gen-memory',
  'satori',
  'mathjax-full',
  'hyphen',
  'juice',
  'katex',
]

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
    // The pure JavaScript packages are bundled too: loading them file by file (some 900 modules and
    // 500 package.json reads for one article) took a third of a one-article build. EXTERNAL stay out.
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    // Bundled CommonJS code calls require() for Node's modules.
    banner: {
      js: "import { createRequire as __galleyRequire } from 'node:module'; const require = __galleyRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'silent',
    // Where the compiled code lives, for the worker threads to load it.
    define: { GALLEY_COMPILED: JSON.stringify(pathToFileURL(`${folder}/`).href) },
    plugins: [keepModuleUrls],
  })
  // The packages' files are not checked one by one: an install rewrites the lock files.
  const inputs = {}
  const watched = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'))
  for (const file of [...watched, 'bin/compiled.js', 'package-lock.json', 'node_modules/.package-lock.json']) {
    const info = statSync(path.join(ROOT, file), { throwIfNoEntry: false })
    if (info) inputs[file] = [info.size, info.mtimeMs]
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
    // A bundled package's module too (fdir makes its require from it).
    build.onLoad({ filter: /node_modules.*\.m?js$/ }, async (args) => {
      const code = await readFile(args.path, 'utf8')
      if (!code.includes('import.meta.url')) return undefined
      return {
        contents: code.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'js',
      }
    })
  },
}
