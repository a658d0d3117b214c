/**
 * SVG → PNG with resvg. Every glyph is already an outline, so no font is loaded: system fonts are
 * never consulted and every machine draws the same pixels.
 */
import { Resvg } from '@resvg/resvg-js'

/** Rasterise `svg` at its own size. */
export function rasterize(svg: string): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } })
  return new Uint8Array(resvg.render().asPng())
}
