/**
 * Single dollars are also prices: "between $5 and $10" is not math. As Pandoc does, `$…$` is math
 * only when the closing `$` is not followed by a digit and the content does not end in a space
 * while starting without one (`$x$` and `$ \sin x $` are math; `$5 and $` is not). What fails
 * goes back to the text the author wrote.
 */
import type { Root } from 'mdast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

export function remarkMathGuard() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value)
    visit(tree, 'inlineMath', (node, index, parent) => {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (!parent || index === undefined || start === undefined || end === undefined) return
      const written = source.slice(start, end)
      if (written.startsWith('$$')) return
      const inner = written.slice(1, -1)
      const price = /\d/.test(source.charAt(end)) || (/\s$/.test(inner) && !/^\s/.test(inner))
      if (price) parent.children[index] = { type: 'text', value: written, position: node.position! }
    })
  }
}
