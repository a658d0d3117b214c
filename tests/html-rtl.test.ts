/**
 * Right-to-left and mixed-direction pages in a real browser (Debian's Chromium through
 * puppeteer-core): the page is as wide as the viewport at desktop and phone widths (no sideways
 * scroll from off-screen elements), blocks that read the other way carry `dir="auto"`, code stays
 * left to right, and names and dates in the byline are isolated in `<bdi>`.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from '../pipeline/index.ts'
import { testConfig } from './helpers/articles.ts'
import { launchChromium } from './helpers/axe.ts'

const sources = ['tests/fixtures/language/hebrew/input.md', 'tests/fixtures/language/arabic/input.md']
let out: string
let browser: Browser

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'galley-rtl-'))
  // Fixture folders all hold an input.md: each is built into a folder of its own.
  for (const source of sources) {
    const name = path.basename(path.dirname(source))
    const result = await build({
      targets: [source],
      outDir: path.join(out, name),
      formats: ['html'],
      config: { config: testConfig },
    })
    expect(result.exitCode).toBe(0)
  }
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

const pageFile = (name: string) => path.join(out, name, 'input', 'index.html')

describe.each(['hebrew', 'arabic'])('the %s page', (name) => {
  for (const width of [1280, 390]) {
    it(`is no wider than a ${width} px viewport (no sideways scroll)`, { timeout: 30_000 }, async () => {
      const page = await browser.newPage()
      await page.setViewport({ width, height: 900 })
      await page.goto(`file://${pageFile(name)}`)
      // A string: the function runs in the page, where the DOM's types are not this project's.
      const { scrollWidth, clientWidth, dir } = (await page.evaluate(
        '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, dir: document.documentElement.dir })',
      )) as { scrollWidth: number; clientWidth: number; dir: string }
      expect(dir).toBe('rtl')
      expect(scrollWidth).toBe(clientWidth)
      expect(clientWidth).toBe(width)
      if (process.env.GALLEY_SCREENSHOTS)
        await page.screenshot({
          path: `${path.join(process.env.GALLEY_SCREENSHOTS, `${name}-${width}`)}.png`,
          fullPage: true,
        })
      await page.close()
    })
  }

  it('marks the English paragraph dir="auto" and isolates names and dates in the byline', () => {
    const html = readFileSync(pageFile(name), 'utf8')
    expect(html).toMatch(/<p dir="auto">[^<]*(?:The sentence in English|Editors are chosen)/)
    expect(html).toMatch(/<p class="byline"><span class="author">[^<]*<bdi>/)
    expect(html).toMatch(/<bdi><time datetime="2023-05-03">/)
  })
})
