#!/usr/bin/env node
// Galley is written in TypeScript. The command runs it compiled ahead of time (see compiled.js),
// or straight from the sources through tsx's loader when that is not possible.
import { importCompiled } from './compiled.js'

let cli = await importCompiled('cli')
if (!cli) {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import('../pipeline/cli.ts')
}
process.exitCode = await cli.main(process.argv.slice(2))
