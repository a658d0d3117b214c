/**
 * MathJax's SVG output (with `fontCache: 'none'`) as a flat list of shapes a PDF can draw: glyph
 * outlines as path data, rules as rectangles and lines, each with the transform that places it.
 * Lengths are MathJax units (1000 to the em), y pointing down with the baseline at 0.
 */
import type { LiteElement } from 'mathjax-full/js/adaptors/lite/Element.js'

/** An affine transform `[a, b, c, d, e, f]`, as in SVG and PDF. */
export type Matrix = [number, number, number, number, number, number]

export type Shape =
  | { kind: 'path'; d: string; matrix: Matrix }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; matrix: Matrix }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; matrix: Matrix }

/** A formula ready to draw: its box in ems and its shapes. */
export interface Outline {
  /** Width, height above the baseline and depth below it, in ems. */
  width: number
  ascent: number
  depth: number
  /** Left edge of the box in MathJax units (the viewBox's x). */
  left: number
  shapes: Shape[]
  /** Characters MathJax drew as text (outside its fonts), which the outline leaves out. */
  missing: string[]
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0]

/** Read the `<svg>` MathJax made. */
export function outlineOf(svg: LiteElement): Outline {
  const [left = 0, top = 0, width = 0, height = 0] = String(svg.attributes.viewBox ?? '')
    .split(/[\s,]+/)
    .map(Number)
  const shapes: Shape[] = []
  const missing: string[] = []
  walk(svg, IDENTITY, shapes, missing)
  return { width: width / 1000, ascent: -top / 1000, depth: (height + top) / 1000, left, shapes, missing }
}

function walk(node: LiteElement, outer: Matrix, shapes: Shape[], missing: string[]): void {
  for (const child of node.children as LiteElement[]) {
    if (!child.attributes) continue
    const attributes = child.attributes as Record<string, string>
    const matrix = attributes.transform ? multiply(outer, parseTransform(attributes.transform)) : outer
    const number = (name: string) => Number(attributes[name] ?? 0)
    switch (child.kind) {
      case 'path':
        if (attributes.d) shapes.push({ kind: 'path', d: attributes.d, matrix })
        break
      case 'rect':
        if (attributes['data-background'] === undefined)
          shapes.push({
            kind: 'rect',
            x: number('x'),
            y: number('y'),
            width: number('width'),
            height: number('height'),
            matrix,
          })
        break
      case 'line':
        shapes.push({
          kind: 'line',
          x1: number('x1'),
          y1: number('y1'),
          x2: number('x2'),
          y2: number('y2'),
          width: Number(attributes['stroke-width'] ?? 0) || 40,
          matrix,
        })
        break
      case 'text':
        missing.push(textOf(child))
        break
      case 'title':
        break
      default:
        walk(child, matrix, shapes, missing)
    }
  }
}

function textOf(node: LiteElement): string {
  return (node.children as Array<LiteElement & { value?: string }>)
    .map((child) => child.value ?? (child.children ? textOf(child) : ''))
    .join('')
}

/** `translate(1,2) scale(1,-1) matrix(…)` → one matrix. */
export function parseTransform(text: string): Matrix {
  let result = IDENTITY
  for (const [, name, args] of text.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args!
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number)
    const step: Matrix =
      name === 'translate'
        ? [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0]
        : name === 'scale'
          ? [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0]
          : name === 'matrix' && n.length === 6
            ? (n as Matrix)
            : IDENTITY
    result = multiply(result, step)
  }
  return result
}

/** `outer × inner`: apply `inner` first, then `outer`. */
export function multiply(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer
  const [A, B, C, D, E, F] = inner
  return [a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f]
}
