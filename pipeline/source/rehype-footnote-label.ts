/**
 * The notes' heading in the article's language: remark-rehype writes English `Footnotes` whatever
 * the language, while the PDF and the EPUB print the shared word for notes. The page keeps the
 * heading for screen readers, so it takes the same word (`file.data.lang`, set before parsing).
 */
import type { Element, Root } from 'hast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { labelsFor } from '../../templates/shared/labels.ts'

export function rehypeFootnoteLabel() {
  return (tree: Root, file: VFile) => {
    const notes = labelsFor(file.data.lang ?? 'en').notes
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'section' || !('dataFootnotes' in node.properties)) return undefined
      const heading = node.children.find(
        (child): child is Element => child.type === 'element' && child.properties.id === 'footnote-label',
      )
      if (heading) heading.children = [{ type: 'text', value: notes }]
      return 'skip'
    })
  }
}
