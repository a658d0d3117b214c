/**
 * The fonts' coverage index: what templates/shared/font-coverage.json says each fallback face has is
 * what the face's file has, and fallback asks the index rather than reading the faces.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COVERAGE_FILE } from '../pipeline/fonts/coverage.ts'
import { fallbackFor, fallbackOrder } from '../pipeline/fonts/fallback.ts'
import { buildCoverageIndex } from '../scripts/font-coverage.ts'

describe('the fonts’ coverage index', () => {
  it('finds a character no face has without reading a fallback face', async () => {
    // First in this file's process: nothing has parsed a fallback face yet.
    const { parsedFontFiles } = await import('../pipeline/fonts/font-files.ts')
    const before = parsedFontFiles()
    expect(fallbackFor('↩', fallbackOrder('en'))).toBeUndefined()
    expect(fallbackFor('→', fallbackOrder('en'))?.name).toBe('Noto Sans SC')
    expect(parsedFontFiles()).toEqual(before)
  })

  it('matches the font files (run `npm run fonts:coverage` after changing a font package)', () => {
    const written = JSON.parse(readFileSync(COVERAGE_FILE, 'utf8'))
    expect(written).toEqual(buildCoverageIndex())
  }, 60_000)
})
