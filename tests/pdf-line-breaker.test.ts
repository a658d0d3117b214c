/**
 * The PDF line breaker in measures too narrow for what it is given: it always advances, and never
 * splits what has no characters to split (a link's arrow) or must stay whole (an emoji).
 */
import { describe, expect, it } from 'vitest'
import type { Atom } from '../pipeline/render/pdf/atoms.ts'
import type { PdfContext } from '../pipeline/render/pdf/context.ts'
import { breakLines } from '../pipeline/render/pdf/line-breaker.ts'

const style = {
  role: 'body',
  size: 10,
  bold: false,
  italic: false,
  color: '#000',
  tracking: 0,
  uppercase: false,
  code: false,
  strike: false,
  underline: false,
  shift: 0,
} as const
const atom = (kind: Atom['kind'], text: string, width: number) =>
  ({ kind, text, width, style, face: {} as Atom['face'], level: 0 }) as Atom
// Splitting text measures it; these atoms must be placed without measuring anything.
const ctx = {} as PdfContext

describe('line breaking in a measure narrower than an atom', () => {
  it('puts a link arrow wider than the line on a line of its own', () => {
    const lines = breakLines(ctx, [atom('external-mark', '', 6)], 2)
    expect(lines.map((line) => line.atoms.map((a) => a.kind))).toEqual([['external-mark']])
  })

  it('keeps an emoji whole, after the text before it', () => {
    const lines = breakLines(ctx, [atom('space', ' ', 3), atom('emoji', '👩🏽‍🚀', 10), atom('emoji', '🇺🇦', 10)], 5)
    expect(lines.map((line) => line.atoms.map((a) => a.text))).toEqual([['👩🏽‍🚀'], ['🇺🇦']])
  })

  it('gives no line for no atoms, and one per forced break', () => {
    expect(breakLines(ctx, [], 100)).toEqual([])
    const lines = breakLines(ctx, [atom('text', 'a', 5), atom('break', '\n', 0), atom('text', 'b', 5)], 100)
    expect(lines.map((line) => [line.atoms.map((a) => a.text).join(''), line.last])).toEqual([
      ['a', true],
      ['b', true],
    ])
  })
})
