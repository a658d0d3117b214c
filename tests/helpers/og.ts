/**
 * Helpers for the social card tests: render a fixture's card, read a PNG header, and find drawing
 * that leaves the canvas.
 */
import { loadTemplate } from '../../pipeline/render/index.ts'
import { renderOg, renderOgSvg, type OgTemplate } from '../../pipeline/render/og.ts'
import type { Metadata, RenderContext } from '../../pipeline/types.ts'
import { parseFixture, testConfig } from './articles.ts'

/** The render context of a fixture, with optional metadata overrides. */
export async function ogContext(path: string, overrides: Partial<Metadata> = {}): Promise<RenderContext<OgTemplate>> {
  const { article, file } = await parseFixture(path)
  if (!article) throw new Error(`${path} did not parse: ${file.messages.join('; ')}`)
  const template = await loadTemplate<OgTemplate>('og', testConfig)
  return {
    tree: article.tree,
    metadata: { ...article.metadata, ...overrides },
    template,
    assets: article.assets,
    file,
    artifacts: new Map(),
  }
}

export { renderOg, renderOgSvg }

/** Width and height from a PNG's IHDR chunk, after checking the 8-byte signature. */
export function pngHeader(png: Uint8Array): { signatureOk: boolean; width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const chunkType = new TextDecoder().decode(png.subarray(12, 16))
  return {
    signatureOk: signature.every((byte, index) => png[index] === byte) && chunkType === 'IHDR',
    width: view.getUint32(16),
    height: view.getUint32(20),
  }
}

/**
 * Every glyph outline point and emoji image that lies outside `width` × `height`, as readable strings.
 * Glyphs are absolute `M/L/Q/C/Z` paths (satori and Galley's outliner both write those).
 */
export function drawingOutsideCanvas(svg: string, width: number, height: number): string[] {
  const outside: string[] = []
  for (const [, d] of svg.matchAll(/<path[^>]* d="([^"]*)"/g)) {
    if (/[^MLQCZ\d\s.,eE+-]/.test(d!)) continue // borders and shapes use other commands; only glyphs matter
    const numbers = d!.match(/-?\d*\.?\d+(?:e[+-]?\d+)?/gi)?.map(Number) ?? []
    for (let index = 0; index + 1 < numbers.length; index += 2) {
      const [x, y] = [numbers[index]!, numbers[index + 1]!]
      if (x < 0 || x > width || y < 0 || y > height) outside.push(`glyph point ${x},${y}`)
    }
  }
  for (const [element] of svg.matchAll(/<image [^>]*href="data:image\/svg\+xml[^>]*>/g)) {
    const attribute = (name: string) => Number(element.match(new RegExp(` ${name}="([^"]*)"`))?.[1] ?? 0)
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map(attribute) as [number, number, number, number]
    if (x < 0 || y < 0 || x + w > width || y + h > height) outside.push(`emoji at ${x},${y} ${w}×${h}`)
  }
  return outside
}

/** The number of text elements satori left unoutlined. */
export function textElementCount(svg: string): number {
  return svg.match(/<text\b/g)?.length ?? 0
}
