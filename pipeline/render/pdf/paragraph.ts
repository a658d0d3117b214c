/**
 * A block of inline content: runs → atoms → lines, then placed on pages line by line, keeping at
 * least `minLinesAtBreak` lines together at the foot and the head of a page (no orphans or widows
 * where the paragraph is long enough to avoid them).
 */
import type { ElementContent } from 'hast'
import { NO_SPACES, toAtoms } from './atoms.ts'
import { baseDirection } from './bidi.ts'
import type { PdfContext } from './context.ts'
import { drawLine, endLine, type Alignment, type LineState } from './draw-line.ts'
import { collectRuns, runStyle, type Run } from './inline-runs.ts'
import { breakLines, type Line } from './line-breaker.ts'
import type { BlockStyle, TextStyle } from './template.ts'

/** How a paragraph is set. */
export interface ParagraphOptions {
  style: BlockStyle
  /** Default: the template's body alignment for body text, else `left`. */
  align?: Alignment
  /** Structure element to wrap the text in; null draws into the current one. Default `P`. */
  structType?: string | null
  /** Soft hyphens in long words. Default: the template's `text.hyphenate`. */
  hyphenate?: boolean
  /** Called with the first line's baseline, once it is placed (list labels). */
  onFirstLine?: (baseline: number) => void
  /** Base direction. Default: the first strong letter's (UAX #9 P2), else the article's: `dir="auto"`. */
  dir?: 'ltr' | 'rtl'
}

/** Lay out runs in the current column width. */
export function layoutRuns(ctx: PdfContext, runs: Run[], options: ParagraphOptions, width = ctx.flow.width): Line[] {
  const hyphenate = options.hyphenate ?? ctx.template.text.hyphenate
  const dir = options.dir ?? baseDirection(runs.map((run) => run.text).join(''), ctx.metadata.dir)
  return breakLines(ctx, toAtoms(ctx, runs, { hyphenate, dir }), width)
}

/** Draw inline hast `nodes` as one paragraph. */
export function renderParagraph(ctx: PdfContext, nodes: readonly ElementContent[], options: ParagraphOptions): void {
  const runs = collectRuns(ctx, nodes, runStyle(ctx, options.style))
  if (!runs.some((run) => run.kind === 'external-mark' || run.text.trim())) return
  renderRuns(ctx, runs, options)
}

/** Draw prepared runs as one paragraph. */
export function renderRuns(ctx: PdfContext, runs: Run[], options: ParagraphOptions): void {
  const lines = layoutRuns(ctx, runs, options)
  const text = runs.map((run) => run.text).join('')
  const rtl = (options.dir ?? baseDirection(text, ctx.metadata.dir)) === 'rtl'
  const align = resolveAlign(ctx, options, rtl, text)
  const structType = options.structType === undefined ? 'P' : options.structType
  ctx.flow.space(options.style.spaceBefore)
  const draw = () => placeLines(ctx, lines, options.style, align, options.onFirstLine, rtl)
  if (structType) ctx.tagger.wrap(structType, draw)
  else draw()
  ctx.flow.y += options.style.spaceAfter
}

function resolveAlign(ctx: PdfContext, options: ParagraphOptions, rtl: boolean, text: string): Alignment {
  let align = options.align ?? (options.style.role === 'body' ? ctx.template.text.align : 'left')
  // Thai, Lao, Khmer and Burmese put spaces between phrases, not words: justified by its few spaces a
  // line gapes, so such paragraphs are set ragged.
  if (align === 'justify' && NO_SPACES.test(text)) align = 'left'
  if (!rtl) return align
  return align === 'left' ? 'right' : align === 'right' ? 'left' : align
}

/** Place lines of `style` from the cursor down, breaking pages with widow and orphan control. */
export function placeLines(
  ctx: PdfContext,
  lines: Line[],
  style: TextStyle,
  align: Alignment,
  onFirstLine?: (baseline: number) => void,
  rtl = false,
): void {
  const { flow } = ctx
  const keep = ctx.template.text.minLinesAtBreak
  const state: LineState = {}
  let index = 0
  while (index < lines.length) {
    const remaining = lines.length - index
    const fit = Math.floor((flow.room + 0.01) / style.leading)
    let count = Math.min(fit, remaining)
    if (fit < remaining && !flow.atTop) {
      // Carry at least `keep` lines over (no widow), and leave at least `keep` at the foot (no orphan).
      if (remaining - count < keep) count = remaining - keep
      if (count < keep) count = 0
    }
    if (count <= 0) {
      if (flow.atTop) count = Math.min(remaining, Math.max(1, fit))
      else {
        flow.newPage()
        continue
      }
    }
    for (let n = 0; n < count; n++, index++) {
      const baseline = flow.y + baselineOffset(style)
      drawLine(ctx, lines[index]!, flow.left, baseline, flow.width, align, state, rtl)
      if (index === 0) onFirstLine?.(baseline)
      flow.y += style.leading
    }
    if (index < lines.length) flow.newPage()
  }
  endLine(ctx, state)
}

/** Distance from the top of a line box to its baseline: the text sits centred in its leading. */
export function baselineOffset(style: TextStyle): number {
  return (style.leading + style.size * 0.72) / 2
}
