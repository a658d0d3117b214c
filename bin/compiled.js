// Galley's code compiled ahead of time, for the command line. Galley is written in TypeScript and
// tsx can run it as it is, but tsx's loader is a thread of its own that takes a quarter of a second
// to start, and every module then goes through it: for a build with nothing to do that was most of
// the command's time. So the first command after a change bundles pipeline/ with esbuild (the
// compiler tsx itself uses) into node_modules/.cache/galley, and later commands load that bundle
// directly. Templates and a TypeScript config are compiled when they are loaded (see
// pipeline/typescript-loader.ts). Any problem here falls back to running the sources through tsx.
//
// Each entry is one CommonJS file, run as a script with V8's code cache: Node 20 keeps no compiled
// code from one run to the next, and compiling Galley and its packages again on every start was a
// quarter of a one-article build. The cache, beside the bundle, holds the code as compiled by the
// fullest run so far.
import { createHash } from 'node:crypto'
import { isAscii } from 'node:buffer'
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { getHeapCodeStatistics } from 'node:v8'
import { Script } from 'node:vm'
import { threadId } from 'node:worker_threads'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'galley')
// Which bundle is current, and the size and time of every file it was made from.
const POINTER = path.join(CACHE, 'current.json')
// What the code version of the build cache covers (pipeline/build/cache.ts).
const CODE_FILES = ['pipeline/**/*.ts', 'package.json', 'package-lock.json']
const ENTRIES = { cli: 'pipeline/cli.ts', 'process-article': 'pipeline/build/process-article.ts' }
// A bundle replaced by a newer one may still be in use by a build that started before (its workers
// load their entry as they start): it is removed only once it is this old.
const KEEP_OLD_MS = 60 * 60 * 1000
// Packages left as imports: native code, ones that find files beside their own (piscina's worker,
// MathJax's components, hyphen's patterns chosen by language) and those only a rare command needs
// (juice, katex). Everything else, the patched packages included, is one copy in the bundle, which
// their dependants share. Galley's own import() of these goes through pipeline/import-module.ts.
const EXTERNAL = ['@resvg/resvg-js', 'esbuild', 'tsx', 'piscina', 'mathjax-full', 'hyphen', 'juice', 'katex']
// Galley's import() in a script run from the code cache (see pipeline/import-module.ts).
globalThis[Symbol.for('galley.import')] ??= (specifier) => import(specifier)

/** The exports of `cli` or `process-article` from the current bundle, compiling it first if the sources changed. */
export async function importCompiled(entry) {
  if (process.env.GALLEY_FROM_SOURCE) return undefined
  try {
    return runEntry(currentBundle() ?? (await compile()), entry)
  } catch (error) {
    if (process.env.GALLEY_DEBUG) console.error(`galley: running from source: ${error.message}`)
    return undefined
  }
}

/** Scripts run in this thread, for `saveCodeCaches`. */
const scriptsRun = []

