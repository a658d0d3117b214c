/**
 * One list of rule ids (pipeline/rules.ts): every id the code uses is in it, every id in it is used,
 * and the table in docs/messages.md is written from it (`UPDATE=1` rewrites the table).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Rule, RULES } from '../pipeline/rules.ts'
import { ruleIdsInCode } from './helpers/rule-ids-in-code.ts'

const DOC = 'docs/messages.md'
const START = '<!-- rule ids: written from pipeline/rules.ts by tests/rules.test.ts (UPDATE=1) -->'
const END = '<!-- end of rule ids -->'
const uses = ruleIdsInCode()
const listed = new Set(RULES.map((rule) => rule.id))

const SEVERITY: Record<Rule['severity'], string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  lint: 'warning (error with `--strict`)',
}

/** The table of docs/messages.md, from RULES. */
function rulesTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|')
  return [
    '| rule id | source | severity | meaning |',
    '| --- | --- | --- | --- |',
    ...RULES.map(
      (rule) => `| \`${rule.id}\` | \`${rule.source}\` | ${SEVERITY[rule.severity]} | ${cell(rule.meaning)} |`,
    ),
  ].join('\n')
}

describe('rule ids', () => {
  it('finds the rule ids the code uses', () => {
    expect(new Set(uses.map((use) => use.id)).size).toBeGreaterThan(80)
  })

  it('lists every rule id the code uses in pipeline/rules.ts', () => {
    const missing = uses.filter((use) => !listed.has(use.id)).map((use) => `${use.id} (${use.at})`)
    expect(
      missing,
      'add these to RULES in pipeline/rules.ts, then run UPDATE=1 npx vitest run tests/rules.test.ts',
    ).toEqual([])
  })

  it('lists no rule id the code no longer uses, and each once', () => {
    const used = new Set(uses.map((use) => use.id))
    expect(RULES.filter((rule) => !used.has(rule.id)).map((rule) => rule.id)).toEqual([])
    expect(RULES.length).toBe(listed.size)
  })

  it('writes the table of docs/messages.md from the list', () => {
    const doc = readFileSync(DOC, 'utf8')
    const start = doc.indexOf(START)
    const end = doc.indexOf(END)
    expect(start, `${DOC} marks its table with ${START}`).toBeGreaterThan(-1)
    expect(end).toBeGreaterThan(start)
    const written = `${doc.slice(0, start + START.length)}\n${rulesTable()}\n${doc.slice(end)}`
    if (process.env.UPDATE === '1') writeFileSync(DOC, written)
    else expect(doc, `${DOC} is out of date: run UPDATE=1 npx vitest run tests/rules.test.ts`).toBe(written)
  })
})
