/**
 * Guards for what the command's bundle rewrites in its packages (bin/compiled.js, listed in
 * docs/dependencies.md): each rewrite is an exact piece of a package's source, so a release that
 * changes it fails here instead of leaving the bundle slower or its import() broken.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { FUNCTION_IMPORT, NAMING_VISITS } from '../bin/compiled.js'
import { reliesOn } from './helpers/relies-on.ts'

const run = promisify(execFile)
const require = createRequire(import.meta.url)
const sourceOf = (specifier: string) => readFileSync(require.resolve(specifier), 'utf8')
const occurrences = (text: string, piece: string) => text.split(piece).length - 1

describe('unist-util-visit-parents 6.1.0: the bundle leaves out the naming of visits (bin/compiled.js)', () => {
  it('finds the statement it removes, once, where every pass over a tree goes', () => {
    const library = path.join(path.dirname(require.resolve('unist-util-visit-parents')), 'lib', 'index.js')
    reliesOn(
      'forTheBundle (NAMING_VISITS)',
      'unist-util-visit-parents naming each visit function with that exact defineProperty',
      occurrences(readFileSync(library, 'utf8'), NAMING_VISITS) === 1,
    )
  })
})

describe('satori 0.63.2: its import() through new Function goes through the lent import (bin/compiled.js)', () => {
  it('finds the expression it replaces', () => {
    reliesOn(
      'forTheBundle (FUNCTION_IMPORT)',
      'satori importing node:dns/promises through that exact new Function',
      occurrences(sourceOf('satori'), FUNCTION_IMPORT) === 1,
    )
  })
})

describe('the command’s bundle', () => {
  it('holds neither the naming of visits nor an import() through new Function', async () => {
    // The command compiles the bundle when its sources changed.
    await run(process.execPath, ['bin/galley.js', '--help'])
    const { folder } = JSON.parse(readFileSync('node_modules/.cache/galley/current.json', 'utf8')) as { folder: string }
    const bundle = readFileSync(path.join('node_modules/.cache/galley', folder, 'cli.cjs'), 'latin1')
    expect(bundle).not.toContain('return import(s)')
    expect(bundle).not.toMatch(/defineProperty\(visit\d*,"name"/)
    // What the rewrite removed is what the library has: the bundle still visits trees.
    expect(bundle).toContain('function visitParents(')
  }, 60_000)
})