/** Run `entry` of the bundle in `folder` as a CommonJS module, through its code cache; its exports. */
export function runEntry(folder, entry) {
  const file = path.join(folder, `${entry}.cjs`)
  const cacheFile = path.join(folder, `${entry}.code-cache`)
  let cachedData
  let cachedBytecode = 0
  try {
    cachedData = readFileSync(cacheFile)
    cachedBytecode = JSON.parse(readFileSync(`${cacheFile}.json`, 'utf8')).bytecode
  } catch {}
  // The wrapper Node's own loader puts around a CommonJS module, on the first line so that the
  // bundle's line numbers stay right in stack traces.
  const bytes = readFileSync(file)
  // ASCII, as esbuild writes it, read as Latin-1: V8 keeps it one byte a character (a single
  // character beyond ASCII made the whole text two bytes a character, and decoding it took 40 ms).
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`
  const script = new Script(wrapped, { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(file), module, file, folder)
  if (script.cachedDataRejected !== false) cachedBytecode = 0
  scriptsRun.push({ script, cacheFile, cachedBytecode })
  return module.exports
}

/**
 * Keep the code this thread compiled for the next run when there was no cache, or when this run
 * compiled much more than the run that made it (V8 compiles a function on its first call: a `--help`
 * leaves out the renderers, a Latin article the CJK line breaking). Making the data takes 10 to 35 ms,
 * so the size of the bytecode in the heap decides, not the data.
 */
export function saveCodeCaches() {
  const { bytecode_and_metadata_size: bytecode } = getHeapCodeStatistics()
  for (const { script, cacheFile, cachedBytecode } of scriptsRun.splice(0)) {
    if (bytecode <= cachedBytecode * 1.1) continue
    try {
      writeAtomically(cacheFile, script.createCachedData())
      writeAtomically(`${cacheFile}.json`, JSON.stringify({ bytecode }))
    } catch (error) {
      // A read-only install runs without it.
      if (process.env.GALLEY_DEBUG) console.error(`galley: no code cache kept: ${error.message}`)
    }
  }
}

function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.${threadId}.tmp`
  writeFileSync(temporary, data)
  renameSync(temporary, file)
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
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // One file per entry: what a build does not need (a renderer, the preview) is compiled but not run.
    format: 'cjs',
    // No comments (some packages' have letters beyond ASCII) and half the text to read; names are kept.
    minifyWhitespace: true,
    platform: 'node',
    target: 'node20',
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    metafile: true,
    logLevel: 'silent',
    define: {
      // Where the compiled code lives, for the worker threads to load it.
      GALLEY_COMPILED: JSON.stringify(pathToFileURL(`${folder}/`).href),
      GALLEY_CODE_VERSION: JSON.stringify(await hashOfCode()),
    },
    plugins: [keepModuleUrls],
  })
  for (const entry of Object.keys(ENTRIES)) escapeBeyondAscii(path.join(folder, `${entry}.cjs`))
  // A worker thread's entry: an ES module that runs the bundle's script as this thread does.
  writeFileSync(
    path.join(folder, 'process-article.mjs'),
    `import { runEntry, saveCodeCaches } from ${JSON.stringify(import.meta.url)}\n` +
      `const entry = runEntry(${JSON.stringify(folder)}, 'process-article')\n` +
      'let done = 0\n' +
      '// A worker is stopped, not ended: it keeps its cache once it has built a few articles.\n' +
      'export async function processArticle(task) {\n' +
      '  const processed = await entry.processArticle(task)\n' +
      '  if (++done === 3) saveCodeCaches()\n' +
      '  return processed\n' +
      '}\n',
  )
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
 * esbuild escapes letters beyond ASCII in strings but not in regular expressions: escape those too, so
 * that the bundle reads as one byte a character (see runEntry). A `\\uXXXX` means the same letter in a
 * string, a template and a regular expression with or without the u flag; a letter beyond the BMP is
 * written as its surrogate pair, which all of them read as the one letter too.
 */
function escapeBeyondAscii(file) {
  const bytes = readFileSync(file)
  const text = bytes.toString('utf8')
  // After a backslash the escape would change the meaning: such a file is left as it is (read as UTF-8).
  if (isAscii(bytes) || /\\[^\0-\x7f]/.test(text)) return
  const escaped = text.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
  writeFileSync(file, escaped)
}

/**
 * The hash of Galley's code that pipeline/build/cache.ts `codeVersion` makes from the sources, made
 * once here for the bundle: reading some 200 files again took a tenth of a one-article build.
 */
async function hashOfCode() {
  const { glob } = await import('tinyglobby')
  const files = (await glob(CODE_FILES, { cwd: ROOT, onlyFiles: true })).sort()
  const hash = createHash('sha256')
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(ROOT, file)))
      .update('\0')
  return hash.digest('hex')
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
    // A bundled package's module too (pdfkit finds its colour profile, fdir makes its require from it).
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
