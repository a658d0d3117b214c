/**
 * Guards for what the command's bundle rewrites in its packages (bin/compiled.js, listed in
 * docs/dependencies.md): each rewrite is an exact piece of a package's source, so a release that
 * changes it fails here instead of leaving the bundle slower or its import() broken.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  FRANC_MODELS,
  FRANC_MODELS_ON_FIRST_USE,
  FUNCTION_IMPORT,
  NAMING_VISITS,
  OPTIONAL_PICOMATCH,
  PDFKIT_BINARY_STRING,
  PDFKIT_BINARY_STRING_NATIVE,
  TINY_INFLATE_EXPORT,
  TINY_INFLATE_NATIVE,
} from '../bin/compiled.js'
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

describe('franc 6.2.0: the bundle builds each language’s trigram table when first read (bin/compiled.js)', () => {
  const library = require.resolve('franc')

  it('finds the loop body it replaces, once, where franc builds its tables as it loads', () => {
    reliesOn(
      'forTheBundle (FRANC_MODELS)',
      'franc building every table with that exact loop body',
      occurrences(readFileSync(library, 'utf8'), FRANC_MODELS) === 1,
    )
  })

  it('ranks every text as franc itself does', async () => {
    // franc as the bundle has it, its own imports pointed back at the package.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'galley-franc-'))
    try {
      const beside = (specifier: string) => pathToFileURL(require.resolve(specifier)).href
      const rewritten = readFileSync(library, 'utf8')
        .replace(FRANC_MODELS, FRANC_MODELS_ON_FIRST_USE)
        .replace("from 'trigram-utils'", `from '${beside('trigram-utils')}'`)
        .replace("from './expressions.js'", `from '${beside('franc/expressions.js')}'`)
        .replace("from './data.js'", `from '${beside('franc/data.js')}'`)
      writeFileSync(path.join(folder, 'franc.js'), rewritten)
      const lazy = (await import(pathToFileURL(path.join(folder, 'franc.js')).href)) as typeof import('franc')
      const franc = await import('franc')
      const fixtures = path.resolve('tests/fixtures/language')
      const texts = readdirSync(fixtures).flatMap((name) =>
        readdirSync(path.join(fixtures, name))
          .filter((file) => file.endsWith('.md'))
          .map((file) => readFileSync(path.join(fixtures, name, file), 'utf8')),
      )
      expect(texts.length).toBeGreaterThan(15)
      for (const text of [...texts, 'Short.', '12345 67890', 'The quick brown fox jumps over the lazy dog again.']) {
        expect(lazy.francAll(text)).toEqual(franc.francAll(text))
        expect(lazy.francAll(text, { only: ['eng', 'rus', 'ukr', 'arb', 'cmn'] })).toEqual(
          franc.francAll(text, { only: ['eng', 'rus', 'ukr', 'arb', 'cmn'] }),
        )
      }
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('fdir 6.5.0: the bundle leaves out its optional load of picomatch (bin/compiled.js)', () => {
  it('finds the load it removes, once, and the glob() it serves is one tinyglobby never calls', () => {
    const fdir = path.join(path.dirname(require.resolve('fdir')), 'index.mjs')
    reliesOn(
      'forTheBundle (OPTIONAL_PICOMATCH)',
      'fdir loading picomatch with that exact statement',
      occurrences(readFileSync(fdir, 'utf8'), OPTIONAL_PICOMATCH) === 1,
    )
    const tinyglobby = readFileSync(path.join(path.dirname(require.resolve('tinyglobby')), 'index.mjs'), 'utf8')
    reliesOn(
      'forTheBundle (OPTIONAL_PICOMATCH)',
      'tinyglobby never calling fdir’s glob(), the only user of that picomatch',
      !/\.(glob|globWithOptions)\(/.test(tinyglobby),
    )
  })
})

describe('pdfkit 0.20.2: the bundle turns strings into bytes with Node’s latin1 encoding (bin/compiled.js)', () => {
  const library = require.resolve('pdfkit')

  it('finds the function it replaces, once, in the file the bundle takes', () => {
    reliesOn(
      'forTheBundle (PDFKIT_BINARY_STRING)',
      'pdfkit’s fromBinaryString written as that exact loop',
      occurrences(readFileSync(library, 'utf8'), PDFKIT_BINARY_STRING) === 1,
    )
  })

  it('gives the bytes pdfkit’s loop gives, beyond Latin-1 and across surrogate pairs too', () => {
    const upstream = new Function(`${PDFKIT_BINARY_STRING} return fromBinaryString`)() as (text: string) => Uint8Array
    const native = new Function('Buffer', `${PDFKIT_BINARY_STRING_NATIVE} return fromBinaryString`)(Buffer) as (
      text: string,
    ) => Uint8Array
    const every = String.fromCharCode(...Array.from({ length: 0x400 }, (_, code) => code))
    for (const text of [
      '',
      '%PDF-1.7\n',
      '%\xFF\xFF\xFF\xFF',
      every,
      'Ζ 中文 🎉 \uD800 \uDFFF ﬀ',
      'x'.repeat(20_000),
    ]) {
      const bytes = native(text)
      expect(bytes).toBeInstanceOf(Buffer)
      expect([...bytes]).toEqual([...upstream(text)])
    }
  })
})

describe('tiny-inflate 1.0.3: the bundle unpacks with Node’s zlib (bin/compiled.js)', () => {
  const library = require.resolve('tiny-inflate')
  type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array
  const native = (() => {
    const module = { exports: undefined as unknown as Inflate }
    new Function('module', 'require', TINY_INFLATE_NATIVE)(module, require)
    return module.exports
  })()

  it('finds the export it replaces, once, in the library', () => {
    reliesOn(
      'forTheBundle (TINY_INFLATE_EXPORT)',
      'tiny-inflate exporting tinf_uncompress with that exact statement',
      occurrences(readFileSync(library, 'utf8'), TINY_INFLATE_EXPORT) === 1,
    )
  })

  it('fills the destination as tiny-inflate does: exact, larger (a copy cut to length) and smaller (cut short)', () => {
    const tiny = require('tiny-inflate') as Inflate
    const text = readFileSync('tests/fixtures/every-element/input.md')
    const random = Uint8Array.from({ length: 50_000 }, (_, index) => (index * 7919) % 251)
    for (const original of [text, random, new Uint8Array(0), Buffer.from('a'.repeat(100_000))]) {
      const packed = deflateRawSync(original, { level: 9 })
      for (const size of [original.length, original.length + 17, Math.floor(original.length / 2)]) {
        const ours = native(packed, new Uint8Array(size))
        const theirs = tiny(packed, new Uint8Array(size))
        expect(ours.length).toBe(theirs.length)
        expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true)
      }
    }
  })
})

describe('the command’s bundle', () => {
  it('holds neither the naming of visits, an import() through new Function, franc’s eager tables, fdir’s picomatch nor pdfkit’s byte loop', async () => {
    // The command compiles the bundle when its sources changed.
    await run(process.execPath, ['bin/galley.js', '--help'])
    const { folder } = JSON.parse(readFileSync('node_modules/.cache/galley/current.json', 'utf8')) as { folder: string }
    const bundle = readFileSync(path.join('node_modules/.cache/galley', folder, 'cli.cjs'), 'latin1')
    expect(bundle).not.toContain('return import(s)')
    expect(bundle).not.toMatch(/defineProperty\(visit\d*,"name"/)
    // franc's tables are built when read, and fdir loads no picomatch of its own.
    expect(bundle).not.toMatch(/numericData\[script\d*\]\[name\d*\]=trigrams/)
    expect(bundle).toMatch(/Object\.defineProperty\(numericData\[script\d*\],name\d*,/)
    expect(bundle).not.toContain('__require("picomatch")')
    expect(bundle).toContain('fromBinaryString=str=>Buffer.from(str,"latin1")')
    expect(bundle).not.toMatch(/out\[i\d*\]=str\.charCodeAt\(i\d*\)&255/)
    expect(bundle).toContain('function inflateNatively(source,dest)')
    // What the rewrite removed is what the library has: the bundle still visits trees.
    expect(bundle).toContain('function visitParents(')
  }, 60_000)
})
