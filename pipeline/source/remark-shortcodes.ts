/**
 * Give `shortcode` lines their meaning: an opening line and its closing line (`:::tip` … `:::`,
 * `{{< x >}}` … `{{< /x >}}`, `{% x %}` … `{% endx %}` or Zola's `{% end %}`) enclose the blocks
 * between them; an MkDocs opener takes the indented block below it. Callouts, figures, YouTube and
 * Vimeo links, gists and highlight blocks are built (see `shortcode-render.ts`); every other
 * shortcode, tag or template action is removed with a warning naming it, its enclosed content kept.
 * The same template syntax inside a paragraph or raw HTML is removed too: never printed literally.
 */
import type { Code, Nodes, Parent, Root, RootContent } from 'mdast'
import type { Processor } from 'unified'
import type { VFile } from 'vfile'
import type { Shortcode } from './shortcode-syntax.ts'
import { renderShortcode, warnRemoved, type ShortcodeContext } from './shortcode-render.ts'

/** Template syntax inside a line of text: a Hugo shortcode, a Liquid tag, an action or an MDX comment. */
const INLINE =
  /\{\{[<%](?:[^}]|\}(?!\}))*?[>%]\}\}|\{%-?(?:[^%]|%(?!\}))*?-?%\}|\{\{(?:[^}]|\}(?!\}))*\}\}|\{\s*\/\*[\s\S]*?\*\/\s*\}/g

const ATTRIBUTE = String.raw`(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+))`
const ATTRIBUTE_LIST = new RegExp(String.raw`^\{:?\s*${ATTRIBUTE}(?:\s+${ATTRIBUTE})*\s*\}`)

export function remarkShortcodes(this: Processor) {
  return (tree: Root, file: VFile) => {
    const context: ShortcodeContext = {
      file,
      reported: new Set(),
      parseBlock: (code) => {
        // The body may hold admonitions and shortcodes of its own (MkDocs nests by indentation).
        const body: Root = { type: 'root', children: reparse(this, tree, file, code) }
        pairAll(body, context)
        return body.children
      },
    }
    pairAll(tree, context)
    removeInlineSyntax(tree, context)
  }
}

/** Pair the shortcode lines of every parent, innermost parents first. */
function pairAll(parent: Parent, context: ShortcodeContext): void {
  for (const child of parent.children) if ('children' in child) pairAll(child as Parent, context)
  if (parent.children.some((child) => child.type === 'shortcode'))
    parent.children = pair(parent.children as RootContent[], context) as Parent['children']
}

interface Frame {
  opener: Shortcode
  /** Index in `result` just after the opener. */
  start: number
}

function pair(children: RootContent[], context: ShortcodeContext): RootContent[] {
  const result: RootContent[] = []
  const stack: Frame[] = []
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!
    if (node.type !== 'shortcode') {
      result.push(node)
      continue
    }
    if (node.syntax === 'mkdocs') {
      // MkDocs: the body is the indented block right below (parsed as indented code).
      const next = children[index + 1]
      const body = next && isIndentedCode(next, context.file) ? context.parseBlock(next as Code) : []
      if (body.length) index++
      result.push(...renderShortcode(node, body, context))
      continue
    }
    if (!node.closing) {
      stack.push({ opener: node, start: result.length + 1 })
      result.push(node)
      continue
    }
    const at = findOpener(stack, node)
    if (at < 0) {
      warnRemoved(context, node, node.value, `Removed the closing line \`${node.value}\`, which closes nothing`)
      continue
    }
    // Openers above the match never found a closer: they stand alone.
    for (const lone of stack.splice(at + 1).reverse()) replaceLone(result, lone, context)
    const frame = stack.pop()!
    const content = result.splice(frame.start)
    result.pop()
    result.push(...renderShortcode(frame.opener, content, context, node))
  }
  // An unclosed container runs to the end of its parent (as in markdown-it and VitePress).
  while (stack.length) {
    const frame = stack.pop()!
    if (frame.opener.syntax === 'container') {
      const content = result.splice(frame.start)
      result.pop()
      result.push(...renderShortcode(frame.opener, content, context))
    } else replaceLone(result, frame, context)
  }
  return result
}

