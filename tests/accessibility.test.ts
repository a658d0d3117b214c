/**
 * Accessibility as the auditors check it, over every fixture that builds: axe-core on each page and
 * the index (in Debian's Chromium, wide and narrow), and each PDF's structure as assistive
 * technology reads it. Ace by DAISY on the EPUBs is in ace.test.ts; the corpus pages and the theme
 * in accessibility-corpus.test.ts.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fromHtml } from 'hast-util-from-html'
import { select, selectAll } from 'hast-util-select'
import type { Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibleBody } from '../pipeline/render/html-accessible-body.ts'
import { parseFixture } from './helpers/articles.ts'
import { axeFiles, describeViolations, launchChromium } from './helpers/axe.ts'
import { buildFixtureSite, type FixtureSite } from './helpers/fixture-site.ts'
import {
  documentProblems,
  headingProblems,
  positionOrderProblems,
  readingOrderProblems,
  structureRoles,
  tableAndFigureProblems,
  untaggedContent,
} from './helpers/pdf-structure.ts'

let site: FixtureSite
let browser: Browser
const pdfs = () => site.built.map(({ folder, slug }) => path.join(folder, `${slug}.pdf`))

beforeAll(async () => {
  ;[site, browser] = await Promise.all([buildFixtureSite(['html', 'pdf']), launchChromium()])
}, 180_000)
afterAll(async () => {
  await browser?.close()
})

/** Run a PDF check over every fixture's PDF; `file: problem` lines, none when all pass. */
async function overPdfs(check: (file: string) => Promise<string[]>): Promise<string[]> {
  const problems: string[] = []
  for (const file of pdfs())
    problems.push(...(await check(file)).map((problem) => `${path.basename(file)}: ${problem}`))
  return problems
}

describe('every fixture', () => {
  it('builds, the accessibility fixture among them', () => {
    const names = site.built.map((article) => article.name)
    expect(names).toEqual(expect.arrayContaining(['accessibility', 'every-element', 'epub-rtl-arabic']))
    expect(names.length).toBeGreaterThanOrEqual(30)
  })

  it('gives axe-core no serious or critical violation on any page or the index, wide or narrow', async () => {
    const pages = [
      ...site.built.map(({ folder }) => path.join(folder, 'index.html')),
      path.join(site.out, 'index.html'),
    ]
    const violations = [
      ...(await axeFiles(browser, pages, { width: 1280, height: 900 })),
      ...(await axeFiles(browser, pages, { width: 375, height: 800 })),
    ]
    expect(describeViolations(violations)).toEqual([])
  }, 240_000)

  it("tags every PDF page's content or marks it an artifact", async () => {
    expect(await overPdfs(untaggedContent)).toEqual([])
  }, 120_000)

  it('nests PDF headings without skipping a level, gives tables header cells and figures alt text', async () => {
    expect(await overPdfs(headingProblems)).toEqual([])
    // A table whose source has no header cell cannot be given one: as many PDF tables may lack TH.
    const problems: string[] = []
    for (const { folder, slug } of site.built) {
      const page = fromHtml(readFileSync(path.join(folder, 'index.html'), 'utf8'))
      let headless = selectAll('.article-body table', page).filter((table) => !select('th', table)).length
      for (const problem of await tableAndFigureProblems(path.join(folder, `${slug}.pdf`)))
        if (!/has no TH cell/.test(problem) || headless-- <= 0) problems.push(`${slug}.pdf: ${problem}`)
    }
    expect(problems).toEqual([])
  }, 120_000)

  it("reads each PDF's structure tree in the page's order", async () => {
    expect(await overPdfs(readingOrderProblems)).toEqual([])
    expect(await overPdfs(positionOrderProblems)).toEqual([])
  }, 120_000)

  it("names each PDF's language and shows its title", async () => {
    expect(await overPdfs(documentProblems)).toEqual([])
  }, 120_000)
})

describe('the accessibility fixture', () => {
  const folder = () => site.built.find((article) => article.name === 'accessibility')!.folder
  const page = () => fromHtml(readFileSync(path.join(folder(), 'index.html'), 'utf8'))

  it('marks the image with empty alt decorative and describes the other, with no missing-alt warning', () => {
    const images = selectAll('.article-body img', page()).map((image) => image.properties.alt)
    expect(images).toEqual(['', 'A flat illustration of a valley with two mountains and a yellow sun.'])
    const file = site.result.articles.find((article) => article.slug === 'accessibility')!.file
    expect(file.messages.map((message) => message.ruleId)).not.toContain('missing-alt')
  })

  it('labels each task box with its item, and removes the raw check box with a warning at its line', () => {
    const labels = selectAll('.task-list-item label', page())
    expect(labels).toHaveLength(4)
    for (const label of labels) expect(select('input[type=checkbox]', label)).toBeDefined()
    expect(selectAll('input', page())).toHaveLength(4)
    const file = site.result.articles.find((article) => article.slug === 'accessibility')!.file
    const removed = file.messages.find((message) => message.ruleId === 'unlabelled-control')
    expect([removed?.line, removed?.column, removed?.source]).toEqual([28, 1, 'galley:source'])
  })

  it('makes the code block, the table and the formula named regions reachable by keyboard', () => {
    const regions = selectAll('[role=region]', page()).map((node) => [
      node.tagName,
      node.properties.tabIndex,
      node.properties.ariaLabel,
    ])
    expect(regions).toEqual([
      ['div', 0, 'Table 1'],
      ['pre', 0, 'Code block 1 (js)'],
      ['div', 0, 'Formula 1'],
    ])
    expect(select('.table-scroll > table', page())).toBeDefined()
    expect(select('a[aria-label="E=mc2"]', page())).toBeDefined()
  })

  it('rewrites a copy of the tree for the page, leaving the shared tree as it found it', async () => {
    const { article } = await parseFixture('tests/fixtures/accessibility/input.md')
    const before = JSON.stringify(article!.tree)
    const copy = accessibleBody(article!.tree)
    expect(JSON.stringify(article!.tree)).toBe(before)
    expect(JSON.stringify(copy)).not.toBe(before)
  })

  it('draws the decorative image in the PDF as an artifact: one Figure, for the described image', async () => {
    const file = path.join(folder(), 'accessibility.pdf')
    expect((await structureRoles(file)).filter(({ role }) => role === 'Figure')).toHaveLength(1)
    expect(await untaggedContent(file)).toEqual([])
  })
})
