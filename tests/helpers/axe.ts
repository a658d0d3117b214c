/// <reference lib="dom" />
/**
 * axe-core (npm `axe-core`) injected into pages opened in Debian's Chromium through puppeteer-core:
 * the rules auditors run, WCAG 2 A/AA (2.0, 2.1, 2.2) and best practice.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { AxeResults, Result } from 'axe-core'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** The rule tags run: WCAG 2.x levels A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

/** One violation at the impacts that block: `serious` or `critical`. */
export interface Violation {
  /** The page's path or URL. */
  page: string
  rule: string
  impact: string
  /** CSS selectors of the elements that fail. */
  targets: string[]
}

/** Start Debian's Chromium for axe runs. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
}

/** Run axe on the document open in `page`; returns its serious and critical violations. */
export async function axePage(page: Page, name: string): Promise<Violation[]> {
  await page.addScriptTag({ path: axePath })
  const results = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    AXE_TAGS,
  )) as AxeResults
  return blocking(results.violations, name)
}

/** Open each file (or URL) in a fresh tab of `browser` and run axe on it. */
export async function axeFiles(browser: Browser, files: string[], viewport = { width: 1280, height: 900 }) {
  const violations: Violation[] = []
  const page = await browser.newPage()
  await page.setViewport(viewport)
  try {
    for (const file of files) {
      const url = /^https?:/.test(file) ? file : pathToFileURL(file).href
      await page.goto(url, { waitUntil: 'load' })
      violations.push(...(await axePage(page, file)))
    }
  } finally {
    await page.close()
  }
  return violations
}

function blocking(results: Result[], page: string): Violation[] {
  return results
    .filter((result) => result.impact === 'serious' || result.impact === 'critical')
    .map((result) => ({
      page,
      rule: result.id,
      impact: result.impact!,
      targets: result.nodes.map((node) => node.target.join(' ')),
    }))
}

/** `page: rule (impact) at selector, …` lines, for a readable failure. */
export function describeViolations(violations: Violation[]): string[] {
  return violations.map((v) => `${v.page}: ${v.rule} (${v.impact}) at ${v.targets.slice(0, 3).join(', ')}`)
}
