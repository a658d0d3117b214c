/**
 * A title or description's styled runs (see `Metadata.titleRuns`) as inline hast, for the formats
 * that draw HTML-like markup: the page, the EPUB title page, the PDF's run collector.
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { InlineRun } from '../types.ts'

/** Runs as `code`, `em`, `strong` and `del` elements around their text. */
export function runsToHast(runs: readonly InlineRun[]): ElementContent[] {
  return runs.map((run) => {
    let node: ElementContent = { type: 'text', value: run.text }
    if (run.code) node = h('code', [node])
    if (run.strike) node = h('del', [node])
    if (run.strong) node = h('strong', [node])
    if (run.emphasis) node = h('em', [node])
    return node
  })
}

/** A title or description as inline hast: its runs when it has styled parts, else its plain text. */
export function inlineContent(text: string, runs: readonly InlineRun[] | undefined): ElementContent[] {
  return runs ? runsToHast(runs) : [{ type: 'text', value: text }]
}
