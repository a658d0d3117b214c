#!/usr/bin/env node
// Galley is written in TypeScript and runs from source: tsx's loader compiles each module on import,
// so `npx galley` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../pipeline/cli.ts')
process.exitCode = await main(process.argv.slice(2))
