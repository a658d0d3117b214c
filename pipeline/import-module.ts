/**
 * `import()` for what the command's bundle leaves out: the packages it keeps external, and the
 * templates and configs of a site. The compiled command runs its bundle as a script with V8's code
 * cache (bin/run-bundle.js), and Node 20 gives such a script no import() of its own (the main
 * context's loader, `vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER`, answers only a script compiled
 * without cached data): the command lends it one under this symbol. Run from the sources, this
 * module's own import() does the work.
 */
const LENT_IMPORT = Symbol.for('galley.import')

type Importer = (specifier: string) => Promise<unknown>

/** Import `specifier` (a package name or an absolute URL, never a relative path). */
export function importModule<Module>(specifier: string): Promise<Module> {
  const lent = (globalThis as { [LENT_IMPORT]?: Importer })[LENT_IMPORT]
  return (lent ? lent(specifier) : import(specifier)) as Promise<Module>
}
