// How a bundle made by bin/compiled.js runs: each entry is one CommonJS file, run as a script with
// V8's code cache. Node 20 keeps no compiled code from one run to the next, and compiling Galley and
// its packages again on every start was a quarter of a one-article build. The cache, beside the
// bundle, holds the code as compiled by the fullest run so far. A copy of this file goes into each
// bundle's folder, for its worker threads: a bundle always runs with the loader it was made for.
import { isAscii } from 'node:buffer'
import { accessSync, constants, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { getHeapCodeStatistics } from 'node:v8'
import { Script } from 'node:vm'
import { threadId } from 'node:worker_threads'
import * as zlib from 'node:zlib'

// Galley's import() in a script run from the code cache (see pipeline/import-module.ts).
globalThis[Symbol.for('galley.import')] ??= (specifier) => import(specifier)

/** Scripts run in this thread, for `saveCodeCaches`. */
const scriptsRun = []

// A code cache file: the CRC-32 of V8's data and the heap's bytecode size when it was made (two
// 32-bit numbers), then the data. V8 checks the data's header but, in a release build, not the rest:
// a cache damaged past its header was accepted and ended the process.
const CACHE_HEADER_BYTES = 8
// zlib's crc32 came with Node 20.15: an older Node 20 runs the bundle without a cache.
const crc32 = zlib.crc32

/** Run `entry` of the bundle in `folder` as a CommonJS module, through its code cache; its exports. */
export function runEntry(folder, entry) {
  const file = path.join(folder, `${entry}.cjs`)
  const cacheFile = path.join(folder, `${entry}.code-cache`)
  const cache = readCodeCache(cacheFile)
  // Marked as in use: a bundle replaced by a newer one is removed only once unused for an hour.
  touch(folder)
  const bytes = readFileSync(file)
  // ASCII, as esbuild writes it, read as Latin-1: V8 keeps it one byte a character (a single
  // character beyond ASCII made the whole text two bytes a character, and decoding it took 40 ms).
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
  // The wrapper Node's own loader puts around a CommonJS module, on the first line so that the
  // bundle's line numbers stay right in stack traces.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`
  const script = new Script(wrapped, { filename: file, cachedData: cache?.data })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(file), module, file, folder)
  scriptsRun.push({ script, cacheFile, cachedBytecode: script.cachedDataRejected === false ? cache.bytecode : 0 })
  return module.exports
}

/** V8's data and the bytecode size of the run that made it, or undefined when missing or damaged. */
function readCodeCache(cacheFile) {
  let bytes
  try {
    bytes = readFileSync(cacheFile)
  } catch {
    return undefined
  }
  if (!crc32 || bytes.length <= CACHE_HEADER_BYTES) return undefined
  const data = bytes.subarray(CACHE_HEADER_BYTES)
  if (crc32(data) !== bytes.readUInt32LE(0)) return undefined
  return { data, bytecode: bytes.readUInt32LE(4) }
}

/**
 * Keep the code this thread compiled for the next run when there was no cache, or when this run
 * compiled much more than the run that made it (V8 compiles a function on its first call: a `--help`
 * leaves out the renderers, a Latin article the CJK line breaking). Making the data takes 10 to 35 ms,
 * so the size of the bytecode in the heap decides, not the data.
 */
export function saveCodeCaches() {
  const { bytecode_and_metadata_size: bytecode } = getHeapCodeStatistics()
  for (const run of scriptsRun) {
    if (!crc32 || bytecode <= run.cachedBytecode * 1.1 || !writable(path.dirname(run.cacheFile))) continue
    const data = run.script.createCachedData()
    const header = Buffer.alloc(CACHE_HEADER_BYTES)
    header.writeUInt32LE(crc32(data), 0)
    header.writeUInt32LE(Math.min(bytecode, 0xffffffff), 4)
    const temporary = `${run.cacheFile}.${process.pid}.${threadId}.tmp`
    try {
      writeFileSync(temporary, Buffer.concat([header, data]))
      renameSync(temporary, run.cacheFile)
      run.cachedBytecode = bytecode
    } catch (error) {
      rmSync(temporary, { force: true })
      if (process.env.GALLEY_DEBUG) console.error(`galley: no code cache kept: ${error.message}`)
    }
  }
}

// A read-only install runs without a cache, and without making the data it could not keep.
function writable(folder) {
  try {
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

function touch(folder) {
  try {
    const now = new Date()
    utimesSync(folder, now, now)
  } catch {
    // Read-only: nothing removes it either.
  }
}
