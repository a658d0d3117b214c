/**
 * Before sanitising, say what raw HTML will lose: an element outside the allowed schema (a JSX
 * component such as `<Note>`, a `<marquee>`) keeps its content and is reported once per tag; an
 * unsafe one (`<script>`, `<iframe>`, `<object>`…) is removed with its content and reported too.
 */
import type { Root } from 'hast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

export interface Options {
  /** Tag names the sanitiser keeps. */
  allowed: readonly string[]
  /** Tag names the sanitiser removes together with their content. */
  stripped: readonly string[]
}

export function rehypeReportUnknownElements(options: Options) {
  const allowed = new Set(options.allowed)
  const stripped = new Set(options.stripped)
  return (tree: Root, file: VFile) => {
    const reported = new Set<string>()
    visit(tree, 'element', (node) => {
      const tag = node.tagName
      if (allowed.has(tag) || reported.has(tag)) return
      reported.add(tag)
      if (tag.startsWith('galley-')) {
        const name = String(node.properties.dataComponent ?? tag.slice('galley-'.length))
        file.message(
          node.children.length
            ? `Unknown component <${name}>; Galley keeps its content without it`
            : `Removed the component <${name}>, which Galley does not know`,
          { place: node.position?.start, ruleId: 'unknown-component', source: 'galley:source' },
        )
        return
      }
      const unsafe =
        stripped.has(tag) ||
        ['iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base', 'link', 'meta'].includes(tag)
      file.message(
        unsafe
          ? `Removed the unsafe HTML element <${tag}> and its content; Galley never publishes it`
          : `Unknown HTML element <${tag}> (a component from another tool?); Galley keeps its content without the element`,
        { place: node.position?.start, ruleId: unsafe ? 'unsafe-html' : 'unknown-element', source: 'galley:source' },
      )
    })
  }
}
