import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importArticle } from '../pipeline/import/import-article.ts'
import { chronoDate, plainDate, readDate } from '../pipeline/import/read-date.ts'
import { parseFixture } from './helpers/articles.ts'

const seeds = '../shared/seeds'
const seedOne = path.join(seeds, '000_a1a423838f24985a.txt')
const seedTwo = path.join(seeds, '002_be8bbccffdc7f161.txt')
const hasSeeds = existsSync(seedOne) && existsSync(seedTwo)
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'galley-import-'))

/** The metadata and paragraphs of a source, as the build sees them. */
async function essence(file: string) {
  const { article } = await parseFixture(file)
  // Where the language came from may differ (declared by hand, detected in an import); the language may not.
  const { identifier, canonicalUrl, cardUrl, langSource: _langSource, ...metadata } = article!.metadata
  const paragraphs = article!.tree.children.filter((node) => node.type === 'element' && node.tagName === 'p').length
  return { metadata, paragraphs, identifier, canonicalUrl, cardUrl }
}

describe.runIf(hasSeeds)('importing the seeds', () => {
  it('refuses to overwrite the hand-written source when importing into input/', async () => {
    const { written, file } = await importArticle(seedOne, { outDir: 'input' })
    expect(written).toBeUndefined()
    expect(file.messages.find((message) => message.fatal)?.ruleId).toBe('file-exists')
  })

  it('turns the scraped page into the hand-written canonical source', async () => {
    const out = tmp()
    const { written, file } = await importArticle(seedOne, { outDir: out })
    expect(file.messages.filter((message) => message.fatal)).toEqual([])
    const imported = await essence(written!)
    const handWritten = await essence('input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md')
    // Same file name, so the same slug, URLs and identifier too.
    expect(imported).toEqual(handWritten)
    expect(imported.paragraphs).toBe(handWritten.paragraphs)
    expect(readFileSync(written!, 'utf8').split('\n---\n')[1]).toBe(
      readFileSync('input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md', 'utf8').split('\n---\n')[1],
    )
  })

  it('reports what it removed, joined and read', async () => {
    const { file } = await importArticle(seedOne, { outDir: tmp() })
    const rules = file.messages.map((message) => message.ruleId)
    expect(rules.filter((rule) => rule === 'boilerplate')).toHaveLength(2)
    expect(rules.filter((rule) => rule === 'joined-paragraph')).toHaveLength(2)
    expect(rules).toEqual(expect.arrayContaining(['headline', 'date-line', 'category-line', 'outlet-line']))
    const joined = file.messages.find((message) => message.ruleId === 'joined-paragraph')!
    expect(joined.line).toBe(23)
  })

  it('refuses the headline-less seed and says how to give a headline', async () => {
    const out = tmp()
    const { written, file } = await importArticle(seedTwo, { outDir: out })
    expect(written).toBeUndefined()
    const error = file.messages.find((message) => message.fatal)!
    expect(error.ruleId).toBe('missing-headline')
    expect(error.reason).toContain('--title')
  })

  it('with --title, gives the hand-written source: placeholder tail dropped, every paragraph kept', async () => {
    const handWritten = 'input/russia-ukraine-largest-prisoner-exchange.md'
    const { title, slug } = (await essence(handWritten)).metadata
    const { written, file } = await importArticle(seedTwo, { outDir: tmp(), title, slug })
    expect(file.messages.map((message) => message.ruleId)).toContain('placeholder')
    const imported = await essence(written!)
    expect(imported.metadata).toEqual((await essence(handWritten)).metadata)
    expect(imported.paragraphs).toBe(15)
    expect(readFileSync(written!, 'utf8')).not.toMatch(/lorem/i)
  })
})

