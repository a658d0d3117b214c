// Galley's code compiled ahead of time, for the command line. Galley is written in TypeScript and
// tsx can run it as it is, but tsx's loader is a thread of its own that takes a quarter of a second
// to start, and every module then goes through it: for a build with nothing to do that was most of
// the command's time. So the first command after a change bundles pipeline/ with esbuild (the
// compiler tsx itself uses) into node_modules/.cache/galley, and later commands run that bundle
// (see run-bundle.js). Templates and a TypeScript config are compiled when they are loaded (see
// pipeline/typescript-loader.ts). Any problem here falls back to running the sources through tsx.
import { isAscii } from 'node:buffer'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runEntry } from './run-bundle.js'

export { saveCodeCaches } from './run-bundle.js'

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
// hyphen's patterns chosen by language) and those only a rare command needs
// (juice, katex). Everything else, the patched packages included, is one copy in the bundle, which
// their dependants share. Galley's own import() of these goes through pipeline/import-module.ts.
const EXTERNAL = ['@resvg/resvg-js', 'esbuild', 'tsx', 'piscina', 'hyphen', 'juice', 'katex']

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
  // What the build cache's code version covers, measured before it is read: an edit made while this
  // compiles leaves a size or time that no longer matches, and the next command compiles again.
  const { glob } = await import('tinyglobby')
  const codeFiles = (await glob(CODE_FILES, { cwd: ROOT, onlyFiles: true })).sort()
  const inputs = {}
  const measure = (file) => {
    const info = statSync(path.join(ROOT, file), { throwIfNoEntry: false })
    if (info) inputs[file] = [info.size, info.mtimeMs]
  }
  for (const file of codeFiles) measure(file)
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: folder,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // One file per entry: what a build does not need (a renderer, the preview) is compiled but not run.
    format: 'cjs',
    // No comments (some packages' have letters beyond ASCII) and half the text to read; names are kept,
    // and the packages' licence notices go to a file of their own beside the bundle.
    minifyWhitespace: true,
    legalComments: 'external',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    metafile: true,
    logLevel: 'silent',
    define: {
      // Where the compiled code lives, for the worker threads to load it.
      GALLEY_COMPILED: JSON.stringify(pathToFileURL(`${folder}/`).href),
      GALLEY_CODE_VERSION: JSON.stringify(hashOfCode(codeFiles)),
    },
    plugins: [forTheBundle],
  })
  for (const entry of Object.keys(ENTRIES)) await escapeRegExpLetters(path.join(folder, `${entry}.cjs`))
  // A worker thread's entry: an ES module that runs the bundle's script as this thread does, with the
  // loader the bundle was made with. A worker is stopped, not ended: it keeps its code cache after its
  // first article and its tenth.
  copyFileSync(path.join(ROOT, 'bin', 'run-bundle.js'), path.join(folder, 'run-bundle.mjs'))
  writeFileSync(
    path.join(folder, 'process-article.mjs'),
    "import { runEntry, saveCodeCaches } from './run-bundle.mjs'\n" +
      `const entry = runEntry(${JSON.stringify(folder)}, 'process-article')\n` +
      'let done = 0\n' +
      'export async function processArticle(task) {\n' +
      '  const processed = await entry.processArticle(task)\n' +
      '  if (++done === 1 || done === 10) saveCodeCaches()\n' +
      '  return processed\n' +
      '}\n',
  )
  // The packages' files are not checked one by one: an install rewrites the lock files.
  const watched = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'))
  for (const file of [...watched, 'bin/compiled.js', 'bin/run-bundle.js', 'node_modules/.package-lock.json'])
    if (!(file in inputs)) measure(file)
  mkdirSync(CACHE, { recursive: true })
  const temporary = `${POINTER}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify({ folder: name, inputs }))
  renameSync(temporary, POINTER)
  for (const old of readdirSync(CACHE)) {
    const oldFolder = path.join(CACHE, old)
    try {
      if (old.startsWith('bundle-') && old !== name && Date.now() - statSync(oldFolder).mtimeMs > KEEP_OLD_MS)
        rmSync(oldFolder, { recursive: true, force: true })
    } catch {
      // Another command removed it first.
    }
  }
  return folder
}

/**
 * esbuild escapes letters beyond ASCII in strings, templates and names, but not in regular
 * expressions: escape them there too, so that the bundle reads as one byte a character (see
 * runEntry). In a regular expression, with or without the u flag, `\\uXXXX` is the letter itself
 * (a letter beyond the BMP as its surrogate pair, read as the one letter) and so is `\\` before the
 * letter (an identity escape). A file that still holds such letters (a tagged template keeps them,
 * its raw text being part of its meaning) is read as UTF-8.
 */
async function escapeRegExpLetters(file) {
  const text = readFileSync(file, 'utf8')
  if (isAscii(Buffer.from(text))) return
  const { tokenizer } = await import('acorn')
  let escaped = ''
  let copied = 0
  for (const token of tokenizer(text, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true })) {
    if (token.type.label !== 'regexp' || isAscii(Buffer.from(text.slice(token.start, token.end)))) continue
    escaped += text.slice(copied, token.start)
    escaped += escapedLetters(text.slice(token.start, token.end))
    copied = token.end
  }
  writeFileSync(file, escaped + text.slice(copied))
}

/** A regular expression literal with each UTF-16 unit beyond ASCII, escaped or not, as `\\uXXXX`. */
function escapedLetters(literal) {
  const escape = (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`
  let escaped = ''
  for (let index = 0; index < literal.length; index++) {
    const unit = literal[index]
    if (unit === '\\' && index + 1 < literal.length) {
      const next = literal[++index]
      escaped += next > '\x7f' ? escape(next) : unit + next
    } else escaped += unit > '\x7f' ? escape(unit) : unit
  }
  return escaped
}

