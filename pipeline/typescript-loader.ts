/**
 * The command runs Galley compiled ahead of time (`bin/compiled.js`), with no TypeScript loader;
 * templates and a config written in TypeScript need one, registered when the first is loaded.
 * Run from the sources (tsx, vitest), a loader is already there.
 */

// Replaced with the bundle's folder URL by the compiler; not defined when run from the sources.
declare const GALLEY_COMPILED: string | undefined

/** The folder of the compiled bundle this code runs from, if it does. */
export const compiledBundle: string | undefined = typeof GALLEY_COMPILED === 'string' ? GALLEY_COMPILED : undefined

let registered: Promise<void> | undefined

/** Make sure `file` can be imported: register tsx first when it is TypeScript and none is there. */
export function allowTypeScript(file: string): Promise<void> {
  if (!compiledBundle || !/\.[cm]?tsx?$/.test(file)) return Promise.resolve()
  registered ??= import('tsx/esm/api').then(({ register }) => void register())
  return registered
}
