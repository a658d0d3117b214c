/**
 * What a shortcode becomes: the common ones rendered (callouts, `figure`, `youtube`, `vimeo`,
 * `gist`, `highlight`), every other one removed with a warning that names it, the content it
 * encloses kept. Template actions (`{{ site.title }}`) cannot be evaluated and are removed too.
 */
import type { BlockContent, Code, Nodes, Paragraph, RootContent } from 'mdast'
import type { VFile } from 'vfile'
import { callout, calloutKind } from './callout.ts'
import { containerTitle, mkdocsTitle, parseArgs } from './shortcode-args.ts'
import type { Shortcode } from './shortcode-syntax.ts'

export interface ShortcodeContext {
  file: VFile
  /** Shortcodes already reported, so each is named once per article. */
  reported: Set<string>
  /** Parse an indented code block as Markdown (MkDocs bodies). */
  parseBlock(code: Code): RootContent[]
}

const TOOL: Record<Shortcode['syntax'], string> = {
  container: 'container',
  mkdocs: 'admonition',
  liquid: 'Liquid/Jinja tag',
  hugo: 'Hugo shortcode',
  action: 'template expression',
  'mdx-comment': 'MDX comment',
}

/** Warn (once per text) that template syntax was removed. */
export function warnRemoved(context: ShortcodeContext, node: Nodes, text: string, reason?: string): void {
  const key = text.replace(/\s+/g, ' ').slice(0, 80)
  if (context.reported.has(key)) return
  context.reported.add(key)
  context.file.message(
    reason ?? `Removed the template syntax \`${key}\`, which Galley cannot evaluate; nothing is printed in its place`,
    { place: node.position?.start, ruleId: 'unknown-shortcode', source: 'galley:source' },
  )
}

const CALLOUT_SHORTCODES = new Set([
  'admonition',
  'callout',
  'alert',
  'hint',
  'notice',
  'note',
  'tip',
  'info',
  'warning',
  'caution',
  'important',
  'danger',
  'error',
  'aside',
])

/** The nodes that take the place of `opener` … `closer` (content undefined: a lone line). */
export function renderShortcode(
  opener: Shortcode,
  content: RootContent[] | undefined,
  context: ShortcodeContext,
  closer?: Shortcode,
): RootContent[] {
  const blocks = (content ?? []) as BlockContent[]
  switch (opener.syntax) {
    case 'mdx-comment':
      return []
    case 'action':
      if (opener.name) break
      warnRemoved(context, opener, opener.value)
      return []
    case 'container':
    case 'mkdocs':
      return containerCallout(opener, blocks, context)
  }
  const { named, positional } = parseArgs(opener.args)
  const name = opener.name.toLowerCase()
  if (opener.code !== undefined || name === 'highlight' || name === 'codeblock') {
    const lang = named.lang ?? positional.find((word) => !word.includes('=')) ?? null
    const code = opener.code ?? blocks.map((node) => textOf(node)).join('\n')
    return [{ type: 'code', lang, value: code, ...(opener.position ? { position: opener.position } : {}) }]
  }
  if (CALLOUT_SHORTCODES.has(name) && (content !== undefined || named.title || named.body || named.text)) {
    const type = named.type ?? named.kind ?? (calloutKind(positional[0] ?? '') ? positional[0]! : name)
    const title = named.title ?? (name === 'admonition' || name === 'callout' ? positional[1] : undefined)
    const text = named.body ?? named.text
    const body: BlockContent[] = text ? [paragraph(text, opener)] : blocks
    return [
      callout({
        type: type === 'admonition' || type === 'callout' ? 'note' : type,
        title,
        children: body,
        from: opener,
      }),
    ]
  }
  if (name === 'details' && content) {
    const title = named.summary ?? named.title ?? positional[0] ?? 'Details'
    return [
      callout({
        type: 'details',
        title,
        children: blocks,
        collapsible: named.open === 'true' ? 'open' : 'closed',
        from: opener,
      }),
    ]
  }
  if (name === 'figure' && !content) return figure(named, opener, context)
  if ((name === 'youtube' || name === 'vimeo') && !content) return video(name, named, positional, opener, context)
  if (name === 'gist' && positional.length >= 2 && !content) {
    const [user, id, fileName] = positional
    return [linkParagraph(`https://gist.github.com/${user}/${id}`, fileName ?? `Gist ${id} by ${user}`, opener)]
  }
  const tool = TOOL[opener.syntax]
  warnRemoved(
    context,
    opener,
    opener.value,
    content
      ? `Removed the ${tool} \`${opener.value}\`${closer ? ` and its end \`${closer.value}\`` : ''}, which Galley cannot run; its content is kept`
      : `Removed the ${tool} \`${opener.value}\`, which Galley cannot run`,
  )
  return content ?? []
}

