import { readdirSync } from 'node:fs'
import { createElement, type JSXNode } from 'satori/jsx'
import { describe, expect, it } from 'vitest'
import { create } from 'fontkit'
import { narrowCmap } from '../pipeline/fonts/narrow-cmap.ts'
import { cardFallbacks, cardFonts, satoriFonts } from '../pipeline/render/og/card-fonts.ts'
import { expectCards } from '../pipeline/render/og/lone-card.ts'
import { advanceMeasure, fitText } from '../pipeline/render/og/fit-text.ts'
import { paragraphDirection } from '../pipeline/render/og/paint-line.ts'
import { dropMasksThatRepeatClips } from '../pipeline/render/og/drop-masks.ts'
import { encodeIndexedPng } from '../pipeline/render/og/rasterize.ts'
import { textOf } from '../pipeline/render/og/check-tree.ts'
import { Resvg } from '@resvg/resvg-js'
import satori from 'satori'
import { drawingOutsideCanvas, ogContext, pngHeader, renderOg, renderOgSvg, textElementCount } from './helpers/og.ts'

const OG_FIXTURES = 'tests/fixtures/og'
const h = (type: string, props: Record<string, unknown>, ...children: JSXNode[]): JSXNode =>
  createElement<Record<string, unknown>>(type, props, ...children) as JSXNode
const cases = readdirSync(OG_FIXTURES)
const inputs = [
  'input/russia-ukraine-largest-prisoner-exchange.md',
  'input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md',
]

