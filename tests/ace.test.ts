/**
 * Ace by DAISY, the EPUB auditors' checker, over every fixture's EPUB: its EARL report's
 * `earl:outcome` must be `pass`. About 3 s a book in one shared Chromium (tests/helpers/ace.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { aceCheck } from './helpers/ace.ts'
import { buildFixtureSite, type FixtureSite } from './helpers/fixture-site.ts'

let site: FixtureSite
const epubOf = ({ folder, slug }: { folder: string; slug: string }) => path.join(folder, `${slug}.epub`)

beforeAll(async () => {
  // The card is the EPUB's cover, so it is built too.
  site = await buildFixtureSite(['og', 'epub'])
}, 180_000)

describe('Ace by DAISY', () => {
  it("passes every fixture's EPUB", async () => {
    expect(site.built.length).toBeGreaterThanOrEqual(30)
    const results = await aceCheck(site.built.map(epubOf))
    expect(results).toHaveLength(site.built.length)
    const failed = results.filter((result) => result.outcome !== 'pass')
    expect(failed.map((result) => `${path.basename(result.epub)}: ${result.violations.join('; ')}`)).toEqual([])
  }, 300_000)

  it('fails a book whose formula link has lost its name, naming the rule', async () => {
    const original = epubOf(site.built.find((article) => article.name === 'accessibility')!)
    const zip = await JSZip.loadAsync(readFileSync(original))
    const chapter = Object.keys(zip.files).find((name) => /article\.xhtml$/.test(name))!
    const xhtml = await zip.file(chapter)!.async('string')
    expect(xhtml).toContain('aria-label="E=mc2"')
    zip.file(chapter, xhtml.replace(' aria-label="E=mc2"', ''))
    const broken = path.join(path.dirname(original), 'broken.epub')
    writeFileSync(broken, await zip.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip' }))
    const [result] = await aceCheck([broken])
    expect(result!.outcome).toBe('fail')
    expect(result!.violations.join('\n')).toMatch(/link-name \(serious\)/)
  }, 60_000)
})
