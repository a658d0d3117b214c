/**
 * A right-to-left article's PDF is mirrored: title and headings at the right margin, list labels
 * and the quote bar on the right, table columns from the right, the site name at the right of the
 * footer and the page number (in the article's words) at the left. Positions from pdftotext -bbox.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import template from '../templates/pdf/index.ts'
import { type RenderedPdf, renderFixture, tool } from './helpers/pdf.ts'

interface Word {
  text: string
  xMin: number
  xMax: number
  yMin: number
}

let rendered: RenderedPdf
let words: Word[]
const right = 595.28 - template.page.margins.right
const left = template.page.margins.left

beforeAll(async () => {
  rendered = await renderFixture('tests/fixtures/language/arabic/input.md')
  const boxes = await tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', rendered.file, '-'])
  words = [
    ...boxes.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
  ].map((match) => ({ xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), text: match[4]! }))
}, 60_000)

// poppler's -bbox prints a right-to-left word's letters in the order they stand, left to right.
const find = (text: string) =>
  words.filter((word) => word.text.includes(text) || word.text.includes([...text].reverse().join('')))

describe('the PDF of a right-to-left article', () => {
  it('sets the title and the headings against the right margin', () => {
    const lines = [find('المكتبات')[0]!, find('تهمنا')[0]!]
    for (const line of lines)
      expect(
        Math.abs(
          words.filter((w) => Math.abs(w.yMin - line.yMin) < 1).reduce((max, w) => Math.max(max, w.xMax), 0) - right,
        ),
      ).toBeLessThan(3)
  })

  it('hangs the list numbers on the right of their items', () => {
    const item = find('توفر')[0]!
    const label = words.find((word) => /^\.?1\.?$/.test(word.text) && Math.abs(word.yMin - item.yMin) < 2)!
    expect(label.xMin).toBeGreaterThan(item.xMax)
  })

  it('orders table columns from the right: the first column is the rightmost', () => {
    const first = words.find((word) => word.text === [...'المدينة'].reverse().join(''))!
    const second = find('المكتبات').find((word) => Math.abs(word.yMin - first.yMin) < 2)!
    expect(first.xMin).toBeGreaterThan(second.xMax)
  })

  it('puts the site name at the right of the footer and the page number, in Arabic, at the left', () => {
    const footer = words.filter((word) => word.yMin > 780)
    const of = footer.find((word) => find('من').includes(word))!
    expect(of.xMin).toBeLessThan(left + 40)
    const site = footer.find((word) => word.text === 'News')!
    expect(site.xMax).toBeGreaterThan(right - 1)
  })
})