describe('the social card PNG', () => {
  it.each(inputs)('is a 1200×630 PNG under 300 KB for %s', async (path) => {
    const png = await renderOg(await ogContext(path))
    expect(pngHeader(png)).toEqual({ signatureOk: true, width: 1200, height: 630 })
    expect(png.byteLength).toBeLessThan(300 * 1024)
  })

  it('is byte-identical when rendered twice from the same input', async () => {
    const ctx = await ogContext('tests/fixtures/og/arabic/input.md')
    const [first, second] = [await renderOg(ctx), await renderOg(ctx)]
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0)
    const latin = await ogContext(inputs[1]!)
    expect(Buffer.from(await renderOg(latin)).equals(Buffer.from(await renderOg(latin)))).toBe(true)
  })

  it('is an indexed PNG with exactly the pixels resvg drew, read back by a second PNG decoder', async () => {
    const { svg } = await renderOgSvg(await ogContext(inputs[0]!))
    const drawn = new Resvg(svg).render()
    const png = encodeIndexedPng(drawn.pixels, drawn.width, drawn.height)!
    expect(png[25]).toBe(3) // colour type 3: indexed
    expect(Buffer.from(await renderOg(await ogContext(inputs[0]!))).equals(Buffer.from(png))).toBe(true)
    // resvg's own decoder (the Rust png crate) reads it back as an image the size of the card.
    const readBack = new Resvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><image width="1200" height="630" href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`,
    ).render()
    expect(Buffer.from(readBack.pixels).equals(Buffer.from(drawn.pixels))).toBe(true)
    expect(png.byteLength).toBeLessThan(drawn.asPng().byteLength)
  })

  it('keeps resvg’s RGBA PNG for a card of more than 256 colours or with transparency', () => {
    const gradient = new Uint8Array(32 * 32 * 4).map(
      (_, index) => [(index >> 2) & 255, index >> 10, 0, 255][index % 4]!,
    ) // 1,024 colours
    expect(encodeIndexedPng(gradient, 32, 32)).toBeUndefined()
    const seeThrough = new Uint8Array(4 * 4 * 4).fill(128)
    expect(encodeIndexedPng(seeThrough, 4, 4)).toBeUndefined()
  })

  it('clips overflowing text without satori’s duplicate masks, to the same pixels', async () => {
    const clipped = { overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', width: 300 } as const
    const element = h(
      'div',
      {
        style: {
          display: 'flex',
          flexDirection: 'column',
          width: 400,
          height: 200,
          padding: 20,
          backgroundColor: '#fffdf8',
        },
      },
      h('div', { style: { ...clipped, fontSize: 30 } }, 'A kicker far too long to fit on its one line'),
      h(
        'div',
        { style: { ...clipped, fontSize: 20, borderRadius: 12, backgroundColor: '#b3261e', color: '#fff' } },
        'Rounded, so its mask is not a plain rectangle',
      ),
    )
    const fonts = cardFonts([]).satori
    const drawn = await satori(element as never, { width: 400, height: 200, fonts })
    const kept = dropMasksThatRepeatClips(drawn)
    const pixels = (svg: string) => new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels
    expect(drawn.match(/ mask="/g)?.length).toBeGreaterThan(1)
    // The rectangular clip loses its mask; the rounded box keeps the mask that rounds its corners.
    expect(kept.match(/ mask="/g)?.length).toBe(drawn.match(/ mask="/g)!.length - 1)
    expect(Buffer.compare(pixels(kept), pixels(drawn))).toBe(0)
  })

  it('draws the lead image under the text when the article has one', async () => {
    const { svg } = await renderOgSvg(await ogContext('tests/fixtures/every-element/input.md'))
    const image = svg.indexOf('data:image/png;base64,')
    const lastGlyph = svg.lastIndexOf('<path')
    expect(image).toBeGreaterThan(-1)
    // Satori paints positioned elements in document order: text must come after the image.
    expect(svg.indexOf('<path', svg.indexOf('<pattern'))).toBeGreaterThan(-1)
    expect(lastGlyph).toBeGreaterThan(image)
  })
})

describe('every script and fitting case', () => {
  it.each(cases)('keeps all text of %s inside the canvas, with no missing glyph', async (name) => {
    const ctx = await ogContext(`${OG_FIXTURES}/${name}/input.md`)
    const card = await renderOgSvg(ctx)
    expect(drawingOutsideCanvas(card.svg, card.width, card.height)).toEqual([])
    expect(ctx.file.messages.filter((message) => message.source === 'galley:og').map(String)).toEqual([])
    expect(textElementCount(card.svg)).toBe(0)
  })

  it('gives a good card when the description is empty', async () => {
    const ctx = await ogContext(inputs[0]!, { description: '' })
    const card = await renderOgSvg(ctx)
    const withDescription = await renderOgSvg(await ogContext(inputs[0]!))
    expect(drawingOutsideCanvas(card.svg, 1200, 630)).toEqual([])
    expect(card.svg.length).toBeLessThan(withDescription.svg.length)
  })

  it('outlines right-to-left cards itself instead of leaving satori’s glyphs', async () => {
    const arabic = await renderOgSvg(await ogContext(`${OG_FIXTURES}/arabic/input.md`))
    const latin = await renderOgSvg(await ogContext(inputs[0]!))
    expect(arabic.outlinedByGalley).toBe(true)
    expect(latin.outlinedByGalley).toBe(false)
  })

  it('reports a character no card font can draw instead of shipping tofu', async () => {
    // Khmer: no shipped face has it.
    const ctx = await ogContext(inputs[0]!, { title: 'ភាសាខ្មែរ headline' })
    await renderOgSvg(ctx)
    expect(ctx.file.messages.map((message) => message.ruleId)).toContain('og-missing-glyph')
  })
})

describe('title fitting', () => {
  const steps = [
    { fontSize: 80, maxLines: 3 },
    { fontSize: 48, maxLines: 5 },
  ]
  const measure = advanceMeasure(cardFonts([]).measuring[700])

  it('keeps the largest size for a short title', () => {
    expect(fitText('Ukraine, Russia begin largest Prisoner swap', { steps, width: 1000, measure })).toMatchObject({
      fontSize: 80,
      truncated: false,
    })
  })

  it('cuts a 400-character title at a word boundary and ends it with an ellipsis', () => {
    const long = 'After a heated late-night session that ran well past midnight the council approved a plan '
      .repeat(5)
      .trim()
    const fitted = fitText(long, { steps, width: 1000, measure })
    expect(fitted).toMatchObject({ fontSize: 48, truncated: true })
    expect(fitted.lines.length).toBeLessThanOrEqual(5)
    expect(fitted.text.endsWith('…')).toBe(true)
    const kept = fitted.text.slice(0, -1)
    expect(long.startsWith(kept)).toBe(true)
    expect(long[kept.length]).toMatch(/[\s,]/)
  })

  it('breaks one 80-character word between letters rather than overflowing', () => {
    const word = 'Pneumonoultramicroscopicsilicovolcanoconiosisandhippopotomonstrosesquippedaliophob'
    const fitted = fitText(word, { steps, width: 1000, measure })
    expect(fitted.lines.join('')).toBe(word)
    for (const line of fitted.lines) expect(measure(line, fitted.fontSize)).toBeLessThanOrEqual(1000)
  })

  it('breaks Chinese between ideographs', () => {
    const fitted = fitText('俄罗斯和乌克兰开始战争以来规模最大的换俘行动首批近八百人获释', {
      steps,
      width: 600,
      measure: advanceMeasure(cardFonts(cardFallbacks('中文', 'zh')).measuring[700]),
    })
    expect(fitted.lines.length).toBeGreaterThan(1)
  })

  it('cuts a long text to its lines with no space where a line broke between ideographs', () => {
    // The corpus's own description: cut short, it came back as "…时立 即采用…", a gap in the word.
    const text =
      '我们希望为 React 社区提供一种选择，使他们能够在新功能设计接近最终状态时立即采用这些功能——类似于 Meta 内部使用 React 的方式。我们正在推出一个新的官方支持的 Canary 发布渠道。'
    const fitted = fitText(text, {
      steps: [{ fontSize: 30, maxLines: 2 }],
      width: 600,
      measure: advanceMeasure(cardFonts(cardFallbacks(text, 'zh')).measuring[400]),
    })
    expect(fitted.truncated).toBe(true)
    expect(fitted.lines.length).toBe(2)
    const kept = fitted.text.replace(/…$/, '')
    expect(text.startsWith(kept)).toBe(true)
  })
})

/** The fontkit calls these tests make (Galley's declaration of fontkit has only what it uses). */
interface Face {
  numGlyphs: number
  hasGlyphForCodePoint(codePoint: number): boolean
  glyphForCodePoint(codePoint: number): { id: number; path: { toSVG(): string } }
}
const face = (data: ArrayBuffer) => create(new Uint8Array(data)) as unknown as Face

describe('fonts, scripts and direction', () => {
  it('loads no fallback face for a Latin, Cyrillic and Greek card', () => {
    expect(cardFallbacks('Russia Россия Ελλάδα Łódź', 'en')).toEqual([])
  })

  it('loads the faces whose cmaps have the characters, in the language’s order', () => {
    const names = (text: string, lang: string) => cardFallbacks(text, lang).map((family) => family.name)
    expect(names('مرحبا שלום 中文 한국어', 'en')).toEqual([
      'Noto Sans Arabic',
      'Noto Sans Hebrew',
      'Noto Sans SC',
      'Noto Sans KR',
    ])
    // ー (U+30FC) is of no single script (Hiragana and Katakana): still found, in the Japanese face.
    expect(names('データー', 'ja')).toEqual(['Noto Sans JP'])
    expect(names('騎車二十分鐘', 'zh-Hant')).toEqual(['Noto Sans TC'])
    // Noto Sans itself has Devanagari.
    expect(names('ตลาดน้ำ भारत ঢাকা சென்னை Երևան თბილისი አዲስ', 'en')).toEqual([
      'Noto Sans Thai',
      'Noto Sans Bengali',
      'Noto Sans Tamil',
      'Noto Sans Armenian',
      'Noto Sans Georgian',
      'Noto Sans Ethiopic',
    ])
  })

  it('parses each combination of faces once per process', () => {
    expect(cardFonts(cardFallbacks('مرحبا', 'ar'))).toBe(cardFonts(cardFallbacks('سلام', 'fa')))
  })

  it('gives satori, for a lone card, its other scripts’ faces with only the card’s characters mapped', () => {
    const text = 'Galley 中文の本 한국어'
    const fonts = cardFonts(cardFallbacks(text, 'en'))
    try {
      expectCards(1)
      const narrowed = satoriFonts(fonts, text)
      expect(narrowed.map((font) => font.name)).toEqual(fonts.satori.map((font) => font.name))
      // The main face is the batch's own; the others are new files.
      expect(narrowed[0]).toBe(fonts.satori[0])
      const korean = fonts.satori.findIndex((font) => font.name === 'Noto Sans KR')
      const before = face(fonts.satori[korean]!.data)
      const after = face(narrowed[korean]!.data)
      for (const character of '한국어') {
        const codePoint = character.codePointAt(0)!
        expect(after.glyphForCodePoint(codePoint).id).toBe(before.glyphForCodePoint(codePoint).id)
        expect(after.glyphForCodePoint(codePoint).path.toSVG()).toBe(before.glyphForCodePoint(codePoint).path.toSVG())
      }
      expect(after.hasGlyphForCodePoint('말'.codePointAt(0)!)).toBe(false)
      expect(before.hasGlyphForCodePoint('말'.codePointAt(0)!)).toBe(true)
      expect(after.numGlyphs).toBe(before.numGlyphs)
      expectCards(2)
      expect(satoriFonts(fonts, text)).toBe(fonts.satori)
    } finally {
      expectCards(0)
    }
  })

  it('draws a lone card with narrowed faces exactly as a batch draws it', async () => {
    for (const fixture of ['cjk', 'korean', 'arabic', 'emoji']) {
      const ctx = await ogContext(`${OG_FIXTURES}/${fixture}/input.md`)
      try {
        expectCards(1)
        const lone = await renderOgSvg(ctx)
        expectCards(2)
        expect(lone.svg, fixture).toBe((await renderOgSvg(ctx)).svg)
      } finally {
        expectCards(0)
      }
    }
  })

  it('narrows a cmap to code points in runs and leaves the other tables where they were', () => {
    const data = cardFonts(cardFallbacks('中文', 'zh')).satori[2]!.data
    const narrowed = narrowCmap(new Uint8Array(data), [0x4e2d, 0x4e2e, 0x4e2f, 0x10ffff], (codePoint) =>
      codePoint === 0x10ffff ? 0 : codePoint - 0x4e00,
    )
    const font = face(new Uint8Array(narrowed).buffer)
    expect([0x4e2d, 0x4e2e, 0x4e2f].map((codePoint) => font.glyphForCodePoint(codePoint).id)).toEqual([
      0x2d, 0x2e, 0x2f,
    ])
    expect(font.hasGlyphForCodePoint(0x10ffff)).toBe(false)
    // The original bytes come first, unchanged but for the directory's cmap record.
    const original = Buffer.from(data)
    expect(narrowed.subarray(0, original.length).compare(original)).not.toBe(0)
    expect(narrowed.length).toBeGreaterThan(original.length)
    expect(Buffer.compare(narrowed.subarray(1024, original.length), original.subarray(1024))).toBe(0)
  })

  it('takes the paragraph direction from the first strong letter', () => {
    expect(paragraphDirection('(2025) مرحبا بالعالم.')).toBe('rtl')
    expect(paragraphDirection('Galley News مرحبا')).toBe('ltr')
  })
})

describe('template errors', () => {
  // A template element built without JSX (this file is .ts); the renderer sees the same objects.

  it('names the element when a template gives several children without display flex', async () => {
    const ctx = await ogContext(inputs[0]!)
    const broken = {
      ...ctx.template,
      render: () =>
        h(
          'div',
          { style: { display: 'flex', width: 1200, height: 630 } },
          h('div', {}, h('span', {}, 'one'), h('span', {}, 'two')),
        ),
    }
    await expect(renderOgSvg({ ...ctx, template: broken })).rejects.toThrow(
      /<div> at `card > div > div` 2 children but no `display: 'flex'`/,
    )
  })
})

describe('the byline', () => {
  /** The card's text as the template drew it, bidi isolates removed. */
  async function cardText(overrides: Parameters<typeof ogContext>[1], source = inputs[0]!): Promise<string> {
    const ctx = await ogContext(source, overrides)
    let drawn: JSXNode | undefined
    const template = {
      ...ctx.template,
      render: (input: Parameters<typeof ctx.template.render>[0]) => (drawn = ctx.template.render(input)),
    }
    await renderOgSvg({ ...ctx, template })
    return textOf(drawn!).replace(/[\u2066-\u2069]/g, '')
  }

  it('keeps every part when they fit', async () => {
    const text = await cardText({ authors: ['Ada Lovelace'], readingMinutes: 4 })
    expect(text).toContain('Ada Lovelace')
    expect(text).toContain('4 min read')
  })

  it('drops whole parts instead of cutting a name or a date mid-word', async () => {
    const authors = ['Dan Abramov', 'Sophie Alpert', 'Rick Hanlon', 'Andrew Clark', 'Sebastian Markbåge', 'Lauren Tan']
    const text = await cardText({
      authors,
      published: { iso: '2023-05-03', hasTime: false, display: 'May 3, 2023' },
      readingMinutes: 7,
    })
    expect(text).toMatch(/Dan Abramov and 5 others {2}· {2}May 3, 2023( {2}· {2}7 min read)?$/)
    expect(text).not.toContain('Rick Hanlo')
  })

  it('speaks the article’s language and keeps a Latin name beside an Arabic date whole', async () => {
    const text = await cardText({}, 'tests/fixtures/language/arabic/input.md')
    expect(text).toContain('سارة المنصوري وAndrew Clark')
    expect(text).toContain('3 مايو 2023')
    expect(text).toContain('دقيقة')
  })
})
