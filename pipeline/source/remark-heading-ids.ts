/**
 * Heading ids written by hand, as other tools take them: `## Title {#id}` (Pandoc, Hugo, VitePress,
 * MkDocs attribute lists; classes and attributes after the id are dropped) and react.dev's MDX
 * comment `## Title {/*id*\/}`. The id becomes the heading's id (rehype-slug keeps it) and the
 * syntax leaves the heading, so no format prints it: not the page, the PDF outline nor the EPUB
 * contents. The source is read rather than the parsed text, where `*id*` has become emphasis.
 */
import type { Heading, PhrasingContent, Root } from 'mdast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

const TRAILING_ID = /[ \t]*\{[ \t]*(?:#([^\s}]+)[^}\n]*|\/\*[ \t]*([^*\n]*?)[ \t]*\*\/)[ \t]*\}[ \t#]*$/

export function remarkHeadingIds() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value)
    visit(tree, 'heading', (heading: Heading) => {
      const start = heading.position?.start.offset
      const end = heading.position?.end.offset
      if (start === undefined || end === undefined) return
      // Setext headings end with their underline: look at the text's last line only.
      const text = source.slice(start, end).replace(/\n[ \t]*(?:=+|-+)[ \t]*$/, '')
      const match = TRAILING_ID.exec(text)
      if (!match) return
      heading.children = cutAt(heading.children, start + match.index)
      const id = (match[1] ?? match[2] ?? '').trim()
      if (id) setHeadingId(heading, id)
    })
  }
}

/** The phrasing before `offset`: later nodes dropped, a text node across it shortened. */
function cutAt(children: PhrasingContent[], offset: number): PhrasingContent[] {
  const kept: PhrasingContent[] = []
  for (const child of children) {
    const from = child.position?.start.offset
    const to = child.position?.end.offset
    if (from === undefined || to === undefined || from >= offset) break
    if (to > offset && child.type === 'text') kept.push({ ...child, value: child.value.slice(0, offset - from) })
    else kept.push(child)
  }
  const last = kept[kept.length - 1]
  if (last?.type === 'text') {
    last.value = last.value.replace(/\s+$/, '')
    if (!last.value) kept.pop()
  }
  return kept
}

/** Give a heading the id its source wrote. */
export function setHeadingId(heading: Heading, id: string): void {
  heading.data = { ...heading.data, hProperties: { ...heading.data?.hProperties, id } }
}
