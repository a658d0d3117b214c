/**
 * Guards for Galley's rewrites of satori's and MathJax's output (docs/dependencies.md): each fails
 * with a sentence naming the rewrite when the output it reads changes shape.
 */
import { createElement, type JSXNode } from 'satori/jsx'
import satori from 'satori'
import { describe, expect, it } from 'vitest'
import { mathjax } from '../pipeline/math/mathjax.ts'
import { outlineOf } from '../pipeline/math/svg-outline.ts'
import { cardFallbacks, cardFonts } from '../pipeline/render/og/card-fonts.ts'
import { dropMasksThatRepeatClips } from '../pipeline/render/og/drop-masks.ts'
import { outlineTextLines } from '../pipeline/render/og/rtl-text.ts'
import { reliesOn } from './helpers/relies-on.ts'

const h = (type: string, props: Record<string, unknown>, ...children: JSXNode[]): JSXNode =>
  createElement(type, { ...props, children: children.length > 1 ? children : children[0] }) as JSXNode
const box = (text: string, style: Record<string, unknown> = {}) =>
  h(
    'div',
    { style: { display: 'flex', width: 400, height: 100, backgroundColor: '#fffdf8' } },
    h('div', { style: { overflow: 'hidden', whiteSpace: 'nowrap', width: 200, fontSize: 30, ...style } }, text),
  )

describe('satori 0.63.2: dropMasksThatRepeatClips (pipeline/render/og/drop-masks.ts)', () => {
  it('finds a clipped box drawn as a mask and a clip of the same rectangle, and keeps only the clip', async () => {
    const svg = await satori(box('A line far too long for its box') as never, {
      width: 400,
      height: 100,
      fonts: cardFonts([]).satori,
    })
    const masks = (text: string) => text.match(/ mask="url\(#[^)]+\)"/g)?.length ?? 0
    reliesOn(
      'dropMasksThatRepeatClips',
      'satori writing `<mask id><rect … fill="#fff"/></mask>`, `<clipPath id><rect …/></clipPath>` and ` mask="url(#…)" clip-path="url(#…)"` on the clipped group',
      /<mask id="[^"]+"><rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#fff"\/><\/mask>/.test(svg) &&
        /<clipPath id="[^"]+"><rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+"\/><\/clipPath>/.test(svg) &&
        / mask="url\(#[^)"]+\)" clip-path="url\(#[^)"]+\)"/.test(svg),
    )
    expect(masks(dropMasksThatRepeatClips(svg))).toBe(masks(svg) - 1)
  })
})

describe('satori 0.63.2: outlineTextLines (pipeline/render/og/rtl-text.ts)', () => {
  it('finds one positioned <text> per word when fonts are not embedded, and outlines them all', async () => {
    const text = 'مرحبا بالعالم'
    const fonts = cardFonts(cardFallbacks(text, 'ar'))
    const svg = await satori(box(text, { overflow: 'visible', width: 380 }) as never, {
      width: 400,
      height: 100,
      fonts: fonts.satori,
      embedFont: false,
    })
    const runs = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)]
    reliesOn(
      'outlineTextLines',
      'satori with `embedFont: false` writing `<text x="…" y="…" …>word</text>` elements',
      runs.length >= 2 &&
        runs.every(([, attributes]) => /(?:^|\s)x="[\d.-]+"/.test(attributes!) && /\sy="[\d.-]+"/.test(attributes!)),
    )
    const outlined = outlineTextLines(svg, (weight) => fonts.measuring[weight])
    expect(outlined).not.toContain('<text')
    expect(outlined).toMatch(/<path[^>]* d="M/)
  })
})

describe('MathJax 3.2.2: outlineOf (pipeline/math/svg-outline.ts)', () => {
  it('reads the lite adaptor’s SVG tree: paths with their data, the fraction bar as a rectangle, no <use>', async () => {
    const engine = await mathjax()
    const converted = engine.svg('\\frac{a}{\\sqrt{b}}', true)
    if (!converted.ok) throw new Error(converted.error)
    const root = converted.value as unknown as { kind: string; attributes: Record<string, string>; children: unknown[] }
    reliesOn(
      'outlineOf',
      'the lite adaptor giving elements with kind, attributes and children',
      root.kind === 'svg' && typeof root.attributes === 'object' && Array.isArray(root.children),
    )
    reliesOn(
      'outlineOf',
      'the <svg> having a viewBox of four numbers',
      /^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/.test(root.attributes.viewBox ?? ''),
    )
    const kinds = new Set<string>()
    const walk = (node: { kind?: string; children?: unknown[] }) => {
      if (node.kind) kinds.add(node.kind)
      for (const child of node.children ?? []) walk(child as { kind?: string; children?: unknown[] })
    }
    walk(root)
    reliesOn(
      'outlineOf',
      'fontCache "none" drawing glyphs as <path>, never <use>',
      kinds.has('path') && !kinds.has('use'),
    )
    const outline = outlineOf(converted.value)
    reliesOn(
      'outlineOf',
      'a fraction bar drawn as <rect>',
      outline.shapes.some((shape) => shape.kind === 'rect'),
    )
    expect(outline.shapes.filter((shape) => shape.kind === 'path').length).toBeGreaterThanOrEqual(3)
    expect(outline.width).toBeGreaterThan(0)
    expect(outline.missing).toEqual([])
  })

  it('finds a character outside MathJax’s fonts as a <text> element it can name', async () => {
    const converted = (await mathjax()).svg('\\text{世}', false)
    if (!converted.ok) throw new Error(converted.error)
    reliesOn(
      'outlineOf',
      'MathJax drawing a character outside its fonts as <text>',
      outlineOf(converted.value).missing.join('') === '世',
    )
  })
})
