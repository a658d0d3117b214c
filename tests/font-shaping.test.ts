/**
 * Faces shape text without their mark-positioning lookups when it has no combining mark (fontkit
 * decodes those lookups whole on first use, 40 ms a Noto face): the glyphs and positions must be the
 * very ones fontkit gives with every feature, in every script the fonts cover.
 */
import { create } from 'fontkit'
import { describe, expect, it } from 'vitest'
import { parseFontFile, readFontFile } from '../pipeline/fonts/font-files.ts'
import { fallbacks, mono, sans, serif } from '../templates/shared/fonts.ts'

type Run = {
  glyphs: Array<{ id: number }>
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>
}
type Shaper = { layout(text: string, features?: unknown, script?: string, language?: string, direction?: string): Run }
type Lookups = {
  GPOS: {
    lookupList: { items: unknown[] }
    featureList: Array<{ tag: string; feature: { lookupListIndexes: number[] } }>
  }
}

const shaped = (run: Run) => run.glyphs.map((glyph, index) => [glyph.id, run.positions[index]])

// Lines of the corpus's scripts, with and without marks: Vietnamese and Greek with precomposed and
// combining accents, Arabic with and without harakat, Hebrew points, Devanagari and Thai.
const SAMPLES: Array<[face: string, texts: string[]]> = [
  [
    serif.files.regular,
    [
      'Typesetting “quotes” — and ﬁ ligatures, AV kerning.',
      'Tiếng Việt có dấu',
      'Tie\u0302\u0301ng Vie\u0323\u0302t',
      'Ελληνικά ά ά',
      'Русский текст',
    ],
  ],
  [sans.files.bold!, ['Wave AVATAR Type', 'é e\u0301 ñ n\u0303', 'Ǆ ǅ ǰ j\u030c']],
  [mono.files.regular, ['const x = a => b; // ok', 'i\u0307 ı']],
  [fallbacks.arabic!.files.regular, ['مرحبا بالعالم', 'مَرْحَبًا بِالْعَالَمِ']],
  [fallbacks.hebrew!.files.regular, ['שלום עולם', 'שָׁלוֹם עוֹלָם']],
  [fallbacks.devanagari!.files.regular, ['हिन्दी भाषा', 'क्षत्रिय']],
  [fallbacks.thai!.files.regular, ['ภาษาไทย น้ำ', 'กำลัง', 'ทำงาน']],
]

describe('shaping without mark positioning', () => {
  for (const [face, texts] of SAMPLES)
    it(`gives what fontkit gives with every feature: ${face.split('/').at(-1)}`, () => {
      const fast = parseFontFile(face) as unknown as Shaper
      const full = create(readFontFile(face)) as unknown as Shaper
      for (const text of texts)
        for (const direction of ['ltr', 'rtl'])
          expect(shaped(fast.layout(text, [], undefined, undefined, direction)), text).toEqual(
            shaped(full.layout(text, [], undefined, undefined, direction)),
          )
    })

  it('leaves the mark lookups of a face undecoded while the text has no mark', () => {
    const face = parseFontFile(serif.files.boldItalic!) as unknown as Shaper & Lookups
    const markLookups = (feature: string) =>
      face.GPOS.featureList
        .filter((record) => record.tag === feature)
        .flatMap((record) => record.feature.lookupListIndexes)
    face.layout('Plain Latin text, kerned: AVAWAY.')
    expect(markLookups('mark').length).toBeGreaterThan(0)
    expect(markLookups('mark').map((index) => face.GPOS.lookupList.items[index] ?? null)).toEqual(
      markLookups('mark').map(() => null),
    )
    expect(markLookups('kern').some((index) => face.GPOS.lookupList.items[index])).toBe(true)
    face.layout('e\u0301')
    expect(markLookups('mark').some((index) => face.GPOS.lookupList.items[index])).toBe(true)
  })
})
