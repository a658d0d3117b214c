/**
 * The real posts (../shared/corpus/articles and ../shared/corpus/more, read in place): axe-core on
 * their pages, the structure checks on their PDFs; and the theme check at build time, held against
 * what axe measures on pages built with a theme.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import { defaultTheme as DEFAULT_THEME } from '../templates/shared/theme.ts'
import { build } from '../pipeline/index.ts'
import { themeContrastProblems } from '../pipeline/theme-contrast.ts'
import type { Format, Theme } from '../pipeline/types.ts'
import { axeFiles, describeViolations, launchChromium } from './helpers/axe.ts'
import {
  documentProblems,
  headingProblems,
  positionOrderProblems,
  tableAndFigureProblems,
  untaggedContent,
} from './helpers/pdf-structure.ts'

const CORPUS = ['../shared/corpus/articles', '../shared/corpus/more'].map((folder) => path.resolve(folder))

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
}, 60_000)
afterAll(async () => {
  await browser?.close()
})

/** Build `targets` into a fresh folder (HTML, or `formats`); the result and the pages written (index included). */
async function buildPages(targets: string[], theme?: Partial<Theme>, formats: Format[] = ['html']) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'galley-axe-'))
  const config = resolveConfig({ siteName: 'Galley News', siteUrl: 'https://news.example.org', theme }, process.cwd())
  const result = await build({ targets, outDir: out, formats, config: { config } })
  const built = result.articles.filter((article) => article.artifacts.html)
  const pages = built.map((article) => path.join(out, article.slug!, 'index.html'))
  const pdfs = built.map((article) => path.join(out, article.slug!, `${article.slug}.pdf`))
  return { result, pages: [...pages, path.join(out, 'index.html')], pdfs }
}

describe.skipIf(!CORPUS.every((folder) => existsSync(folder)))('the corpus', () => {
  let corpus: Awaited<ReturnType<typeof buildPages>>
  beforeAll(async () => {
    corpus = await buildPages(CORPUS, undefined, ['html', 'pdf'])
  }, 180_000)

  it('pages have no serious or critical axe-core violation, on a narrow screen where most scrolls', async () => {
    expect(corpus.pages.length).toBeGreaterThanOrEqual(40)
    const violations = await axeFiles(browser, corpus.pages, { width: 375, height: 800 })
    expect(describeViolations(violations)).toEqual([])
  }, 240_000)

  // The text comparison (readingOrderProblems) is left to the fixtures: on real posts pdftotext's
  // own layout moves text about (right-to-left lines, a formula's text after its paragraph).
  it('PDFs are tagged or artifacts throughout, in page order, with nested headings, TH, alt, language and title', async () => {
    const problems: string[] = []
    for (const file of corpus.pdfs)
      for (const check of [
        untaggedContent,
        headingProblems,
        tableAndFigureProblems,
        positionOrderProblems,
        documentProblems,
      ])
        problems.push(...(await check(file)).map((problem) => `${path.basename(file)}: ${problem}`))
    expect(problems).toEqual([])
  }, 120_000)
})

describe('the theme check', () => {
  it('passes the default theme', () => {
    expect(themeContrastProblems(DEFAULT_THEME)).toEqual([])
  })

  it('names each faint colour with its worst surface and ratio', () => {
    expect(themeContrastProblems({ ...DEFAULT_THEME, muted: '#999999' })).toEqual([
      { colour: 'muted', surface: 'the inline code tint on the page', ratio: 2.43 },
    ])
    // A dark page prints light text on the PDF's white paper.
    const dark = { text: '#eeeeee', background: '#121212', accent: '#ff8a80', muted: '#bbbbbb' }
    expect(themeContrastProblems(dark).map((problem) => [problem.colour, problem.surface])).toEqual([
      ['text', "the PDF's white paper"],
      ['muted', "the PDF's white paper"],
      ['accent', "the PDF's white paper"],
    ])
  })

  const pages = ['tests/fixtures/every-element/input.md', 'tests/fixtures/accessibility/input.md']

  it('warns on the build file about a faint theme, where axe finds the same fault in the page', async () => {
    const { result, pages: built } = await buildPages(pages, { accent: '#ff7f7f' })
    const warnings = result.buildFile.messages.filter((message) => message.ruleId === 'theme-contrast')
    expect(warnings.map((message) => [message.source, message.fatal])).toEqual([['galley:config', false]])
    expect(warnings[0]!.reason).toMatch(/^Expected theme colour `accent` \(#ff7f7f\) to contrast 4\.5:1 with/)
    const rules = (await axeFiles(browser, built)).map((violation) => violation.rule)
    expect(rules).toContain('color-contrast')
  }, 120_000)

  it('is silent about a theme whose every text colour passes, and so is axe', async () => {
    const theme = { text: '#202020', background: '#f4f1ea', accent: '#0b5394', muted: '#595959' }
    expect(themeContrastProblems(theme)).toEqual([])
    const { result, pages: built } = await buildPages(pages, theme)
    expect(result.buildFile.messages.filter((message) => message.ruleId === 'theme-contrast')).toEqual([])
    expect(describeViolations(await axeFiles(browser, built))).toEqual([])
  }, 120_000)
})