function containerCallout(opener: Shortcode, blocks: BlockContent[], context: ShortcodeContext): RootContent[] {
  const name = opener.name.toLowerCase()
  const title = opener.syntax === 'mkdocs' ? mkdocsTitle(opener.args) : containerTitle(opener.args)
  if (name === 'details')
    return [
      callout({ type: 'details', title: title ?? 'Details', children: blocks, collapsible: 'closed', from: opener }),
    ]
  // VitePress' and Docusaurus' tab groups only arrange their code blocks side by side.
  if (name === 'code-group' || name === 'tabs') return blocks
  // MkDocs shows any type as an admonition titled by the type (`!!! custom` → "Custom").
  if (!calloutKind(name) && opener.syntax !== 'mkdocs') {
    warnRemoved(
      context,
      opener,
      opener.value,
      `Removed the ${TOOL[opener.syntax]} \`${opener.value}\`, a kind Galley does not know; its content is kept`,
    )
    return blocks
  }
  return [
    callout({
      type: name,
      ...(title ? { title } : {}),
      children: blocks,
      ...(opener.collapsible ? { collapsible: opener.collapsible } : {}),
      from: opener,
    }),
  ]
}

/** Hugo's `figure`: the image, its alt text, and a caption from `caption` and/or `title`. */
function figure(named: Record<string, string>, opener: Shortcode, context: ShortcodeContext): RootContent[] {
  const src = named.src
  if (!src) {
    warnRemoved(context, opener, opener.value, `Removed the figure \`${opener.value}\`, which names no \`src\``)
    return []
  }
  const captionText = [named.title, named.caption].filter(Boolean).join(' — ')
  const alt = named.alt ?? captionText
  const position = opener.position ? { position: opener.position } : {}
  const image = { type: 'image' as const, url: src, alt, ...position }
  if (!captionText) return [{ type: 'paragraph', children: [image], ...position }]
  return [
    {
      type: 'figure',
      children: [image, { ...paragraph(captionText, opener), data: { hName: 'figcaption' } }],
      data: { hName: 'figure' },
      ...position,
    } as unknown as RootContent,
  ]
}

/** A video shortcode: a link to the video, named by its title. */
function video(
  name: 'youtube' | 'vimeo',
  named: Record<string, string>,
  positional: string[],
  opener: Shortcode,
  context: ShortcodeContext,
): RootContent[] {
  const id = named.id ?? positional[0]
  if (!id) {
    warnRemoved(context, opener, opener.value, `Removed the video \`${opener.value}\`, which names no video`)
    return []
  }
  const site = name === 'youtube' ? 'YouTube' : 'Vimeo'
  const url =
    name === 'youtube'
      ? `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`
      : `https://vimeo.com/${encodeURIComponent(id)}`
  return [linkParagraph(url, named.title ? `${named.title} (${site} video)` : `${site} video ${id}`, opener)]
}

function linkParagraph(url: string, text: string, from: Shortcode): Paragraph {
  const position = from.position ? { position: from.position } : {}
  return {
    type: 'paragraph',
    children: [{ type: 'link', url, children: [{ type: 'text', value: text }], ...position }],
    ...position,
  }
}

function paragraph(text: string, from: Shortcode): Paragraph {
  const position = from.position ? { position: from.position } : {}
  return { type: 'paragraph', children: [{ type: 'text', value: text, ...position }], ...position }
}

function textOf(node: Nodes): string {
  if ('value' in node) return String(node.value)
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('')
  return ''
}