function findOpener(stack: Frame[], closer: Shortcode): number {
  for (let at = stack.length - 1; at >= 0; at--) {
    const opener = stack[at]!.opener
    if (closer.syntax === 'container') {
      if (opener.syntax === 'container' && opener.depth === closer.depth) return at
      continue
    }
    if (opener.syntax !== closer.syntax) continue
    const name = closer.syntax === 'liquid' ? closer.name.replace(/^end/, '') : closer.name
    // Zola closes every body shortcode with `{% end %}`.
    if (name === opener.name || (closer.name === 'end' && /^\(/.test(opener.args))) return at
  }
  // A container fence of another length closes the innermost open container.
  if (closer.syntax === 'container')
    for (let at = stack.length - 1; at >= 0; at--) if (stack[at]!.opener.syntax === 'container') return at
  return -1
}

/** An opener that found no closer stands alone (replaced from the last such frame to the first). */
function replaceLone(result: RootContent[], frame: Frame, context: ShortcodeContext): void {
  result.splice(frame.start - 1, 1, ...renderShortcode(frame.opener, undefined, context))
}

function isIndentedCode(node: RootContent, file: VFile): boolean {
  if (node.type !== 'code' || node.lang) return false
  if ((node.data as { indented?: boolean } | undefined)?.indented) return true
  const offset = node.position?.start.offset
  return offset !== undefined && /^[ \t]/.test(String(file.value).slice(offset, offset + 1))
}

/**
 * Parse an indented block as Markdown (an MkDocs admonition's body), with the document's link
 * definitions appended so references inside resolve, and positions moved to where it stands.
 */
function reparse(processor: Processor, tree: Root, file: VFile, code: Code): RootContent[] {
  const source = String(file.value)
  const definitions = tree.children
    .filter((node) => node.type === 'definition' || node.type === 'footnoteDefinition')
    .map((node) => source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0))
  const text = [code.value, '', ...definitions].join('\n')
  const parsed = processor.parse(text) as Root
  // Indented code inside the body (a nested admonition's body) is known by its source, which the
  // moved positions no longer point into.
  for (const node of parsed.children) {
    const offset = node.position?.start.offset
    if (node.type === 'code' && offset !== undefined && /^[ \t]/.test(text.charAt(offset)))
      node.data = { ...node.data, indented: true } as never
  }
  const line = (code.position?.start.line ?? 1) - 1
  const shift = (node: Nodes) => {
    if (node.position) {
      node.position = {
        start: { line: node.position.start.line + line, column: node.position.start.column + 4 },
        end: { line: node.position.end.line + line, column: node.position.end.column + 4 },
      }
    }
    if ('children' in node) for (const child of node.children) shift(child)
  }
  const lines = code.value.split('\n').length
  const body = parsed.children.filter(
    (node) =>
      !((node.type === 'definition' || node.type === 'footnoteDefinition') && (node.position?.start.line ?? 0) > lines),
  )
  for (const node of body) shift(node)
  return body
}

/** Remove template syntax left inside text and raw HTML, with a warning naming each. */
function removeInlineSyntax(parent: Parent, context: ShortcodeContext): void {
  parent.children.forEach((node, index) => {
    // An attribute list after an image (`![x](y.png){ width="300" }`, MkDocs, kramdown) sizes it for the web only.
    const before = parent.children[index - 1]
    if (node.type === 'text' && before?.type === 'image') node.value = node.value.replace(ATTRIBUTE_LIST, '')
  })
  for (const node of parent.children) {
    if (node.type === 'text' || node.type === 'html') {
      if (!node.value.includes('{')) continue
      const value = node.value.replace(INLINE, (found) => {
        warnRemoved(context, node, found)
        return '\uE000'
      })
      // What stood between two spaces leaves one.
      if (value !== node.value) node.value = value.replace(/ ?\uE000( ?)/g, (_, after: string) => after || '')
    } else if (node.type === 'link' && INLINE.test(decodedUrl(node.url))) {
      // `[text]({{< ref "x.md" >}})`, `{% post_url … %}`: a link only the site's generator could resolve.
      INLINE.lastIndex = 0
      warnRemoved(
        context,
        node,
        decodedUrl(node.url),
        `Kept the text of a link to \`${decodedUrl(node.url)}\`, which only the site's generator can resolve`,
      )
      parent.children.splice(parent.children.indexOf(node), 1, ...node.children)
    } else if ('children' in node) removeInlineSyntax(node as Parent, context)
  }
}

/** `url` with its percent-escapes decoded; as written when they do not decode (a lone `%`, half a character). */
function decodedUrl(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}
