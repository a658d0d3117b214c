/** The little of fontkit 2 that Galley uses (the package ships no types). */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string
    unitsPerEm: number
    ascent: number
    descent: number
    hasGlyphForCodePoint(codePoint: number): boolean
    layout(text: string): unknown
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font
}
