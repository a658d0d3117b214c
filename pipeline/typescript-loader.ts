/**
 * The command runs Galley compiled ahead of time (`bin/compiled.js`), with no TypeScript loader;
 * templates and a config written in TypeScript are compiled with esbuild when they are loaded.
 * Run from the sources (tsx, vitest), a loader is already there.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { threadId } from 'node:worker_threads'
import { importModule } from './import-module.ts'

// Replaced with the bundle's folder URL by the compiler; not defined when run from the sources.
declare const GALLEY_COMPILED: string | undefined

/** The folder of the compiled bundle this code runs from, if it does. */
export const compiledBundle: string | undefined = typeof GALLEY_COMPILED === 'string' ? GALLEY_COMPILED : undefined

/**
 * Import a config or template (`url` may carry a version query). Compiled, a TypeScript file is
 * bundled with its relative imports by esbuild into one ES module beside the command's bundle and
 * imported from there: no loader thread to start (tsx's took most of a one-article build's start),
 * and ES module either way, whatever the site's package.json says. Its packages stay imports,
 * found from where the bundle lies; each file keeps its own `import.meta.url`.
 */
export async function importUserModule(file: string, url: string): Promise<{ default?: unknown }> {
  if (!compiledBundle || !/\.[cm]?tsx?$/.test(file)) return importModule<{ default?: unknown }>(url)
  const folder = path.join(fileURLToPath(compiledBundle), 'user')
  const compiled = compiledBefore(folder, file) ?? (await compileUserModule(folder, file))
  return importModule<{ default?: unknown }>(pathToFileURL(compiled).href)
}

/** What a compiled file was made from: each input's size and time, and the compiled module's name. */
interface CompiledRecord {
  inputs: Record<string, [size: number, mtimeMs: number]>
  module: string
}

const recordOf = (folder: string, file: string) =>
  path.join(folder, `${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16)}.json`)

/**
 * The module compiled from `file` by an earlier command, when none of its inputs changed since: esbuild
 * takes a tenth of a second to start, more than a one-article build spends on anything else at that point.
 */
function compiledBefore(folder: string, file: string): string | undefined {
  let record: CompiledRecord
  try {
    record = JSON.parse(readFileSync(recordOf(folder, file), 'utf8')) as CompiledRecord
  } catch {
    return undefined
  }
  for (const [input, [size, mtimeMs]] of Object.entries(record.inputs)) {
    const info = statSync(input, { throwIfNoEntry: false })
    if (!info || info.size !== size || info.mtimeMs !== mtimeMs) return undefined
  }
  const compiled = path.join(folder, record.module)
  return existsSync(compiled) ? compiled : undefined
}

async function compileUserModule(folder: string, file: string): Promise<string> {
  const { build } = await importModule<typeof import('esbuild')>('esbuild')
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'satori/jsx',
    logLevel: 'silent',
    plugins: [keepModuleUrls],
  })
  const code = result.outputFiles[0]!.text
  const compiled = path.join(folder, `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`)
  mkdirSync(folder, { recursive: true })
  writeAtomically(compiled, code)
  const inputs: CompiledRecord['inputs'] = {}
  for (const input of Object.keys(result.metafile.inputs)) {
    const info = statSync(path.resolve(input))
    inputs[path.resolve(input)] = [info.size, info.mtimeMs]
  }
  writeAtomically(recordOf(folder, file), JSON.stringify({ inputs, module: path.basename(compiled) }))
  return compiled
}

/** Write through a temporary file: workers compiling the same template at once never read half a file. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${threadId}.tmp`
  writeFileSync(temporary, text)
  renameSync(temporary, file)
}

// Spelt in parts: bin/compiled.js rewrites that expression wherever it appears in Galley's own code.
const MODULE_URL = ['import', 'meta', 'url'].join('.')

/** Each module of a user's file keeps its own `import.meta.url` (a template reads files beside it). */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build: {
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => Promise<{ contents: string; loader: 'ts' | 'tsx' | 'js' | 'jsx' }>,
    ): void
  }) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll(
        MODULE_URL,
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: (path.extname(args.path).replace(/^\.[cm]?/, '') || 'js') as 'ts' | 'tsx' | 'js' | 'jsx',
    }))
  },
}
