/// <reference lib="dom" />
/**
 * The digest email of ten real posts: valid HTML (Nu), under Gmail's 102 KB clipping limit, CSS
 * inlined with nothing external, absolute card and page URLs; and as Chromium shows it at 600 and
 * 375 px (axe-core finding nothing serious), and with images off (each card's alt text in its place).
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digest, type DigestResult } from '../pipeline/digest/index.ts'
import { messageLines } from '../pipeline/report.ts'
import { axePage, describeViolations, launchChromium } from './helpers/axe.ts'
import { config, digestSite, SITE_URL, TEN, tenSources } from './helpers/digest.ts'
import { checkHtml } from './helpers/vnu.ts'

describe('the digest email of ten real posts', () => {
  let dir: string
  let result: DigestResult
  let html: string
  let file: string
  let browser: Browser

  beforeAll(async () => {
    dir = await digestSite()
    result = await digest({
      targets: tenSources(),
      title: 'Weekly #12',
      date: '2026-12-04',
      cwd: dir,
      config: config(dir),
      formats: ['email'],
    })
    file = path.join(dir, 'output', 'digests', 'weekly-12', 'email.html')
    html = readFileSync(file, 'utf8')
    browser = await launchChromium()
  }, 240_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('passes the Nu HTML checker and stays under Gmail’s 102 KB clipping limit', async () => {
    expect(result.exitCode).toBe(0)
    expect(messageLines(result.files[0]!)).toEqual([])
    expect((await checkHtml([file])).filter((message) => message.type !== 'info')).toEqual([])
    const bytes = Buffer.byteLength(html)
    expect(result.written.find((written) => written.kind === 'email')!.bytes).toBe(bytes)
    expect(bytes).toBeLessThan(102_000)
  }, 60_000)

  it('has its CSS inlined, no script, no external stylesheet, no web font', () => {
    expect(html).not.toMatch(/<script|<link\b|@import|@font-face|url\(/i)
    // What is left in <style> is the media queries, for the clients that read them.
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!.trim())
    expect(styles).toHaveLength(1)
    expect(styles[0]).toMatch(/^@media[^{]*\{[\s\S]*\}$/)
    expect(html).toMatch(/<h2 class="story-title" style="[^"]*font-size: 22px/)
  })

  it('shows each story’s card at its absolute URL with alt text, its title, excerpt and a Read more link to its page', () => {
    for (const slug of TEN) {
      const page = `${SITE_URL}/${slug}/`
      expect(html).toMatch(
        new RegExp(`<img class="card" src="${page}og\\.png" alt="[^"]+ — Desk" width="552" height="290"`),
      )
      expect(html).toContain(`<a href="${page}" aria-label="Read more: `)
    }
    const text = readFileSync(path.join(dir, 'output', 'digests', 'weekly-12', 'email.txt'), 'utf8')
    for (const slug of TEN) expect(text).toContain(`Read more: ${SITE_URL}/${slug}/\n`)
    expect(text).not.toMatch(/<[a-z]/)
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100)
  })

  it('keeps each part of a byline in its own direction: isolates in the HTML, none in the plain text', () => {
    // The Arabic story's byline: "بقلم Dan Abramov, …" beside "3 مايو 2023"; without isolates the 3
    // joins the Latin names before it and the date reads "مايو 2023 … 3".
    const arabic =
      /<p class="byline"[^>]*>(\u2068بقلم [^\u2069]+\u2069 · \u2068[^\u2069]+\u2069 · \u2068[^\u2069]+\u2069)<\/p>/.exec(
        html,
      )
    expect(arabic?.[1]).toMatch(/\u2068\d+ مايو \d{4}\u2069/)
    const text = readFileSync(path.join(dir, 'output', 'digests', 'weekly-12', 'email.txt'), 'utf8')
    expect(text).not.toMatch(/[\u2066-\u2069]/)
    expect(text).toContain('بقلم Dan Abramov')
  })

  for (const width of [600, 375])
    it(`fits ${width} px in Chromium, the cards shown within the column, with no serious axe-core violation`, async () => {
      const page = await browser.newPage()
      await page.setViewport({ width, height: 900 })
      await page.setRequestInterception(true)
      // The cards, served from the built site the email links to; nothing else leaves the machine.
      page.on('request', (request) => {
        const card = new RegExp(`^${SITE_URL}/([^/]+)/og\\.png$`).exec(request.url())
        if (card)
          request.respond({
            status: 200,
            contentType: 'image/png',
            body: readFileSync(path.join(dir, 'output', card[1]!, 'og.png')),
          })
        else if (request.url().startsWith('file:')) request.continue()
        else request.abort()
      })
      await page.goto(`file://${file}`, { waitUntil: 'load' })
      const seen = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        cards: [...document.images].map((image) => ({
          natural: image.naturalWidth,
          box: image.getBoundingClientRect().width,
        })),
      }))
      expect(seen.scroll).toBeLessThanOrEqual(width)
      expect(seen.cards).toHaveLength(10)
      for (const card of seen.cards) {
        expect(card.natural).toBe(1200)
        expect(card.box).toBeLessThanOrEqual(Math.min(552, width - 32))
        expect(card.box).toBeGreaterThan(width - 70)
      }
      expect(describeViolations(await axePage(page, `email.html at ${width} px`))).toEqual([])
      await page.screenshot({ path: path.join(dir, `email-${width}.png`) as `${string}.png`, fullPage: true })
      await page.close()
    }, 60_000)

  it('keeps each card’s alt text readable in its place with images off', async () => {
    const page = await browser.newPage()
    await page.setViewport({ width: 600, height: 900 })
    await page.setRequestInterception(true)
    page.on('request', (request) => (request.url().startsWith('file:') ? request.continue() : request.abort()))
    await page.goto(`file://${file}`, { waitUntil: 'load' })
    const cards = await page.evaluate(() =>
      [...document.images].map((image) => {
        const box = image.getBoundingClientRect()
        const style = getComputedStyle(image)
        return {
          loaded: image.naturalWidth,
          alt: image.alt,
          width: box.width,
          height: box.height,
          size: style.fontSize,
          color: style.color,
        }
      }),
    )
    expect(cards).toHaveLength(10)
    for (const card of cards) {
      expect(card.loaded).toBe(0)
      expect(card.alt).toMatch(/\S.* — Desk$/)
      // The alt text is drawn in the image's box, in the email's text size and colour.
      expect(card.width).toBeGreaterThan(500)
      expect(card.height).toBeGreaterThan(20)
      expect(card.size).toBe('16px')
      expect(card.color).toBe('rgb(26, 26, 26)')
    }
    await page.screenshot({ path: path.join(dir, 'email-no-images.png') as `${string}.png`, fullPage: true })
    await page.close()
  }, 60_000)

  it('warns when a story’s page or card is not on the site the email links to', async () => {
    rmSync(path.join(dir, 'output', 'gatsby-hello-world', 'og.png'))
    const warned = await digest({
      targets: tenSources(),
      title: 'Weekly #12',
      date: '2026-12-04',
      cwd: dir,
      config: config(dir),
      formats: ['email'],
    })
    expect(warned.exitCode).toBe(0)
    expect(messageLines(warned.files[0]!)).toEqual([
      expect.stringMatching(
        /`posts\/gatsby-hello-world\.md`.*no `og\.png` in `output\/gatsby-hello-world\/`.*\(digest-story-not-on-site\)$/,
      ),
    ])
  }, 60_000)
})
