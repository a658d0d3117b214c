/**
 * Math in the PDF: each `<math>` of the shared tree is typeset again from its TeX (`alttext`) by
 * MathJax, and its outlines drawn as vector paths in the text colour. Inline formulas are atoms of
 * their line; display formulas are centred blocks, shrunk to the column when wider. Each formula is
 * tagged `Formula` with its TeX as the alternate text, and as ActualText on its marked content, so
 * copied or extracted text reads the TeX.
 */
import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'
import { mathjax } from '../../math/mathjax.ts'
import { type Outline, outlineOf } from '../../math/svg-outline.ts'
import type { PdfContext } from './context.ts'
import { warn } from './context.ts'

/** The key of a formula among the prepared ones. */
export const mathKey = (tex: string, display: boolean) => `${display ? 'display' : 'inline'}:${tex}`

/** The TeX of a `<math>` element, from its `alttext`. */
export const texOf = (node: Element) => String(node.properties.alttext ?? node.properties.altText ?? '')

/** Typeset every formula of the tree once, before drawing. */
export async function prepareMath(tree: Root): Promise<Map<string, Outline>> {
  const formulas: Array<[string, boolean]> = []
  visit(tree, 'element', (node) => {
    if (node.tagName === 'math') formulas.push([texOf(node), node.properties.display === 'block'])
  })
  const outlines = new Map<string, Outline>()
  if (!formulas.length) return outlines
  const engine = await mathjax()
  for (const [tex, display] of formulas) {
    const key = mathKey(tex, display)
    if (outlines.has(key)) continue
    const svg = engine.svg(tex, display)
    if (svg.ok) outlines.set(key, outlineOf(svg.value))
  }
  return outlines
}

/** Whether a block is a display formula (`<div class="math-display">`). */
export function isDisplayMath(node: Element): boolean {
  const classes = node.properties.className
  return Array.isArray(classes) && classes.includes('math-display')
}

/** Draw a display formula, centred in the column. */
export function renderDisplayMath(ctx: PdfContext, node: Element): void {
  const math = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'math')
  if (!math) return
  const { flow, template } = ctx
  const tex = texOf(math)
  const outline = ctx.math.get(mathKey(tex, true))
  const size = template.text.body.size * 1.1
  if (!outline) {
    warn(ctx, node, `Expected a formula MathJax can draw, found \`${tex}\`: its TeX is shown instead`, 'pdf-math')
    return
  }
  const scale = Math.max(template.math.minScale, Math.min(1, flow.width / (outline.width * size)))
  const em = size * scale
  const height = (outline.ascent + outline.depth) * em
  flow.space(template.math.spaceBefore)
  flow.ensure(height)
  const x = flow.left + Math.max(0, (flow.width - outline.width * em) / 2)
  const baseline = flow.y + outline.ascent * em
  drawFormula(ctx, outline, tex, x, baseline, em, ctx.palette.text, 'Block')
  flow.y += height + template.math.spaceAfter
  reportMissing(ctx, node, outline)
}

/** Draw an inline formula on its line. */
export function drawInlineMath(
  ctx: PdfContext,
  tex: string,
  x: number,
  baseline: number,
  size: number,
  color: string,
): void {
  const outline = ctx.math.get(mathKey(tex, false))
  if (outline) drawFormula(ctx, outline, tex, x, baseline, size, color, 'Inline')
}

/** The width of an inline formula at `size`, or undefined when MathJax could not typeset it. */
export function inlineMathWidth(ctx: PdfContext, tex: string, size: number): number | undefined {
  const outline = ctx.math.get(mathKey(tex, false))
  return outline ? outline.width * size : undefined
}

function drawFormula(
  ctx: PdfContext,
  outline: Outline,
  tex: string,
  x: number,
  baseline: number,
  em: number,
  color: string,
  placement: 'Block' | 'Inline',
): void {
  const { doc, tagger } = ctx
  const scale = em / 1000
  const bbox = [x, baseline - outline.ascent * em, x + outline.width * em, baseline + outline.depth * em]
  tagger.wrap(
    'Formula',
    () => {
      tagger.content({ actual: tex })
      doc.save()
      doc.transform(scale, 0, 0, scale, x - outline.left * scale, baseline)
      for (const shape of outline.shapes) {
        doc.save()
        doc.transform(...shape.matrix)
        if (shape.kind === 'path') doc.path(shape.d).fill(color)
        else if (shape.kind === 'rect') doc.rect(shape.x, shape.y, shape.width, shape.height).fill(color)
        else doc.moveTo(shape.x1, shape.y1).lineTo(shape.x2, shape.y2).lineWidth(shape.width).stroke(color)
        doc.restore()
      }
      doc.restore()
      invisibleText(ctx, tex, x, baseline, outline.width * em)
    },
    { alt: tex, placement, bbox },
  )
}

/**
 * The TeX as invisible glyphs (text rendering mode 3) across the formula: text extraction and
 * search find the formula, which outlines alone would not give them (poppler reads ActualText
 * only where glyphs are drawn).
 */
function invisibleText(ctx: PdfContext, tex: string, x: number, baseline: number, width: number): void {
  const style = ctx.template.text.body
  const pieces = ctx.fonts.split(tex, style)
  const natural = pieces.reduce((sum, piece) => sum + ctx.fonts.width(piece.text, piece.face, 1), 0)
  if (!natural) return
  const size = Math.min(style.size, width / natural)
  ctx.doc.save()
  ctx.doc.addContent('3 Tr')
  let cursor = x
  for (const piece of pieces) {
    ctx.text.show(piece.text, cursor, baseline, { face: piece.face, size, color: ctx.palette.text })
    cursor += ctx.fonts.width(piece.text, piece.face, size)
  }
  ctx.text.close()
  ctx.doc.restore()
}

function reportMissing(ctx: PdfContext, node: Element, outline: Outline): void {
  if (outline.missing.length)
    warn(
      ctx,
      node,
      `Expected characters MathJax's fonts have, found “${outline.missing.join('')}” in a formula: the PDF leaves them out`,
      'pdf-math',
    )
}