/**
 * The hash of Galley's code that pipeline/build/cache.ts `codeVersion` makes from the sources, made
 * once here for the bundle: reading some 200 files again took a tenth of a one-article build.
 */
function hashOfCode(files) {
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
 * dependencies relative to where its source file is, not where the bundle is. A package's own
 * `import()` made through `new Function` (satori's check of a remote image's address) goes through
 * the import lent to the bundle, the only one a script run from the code cache has.
 */
const forTheBundle = {
  name: 'for-the-bundle',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }))
    build.onLoad({ filter: /node_modules.*\.m?js$/ }, async (args) => {
      const code = await readFile(args.path, 'utf8')
      const rewrites = PACKAGE_REWRITES.filter(([piece]) => code.includes(piece))
      if (!code.includes('import.meta.url') && rewrites.length === 0) return undefined
      let contents = code.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
      for (const [piece, replacement] of rewrites) contents = contents.replaceAll(piece, replacement)
      return { contents, loader: 'js' }
    })
  },
}
// franc turns the trigram list of each of its 163 languages into a table as it loads, 10 to 15 ms
// of every start that detects a language, though a text is compared only with the languages of its
// own script that the caller allows (Galley: 72 for a Latin text, 15 for a Cyrillic one). The bundle
// builds each table when first read; the tables, and so the scores, are the same.
export const FRANC_MODELS = `        const model = languages[name].split('|')
        /** @type {Record<string, number>} */
        const trigrams = {}
        let weight = model.length

        while (weight--) {
          trigrams[model[weight]] = weight
        }

        numericData[script][name] = trigrams`
export const FRANC_MODELS_ON_FIRST_USE = `        const list = languages[name]
        /** @type {Record<string, number> | undefined} */
        let trigrams
        Object.defineProperty(numericData[script], name, {
          enumerable: true,
          configurable: true,
          get() {
            if (!trigrams) {
              const model = list.split('|')
              trigrams = {}
              let weight = model.length
              while (weight--) trigrams[model[weight]] = weight
            }
            return trigrams
          }
        })`
// fdir loads picomatch, if installed, for a glob() that tinyglobby never calls (it filters with its own
// picomatch): through Node's loader, uncompiled, on every start. The bundle leaves the load out.
export const OPTIONAL_PICOMATCH = `try {
	__require.resolve("picomatch");
	pm = __require("picomatch");
} catch {}`
export const FUNCTION_IMPORT = 'new Function("s","return import(s)")'
// unist-util-visit-parents names each node's visit function after the node, for stack traces: a
// defineProperty for every node of every pass over every tree, 4 % of a build's CPU. The bundle
// leaves it out (docs/dependencies.md); only the names of those functions change.
export const NAMING_VISITS = `      Object.defineProperty(visit, 'name', {
        value:
          'node (' + color(node.type + (name ? '<' + name + '>' : '')) + ')'
      })`
// pdfkit turns every string it writes (each object, each line of a content stream) into bytes a
// character at a time in JavaScript, and its document, a Readable, then copies each such Uint8Array
// into a Buffer: 1 % of a batch's CPU. Node's latin1 encoding keeps the low byte of each UTF-16 unit
// as the loop does, and gives a Buffer, which the stream takes as it is.
export const PDFKIT_BINARY_STRING = `const fromBinaryString = str => {
  const out = new Uint8Array(str.length);
  for (let i = 0; i < str.length; i++) {
    out[i] = str.charCodeAt(i) & 0xff;
  }
  return out;
};`
export const PDFKIT_BINARY_STRING_NATIVE = "const fromBinaryString = str => Buffer.from(str, 'latin1');"
// fontkit's Unicode properties, its shapers' tables and satori's line breaking each load a trie stored
// deflated twice, which tiny-inflate unpacks in JavaScript: some 20 ms of every start that renders.
// Node's zlib unpacks the same raw deflate streams natively, into the same destination.
export const TINY_INFLATE_EXPORT = 'module.exports = tinf_uncompress;'
export const TINY_INFLATE_NATIVE = `module.exports = function inflateNatively(source, dest) {
  const inflated = require('node:zlib').inflateRawSync(source);
  dest.set(inflated.length > dest.length ? inflated.subarray(0, dest.length) : inflated);
  return inflated.length >= dest.length ? dest : dest.slice(0, inflated.length);
};`
/**
 * What the bundle rewrites in its packages (docs/dependencies.md): each piece is an exact part of a
 * package's source, which its guard in tests/patches-bundle.test.ts finds once, and what it becomes.
 */
const PACKAGE_REWRITES = [
  [FUNCTION_IMPORT, "((specifier) => globalThis[Symbol.for('galley.import')](specifier))"],
  [NAMING_VISITS, ''],
  [FRANC_MODELS, FRANC_MODELS_ON_FIRST_USE],
  [OPTIONAL_PICOMATCH, ''],
  [PDFKIT_BINARY_STRING, PDFKIT_BINARY_STRING_NATIVE],
  [TINY_INFLATE_EXPORT, TINY_INFLATE_NATIVE],
]
