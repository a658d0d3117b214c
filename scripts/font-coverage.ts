/**
 * `npm run fonts:coverage`: write templates/shared/font-coverage.json, the characters of every
 * fallback family's regular face (see pipeline/fonts/coverage.ts). Run it after changing a font
 * package; tests/fonts.test.ts fails while the index and the files disagree.
 */
import { writeFileSync } from 'node:fs'
import { coverageEntry, COVERAGE_FILE, type CoverageIndex } from '../pipeline/fonts/coverage.ts'
import { parseFontFile, readFontFile } from '../pipeline/fonts/font-files.ts'
import { fallbacks } from '../templates/shared/fonts.ts'

export function buildCoverageIndex(): CoverageIndex {
  const index: CoverageIndex = {}
  for (const family of Object.values(fallbacks)) {
    const file = family.files.regular
    const font = parseFontFile(file)
    // The cmap's code points that map to a real glyph: what `hasGlyphForCodePoint` answers.
    const characters = (font as unknown as { characterSet: number[] }).characterSet
    index[file] = coverageEntry(
      readFontFile(file).byteLength,
      characters.filter((codePoint) => font.hasGlyphForCodePoint(codePoint)),
    )
  }
  return index
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(COVERAGE_FILE, `${JSON.stringify(buildCoverageIndex())}\n`)
  console.log(`wrote ${COVERAGE_FILE.pathname}`)
}
