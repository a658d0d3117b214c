/**
 * Ace by DAISY (npm `@daisy/ace-cli` 1.4.6, whose engine is `@daisy/ace-core`) run in this process on
 * many EPUBs with one Chromium: the CLI starts a browser per book (about 5 s a book here); sharing
 * one through its own axe runner takes about 2 s. Debian's Chromium, as `.puppeteerrc.cjs` and
 * PUPPETEER_EXECUTABLE_PATH name it; nothing is downloaded.
 */
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

process.env.PUPPETEER_EXECUTABLE_PATH ??= '/usr/bin/chromium'
const require = createRequire(import.meta.url)

interface AxeRunner {
  launch(): Promise<void>
  close(): Promise<void>
  [key: string]: unknown
}
type Ace = (epub: string, options: Record<string, unknown>, runner: AxeRunner) => Promise<[unknown, AceReport]>

/** What the tests read of Ace's EARL report. */
export interface AceReport {
  'earl:result': { 'earl:outcome': 'pass' | 'fail' }
  assertions: Array<{
    'earl:testSubject': { url: string }
    assertions: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string } }>
  }>
}

/** One book's outcome and, when it fails, its violations as `file: rule (impact)`. */
export interface AceResult {
  epub: string
  outcome: 'pass' | 'fail'
  violations: string[]
}

/** Check each EPUB with Ace, one after another in one browser. */
export async function aceCheck(epubs: string[]): Promise<AceResult[]> {
  const ace = require('@daisy/ace-core') as Ace
  const runner = require('@daisy/ace-axe-runner-puppeteer') as AxeRunner
  // Ace logs through winston; a silent transport keeps its progress lines out of the test output.
  const winston = createRequire(require.resolve('@daisy/ace-core'))('winston') as {
    add(transport: unknown): void
    transports: { Console: new (options: object) => unknown }
  }
  winston.add(new winston.transports.Console({ silent: true }))
  let launched = false
  const shared: AxeRunner = {
    ...runner,
    launch: async () => {
      if (!launched) await runner.launch()
      launched = true
    },
    close: async () => {},
  }
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'galley-ace-'))
  const results: AceResult[] = []
  const check = async (index: number) => {
    const epub = epubs[index]!
    const [, report] = await ace(
      epub,
      { cwd: process.cwd(), outdir: path.join(outdir, String(index)), silent: true, initLogger: false },
      shared,
    )
    results[index] = {
      epub,
      outcome: report['earl:result']['earl:outcome'],
      violations: report.assertions.flatMap((document) =>
        document.assertions.map(
          (assertion) =>
            `${document['earl:testSubject'].url}: ${assertion['earl:test']['dct:title']} (${assertion['earl:test']['earl:impact']})`,
        ),
      ),
    }
  }
  try {
    // One book at a time: two or three at once in the same browser saved only 10–20% here.
    for (let index = 0; index < epubs.length; index++) await check(index)
  } finally {
    if (launched) await runner.close()
  }
  return results
}
