/**
 * GitHub's alerts: a block quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
 * `[!WARNING]` or `[!CAUTION]` (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#alerts)
 * becomes a callout. Obsidian's wider set (`[!info] Title`, `[!faq]-` folded) is read the same way.
 */
import type { Blockquote, Root } from 'mdast'
import { SKIP, visit } from 'unist-util-visit'
import { callout, calloutKind } from './callout.ts'

const MARKER = /^\[!([A-Za-z]+)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)/

export function remarkGithubAlerts() {
  return (tree: Root) => {
    visit(tree, 'blockquote', (quote: Blockquote, index, parent) => {
      const first = quote.children[0]
      const text = first?.type === 'paragraph' ? first.children[0] : undefined
      if (!parent || index === undefined || text?.type !== 'text') return
      const match = MARKER.exec(text.value)
      if (!match || !calloutKind(match[1]!)) return
      const [marker, type, fold, title] = match
      text.value = text.value.slice(marker!.length)
      // The marker's line may end in a hard break or be the whole paragraph.
      if (!text.value) first!.type === 'paragraph' && first!.children.shift()
      if (first?.type === 'paragraph' && first.children[0]?.type === 'break') first.children.shift()
      const children = quote.children.filter((node) => !(node.type === 'paragraph' && node.children.length === 0))
      parent.children[index] = callout({
        type: type!,
        ...(title?.trim() ? { title: title.trim() } : {}),
        children,
        ...(fold ? { collapsible: fold === '+' ? ('open' as const) : ('closed' as const) } : {}),
        from: quote,
      })
      return SKIP
    })
  }
}
