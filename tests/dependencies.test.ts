/**
 * docs/dependencies.md lists every patch of a dependency's internals: each package it names is pinned
 * to that exact version in package.json, installed at it, and each guard test it names exists.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const doc = readFileSync('docs/dependencies.md', 'utf8')
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
const rows = [...doc.matchAll(/^\| ([@\w./-]+) \| (\d+\.\d+\.\d+) \| (.+) \|$/gm)].map(([, name, version, rest]) => ({
  name: name!,
  version: version!,
  patch: /`([^`]+)`/.exec(rest!)?.[1] ?? rest!.slice(0, 40),
  tests: [...rest!.matchAll(/`(tests\/[\w./-]+\.ts)`/g)].map((match) => match[1]!),
}))

describe('docs/dependencies.md', () => {
  it('lists the patched packages', () => {
    expect(new Set(rows.map((row) => row.name))).toEqual(
      new Set([
        'fontkit',
        'pdfkit',
        'jszip',
        'epub-gen-memory',
        'satori',
        'mathjax-full',
        'hyphen',
        'unist-util-visit-parents',
        'franc',
        'fdir',
        'tiny-inflate',
      ]),
    )
  })

  for (const row of rows) {
    it(`${row.name} (${row.patch}): pinned to ${row.version}, installed at it, guarded by tests that exist`, () => {
      expect(pkg.dependencies[row.name], `package.json pins ${row.name}`).toBe(row.version)
      const installed = (
        JSON.parse(readFileSync(`node_modules/${row.name}/package.json`, 'utf8')) as { version: string }
      ).version
      expect(installed, `node_modules holds ${row.name}@${row.version}`).toBe(row.version)
      expect(row.tests.length).toBeGreaterThan(0)
      for (const test of row.tests) expect(existsSync(test), test).toBe(true)
    })
  }
})