describe('importing safely', () => {
  it('never overwrites an existing source without --force', async () => {
    const out = tmp()
    writeFileSync(path.join(out, 'harbour-bridge-reopens-after-repairs.md'), 'keep me')
    const refused = await importArticle('tests/fixtures/import/page.html', { outDir: out })
    expect(refused.written).toBeUndefined()
    expect(refused.file.messages.find((message) => message.fatal)?.ruleId).toBe('file-exists')
    expect(readFileSync(path.join(out, 'harbour-bridge-reopens-after-repairs.md'), 'utf8')).toBe('keep me')
    const forced = await importArticle('tests/fixtures/import/page.html', { outDir: out, force: true })
    expect(forced.written).toBeDefined()
    expect(readFileSync(path.join(out, 'harbour-bridge-reopens-after-repairs.md'), 'utf8')).not.toBe('keep me')
  })

  it('keeps a date it cannot read verbatim, with a warning, and invents none', async () => {
    const out = tmp()
    const raw = path.join(out, 'raw.txt')
    writeFileSync(raw, '# A headline\n\nPublished on the feast of St Nobody\n\nA body paragraph that ends properly.\n')
    const { written, file } = await importArticle(raw, { outDir: out })
    const source = readFileSync(written!, 'utf8')
    expect(source).toContain('# date as written (not understood, please check): the feast of St Nobody')
    expect(source).not.toMatch(/^date:/m)
    expect(file.messages.find((message) => message.ruleId === 'unreadable-date')?.fatal).toBe(false)
  })
})

describe('importing a saved HTML page', () => {
  it('keeps the article and drops navigation, scripts, share widgets, related links and the footer', async () => {
    const { written } = await importArticle('tests/fixtures/import/page.html', { outDir: tmp() })
    const source = readFileSync(written!, 'utf8')
    expect(source).toContain('title: Harbour bridge reopens after repairs')
    expect(source).toContain('date: 2025-03-04T08:15:00+01:00')
    expect(source).toContain('source: The Coastal Courier')
    expect(source).toContain('author: Mina Okafor')
    expect(source).toMatch(/tags:\n {2}- Transport\n {2}- Local/)
    expect(source).toContain('after *six weeks* of repairs')
    expect(source).toContain('“It’s stronger than it has been in decades,”')
    expect(source).toContain('## What changes for drivers')
    expect(source).toMatch(/\* The speed limit stays at 50 km\/h\./)
    for (const gone of ['Home', 'Share on X', 'Subscribe', 'trackRead', 'dataLayer', 'Related', '©', '<h1'])
      expect(source).not.toContain(gone)
    const { article, file } = await parseFixture(written!)
    expect(file.messages.filter((message) => message.fatal)).toEqual([])
    expect(article!.metadata.authors).toEqual(['Mina Okafor'])
  })
})

describe('reading dates', () => {
  it.each([
    ['May 23, 2025', '2025-05-23'],
    ['23 May 2025', '2025-05-23'],
    ['Sat, Jun 20 2026 11:57:21 pm', '2026-06-20T23:57:21'],
    ['Tue, 20 May 2025 08:00:00 GMT', '2025-05-20T08:00:00Z'],
    ['2025-03-04T08:15:00+01:00', '2025-03-04T08:15:00+01:00'],
  ])('reads %s as %s', (text, iso) => expect(readDate(text)).toBe(iso))

  it('reads nothing from text that is not a date', () => expect(readDate('the feast of St Nobody')).toBeUndefined())

  it('reads the plainest dates without chrono, as chrono reads them', () => {
    const months = [
      'January',
      'Feb',
      'march',
      'APR',
      'May',
      'June',
      'Jul',
      'August',
      'Sept',
      'sep',
      'Oct',
      'November',
      'dec',
    ]
    const texts: string[] = []
    for (const month of months)
      for (const [day, year] of [
        [1, 2022],
        [9, 1999],
        [29, 2024],
        [29, 2023],
        [31, 2025],
        [30, 2026],
      ] as const)
        texts.push(
          `${month} ${day} ${year}`,
          `${month} ${String(day).padStart(2, '0')} ${year}`,
          `${month} ${day}, ${year}`,
          `${month}. ${day}, ${year}`,
          `${day} ${month} ${year}`,
          `${day} ${month}, ${year}`,
          `${month}  ${day}\t${year}`,
        )
    let plain = 0
    for (const text of texts) {
      expect(readDate(text), text).toBe(chronoDate(text))
      if (plainDate(text) !== undefined) plain++
    }
    // Most of them never reach chrono; the impossible days (Feb 29 2023, Apr 31) and what chrono reads otherwise do.
    expect(plain).toBeGreaterThan(texts.length * 0.7)
    expect(plainDate('Feb 29 2023')).toBeUndefined()
    expect(plainDate('Jul 01 2022')).toBe('2022-07-01')
  })
})
