/**
 * Golden files: compare with the stored expectation; write it when missing or when `UPDATE=1`.
 * Goldens are reviewed like code, so a changed one shows up in the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { expect } from 'vitest'

export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE === '1' || !existsSync(path)) writeFileSync(path, actual)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}
