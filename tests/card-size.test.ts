/**
 * The card's size has one source, the og template's layout (templates/og/layout.ts): a template drawn
 * at another size is announced at that size by the page, and the default theme comes from
 * templates/shared/theme.ts.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fromHtml } from 'hast-util-from-html'
import { select } from 'hast-util-select'
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import { environmentKeys } from '../pipeline/build/cache.ts'
import { build } from '../pipeline/index.ts'
import { layout } from '../templates/og/layout.ts'
import { defaultTheme } from '../templates/shared/theme.ts'
import { parseFixture } from './helpers/articles.ts'
import { pngHeader } from './helpers/og.ts'

describe('the card size', () => {
  it('is the built-in template’s layout when the site has no og template of its own', async () => {
    const { article } = await parseFixture('tests/fixtures/og/cyrillic/input.md')
    expect(article!.metadata.card).toMatchObject({ width: layout.width, height: layout.height })
  })

  it('follows a copied og template drawn square, in the page’s og:image:width and height and the PNG', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-card-size-'))
    cpSync('templates/og', path.join(dir, 'square-og'), { recursive: true })
    const layoutFile = path.join(dir, 'square-og', 'layout.ts')
    const source = readFileSync(layoutFile, 'utf8')
    expect(source).toMatch(/const WIDTH = 1200\nconst HEIGHT = 630\n/)
    writeFileSync(
      layoutFile,
      source.replace('const WIDTH = 1200', 'const WIDTH = 1080').replace('const HEIGHT = 630', 'const HEIGHT = 1080'),
    )
    cpSync('tests/fixtures/og/cyrillic/input.md', path.join(dir, 'story.md'))
    const config = resolveConfig(
      { siteName: 'Square Desk', siteUrl: 'https://square.example.org', templates: { og: './square-og' } },
      dir,
    )
    const result = await build({
      targets: ['story.md'],
      cwd: dir,
      outDir: 'out',
      formats: ['html', 'og'],
      config: { config },
    })
    expect(result.exitCode).toBe(0)
    const page = fromHtml(readFileSync(path.join(dir, 'out', 'story', 'index.html'), 'utf8'))
    const meta = (property: string) => select(`meta[property="${property}"]`, page)?.properties.content
    expect([meta('og:image:width'), meta('og:image:height')]).toEqual(['1080', '1080'])
    const png = pngHeader(readFileSync(path.join(dir, 'out', 'story', 'og.png')))
    expect([png.width, png.height]).toEqual([1080, 1080])
  }, 120_000)

  it('is part of the page’s cache key, which another change to the card template leaves alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-card-key-'))
    cpSync('templates/og', path.join(dir, 'my-og'), { recursive: true })
    const config = resolveConfig({ siteName: 'Key Desk', templates: { og: './my-og' } }, dir)
    const key = async () => (await environmentKeys(config, ['html'])).html
    const index = path.join(dir, 'my-og', 'index.tsx')
    const first = await key()
    appendFileSync(index, '\n// restyled\n')
    expect(await key()).toBe(first)
    // The size set in the template's own module (run from the sources, a changed import is not read again).
    const source = readFileSync(index, 'utf8')
    expect(source).toContain('const template: OgTemplate = { layout, render }')
    writeFileSync(
      index,
      source.replace('{ layout, render }', '{ layout: { ...layout, width: 1080, height: 1080 }, render }'),
    )
    // A page kept from a 1200 × 630 build would announce the wrong size.
    expect(await key()).not.toBe(first)
  })
})

describe('the default theme', () => {
  it('comes from templates/shared/theme.ts, and the Theme type documents the same defaults', () => {
    expect(resolveConfig({}, process.cwd()).theme).toEqual(defaultTheme)
    const types = readFileSync('pipeline/types.ts', 'utf8')
    for (const [name, colour] of Object.entries(defaultTheme))
      expect(types, `pipeline/types.ts documents theme.${name}`).toMatch(
        new RegExp(`Default \`${colour}\`\\. \\*/\\n  ${name}: string`),
      )
  })
})
