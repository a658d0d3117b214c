#!/usr/bin/env node
// Galley is written in TypeScript. The command runs it compiled ahead of time (see compiled.js),
// or straight from the sources through tsx's loader when that is not possible.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { importCompiled, saveCodeCaches } from './compiled.js'

let cli = await importCompiled('cli')
if (!cli) {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import('../pipeline/cli.ts')
}
process.exitCode = await cli.main(process.argv.slice(2), { restartWith })
saveCodeCaches()

/**
 * Run this same command again in a child Node started with `nodeFlags` (V8's flags cannot change
 * once it runs), and give back its exit code. The child leads a process group of its own, so a
 * Ctrl-C on the terminal reaches this process alone, which passes it on once, as it does SIGTERM and
 * SIGHUP; and should this process die any other way, the child sees its channel close and stops too.
 */
function restartWith(nodeFlags) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true,
    })
    const forward = (signal) => child.kill(signal)
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP']
    for (const signal of signals) process.on(signal, forward)
    const done = (code) => {
      for (const signal of signals) process.off(signal, forward)
      resolve(code)
    }
    child.on('error', (error) => {
      process.stderr.write(`galley: could not start Node again: ${error.message}\n`)
      done(2)
    })
    child.on('exit', (code, signal) => done(code ?? 128 + (constants.signals[signal] ?? 0)))
  })
}
