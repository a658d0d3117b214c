/**
 * The command runs Galley compiled ahead of time (`bin/compiled.js`), with no TypeScript loader;
 * templates and a config written in TypeScript are imported through tsx when they are loaded.
 * Run from the sources (tsx, vitest), a loader is already there.
 */

import { pathToFileURL } from 'node:url'

// Replaced with the bundle's folder URL by the compiler; not defined when run from the sources.
declare const GALLEY_COMPILED: string | undefined

/** The folder of the compiled bundle this code runs from, if it does. */
export const compiledBundle: string | undefined = typeof GALLEY_COMPILED === 'string' ? GALLEY_COMPILED : undefined

/**
 * Import a config or template (`url` may carry a version query). Compiled, a TypeScript file goes
 * through tsx's `tsImport`, which also loads files outside an ES-module package (tsx's global hooks
 * do not) and reads the file afresh on every call; callers import again only when it changed.
 */
export async function importUserModule(file: string, url: string): Promise<{ default?: unknown }> {
  if (!compiledBundle || !/\.[cm]?tsx?$/.test(file)) return (await import(url)) as { default?: unknown }
  const { tsImport } = await import('tsx/esm/api')
  const namespace = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown }
  // Compiled to CommonJS (see above), `export default` arrives as the default of `module.exports`.
  const value = namespace.default as { __esModule?: unknown; default?: unknown } | undefined
  return typeof value === 'object' && value !== null && value.__esModule === true && 'default' in value
    ? { default: value.default }
    : namespace
}
