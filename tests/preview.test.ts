/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * `galley preview` driven by a real browser (Debian's Chromium through puppeteer-core): the four
 * panes show the page, the card, the PDF drawn by pdf.js and the EPUB's chapter; a saved source
 * reloads the open page; Ctrl-C stops the command; a port in use is a usage error.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axePage, describeViolations, launchChromium } from './helpers/axe.ts'

const REPO = path.resolve('.')
const CORPUS = path.resolve('../shared/corpus/articles')

function site(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-preview-'))
  mkdirSync(path.join(dir, 'input'))
  for (const name of ['rust-check-cfg.md', 'react-he-editor-setup.md'])
    cpSync(path.join(CORPUS, name), path.join(dir, 'input', name))
  return dir
}

/** Start `galley preview` in `dir`; resolves with the preview's address once it is printed. */
function preview(
  dir: string,
  args: string[] = [],
): { child: ChildProcess; url: Promise<string>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'galley.js'), 'preview', 'input', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const found = /preview at (http:\/\/127\.0\.0\.1:\d+\/__galley\/)/.exec(stderr)
      if (found && /watching/.test(stderr)) resolve(found[1]!)
    })
    child.on('exit', (code) => reject(new Error(`galley preview exited ${code}: ${stderr}`)))
  })
  return { child, url, stderr: () => stderr }
}

describe('galley preview', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('shows an article in four panes, reloads it on save and stops on Ctrl-C', async () => {
    const dir = site()
    const running = preview(dir)
    const url = await running.url
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__galley\/$/)
    const page = await browser.newPage()
    await page.setViewport({ width: 1400, height: 1000 })
    await page.goto(url)
    const links = await page.$$eval('ul.articles a', (anchors) => anchors.map((anchor) => anchor.textContent))
    expect(links).toEqual(expect.arrayContaining(['Automatic checking of cfgs at compile-time']))
    expect(describeViolations(await axePage(page, 'the preview index'))).toEqual([])
    await page.goto(`${url}article/rust-check-cfg/`)

    // The page, in its frame.
    const pageFrame = await (await page.waitForSelector('#page iframe'))!.contentFrame()
    await pageFrame.waitForSelector('h1')
    expect(await pageFrame.$eval('h1', (heading) => heading.textContent)).toBe(
      'Automatic checking of cfgs at compile-time',
    )
    // The card, whole and cropped.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#card img')].every((image) => (image as HTMLImageElement).complete),
    )
    const cards = await page.$$eval('#card img', (images) =>
      images.map((image) => [(image as HTMLImageElement).naturalWidth, (image as HTMLImageElement).naturalHeight]),
    )
    expect(cards).toEqual([
      [1200, 630],
      [1200, 630],
      [1200, 630],
    ])
    // The PDF, every page drawn by pdf.js, with ink on it.
    await page.waitForSelector('#pdf[data-rendered="true"]', { timeout: 60_000 })
    const pdf = await page.$eval('#pdf', (pane) => {
      const canvases = [...pane.querySelectorAll('canvas')]
      const first = canvases[0]!
      const pixels = first.getContext('2d')!.getImageData(0, 0, first.width, first.height).data
      let dark = 0
      for (let index = 0; index < pixels.length; index += 4) if (pixels[index]! < 128) dark++
      return { pages: Number((pane as HTMLElement).dataset.pages), canvases: canvases.length, dark }
    })
    expect(pdf.pages).toBeGreaterThan(0)
    expect(pdf.canvases).toBe(pdf.pages)
    expect(pdf.dark).toBeGreaterThan(1000)
    // The EPUB's chapter, read from inside the book.
    const chapter = await (await page.waitForSelector('#epub iframe'))!.contentFrame()
    await chapter.waitForFunction(() => document.body?.textContent?.includes('cfg'))
    expect(chapter.url()).toMatch(/\/__galley\/epub\/rust-check-cfg\/OEBPS\/.+\.xhtml$/)
    // The preview's own page passes axe-core too (the article page in its frame is tested on its own).
    expect(describeViolations(await axePage(page, 'the preview of rust-check-cfg'))).toEqual([])

    // A save: the open page reloads with the new title.
    const source = path.join(dir, 'input', 'rust-check-cfg.md')
    const reloaded = page.waitForNavigation({ timeout: 60_000 })
    writeFileSync(source, readFileSync(source, 'utf8').replace(/^title: .*$/m, 'title: "Checked at compile time"'))
    await reloaded
    const again = await (await page.waitForSelector('#page iframe'))!.contentFrame()
    await again.waitForSelector('h1')
    expect(await again.$eval('h1', (heading) => heading.textContent)).toBe('Checked at compile time')
    await page.close()

    // Ctrl-C: the command stops cleanly.
    const exited = new Promise<number | null>((resolve) => running.child.on('exit', resolve))
    running.child.kill('SIGINT')
    expect(await exited).toBe(0)
  }, 240_000)

  it('refuses a port in use, naming it (exit 2)', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as { port: number }).port
    const dir = site()
    const child = spawn(
      process.execPath,
      [path.join(REPO, 'bin', 'galley.js'), 'preview', 'input', '--port', String(port)],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    taken.close()
    expect(code).toBe(2)
    expect(stderr).toContain(`Port ${port} on 127.0.0.1 is in use`)
  }, 60_000)
})
