/**
 * Block-level lines of other publishing tools' syntax, recognised by micromark as blocks of their
 * own (so they end a paragraph, as in those tools): container fences (`:::tip Title`, `:::`),
 * MkDocs admonition openers (`!!! note "Title"`, `??? tip`), Liquid / Jinja / Zola tags
 * (`{% include x %}`), Hugo shortcodes (`{{< figure … >}}`, `{{% note %}}`), template actions
 * (`{{ site.title }}`) and MDX comments (`{/* truncate *\/}`), each alone on a line. A highlight
 * shortcode (`{% highlight go %}` … `{% endhighlight %}`, `{{< highlight go >}}` … `{{< /highlight >}}`)
 * keeps the lines up to its end tag as code, never parsed as Markdown. `remark-shortcodes.ts`
 * gives the resulting `shortcode` nodes their meaning.
 */
import type { Parent } from 'mdast'
import type { CompileContext, Extension as FromMarkdownExtension, Token } from 'mdast-util-from-markdown'
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types'
import type { Processor } from 'unified'

/** Which tool's syntax a shortcode line is written in. */
export type ShortcodeSyntax = 'container' | 'mkdocs' | 'liquid' | 'hugo' | 'action' | 'mdx-comment'

/** One recognised line (or highlight block) in the mdast. */
export interface Shortcode {
  type: 'shortcode'
  syntax: ShortcodeSyntax
  /** `note`, `figure`, `endhighlight`, `end`; empty for a bare `:::` or an action. */
  name: string
  /** Everything after the name, untrimmed of quotes. */
  args: string
  /** A closing line: `:::`, `{{< /x >}}`, `{% endx %}`, `{% end %}`. */
  closing: boolean
  /** Colons of a container fence, or 3 for `!!!`; 0 otherwise. */
  depth: number
  /** The whole line as written. */
  value: string
  /** The code of a highlight block (lines between its tags). */
  code?: string
  /** `???` admonitions fold; `???+` starts open. */
  collapsible?: 'closed' | 'open'
  position?: Parent['position']
}

declare module 'mdast' {
  interface RootContentMap {
    shortcode: Shortcode
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    shortcode: 'shortcode'
    shortcodeLine: 'shortcodeLine'
    shortcodeLineEnding: 'shortcodeLineEnding'
  }
}

/** Read one line's text: `undefined` when it is not a shortcode line. */
export function readShortcodeLine(line: string): Omit<Shortcode, 'type' | 'position'> | undefined {
  const text = line.trim()
  let match = /^(:{3,})\s*([A-Za-z][\w-]*)?(.*)$/.exec(text)
  if (match) {
    const [, colons, name = '', args = ''] = match
    if (!name && args.trim()) return undefined
    return { syntax: 'container', name, args, closing: !name, depth: colons!.length, value: text }
  }
  // MkDocs types are lowercase words: a line of prose such as "!!! Big news" is not one.
  match = /^(!!!|\?\?\?\+?)[ \t]+([a-z][\w-]*)(.*)$/.exec(text)
  if (match) {
    const [, marker, name = '', args = ''] = match
    if (args && !/^\s/.test(args)) return undefined
    return {
      syntax: 'mkdocs',
      name,
      args,
      closing: false,
      depth: 3,
      value: text,
      ...(marker !== '!!!' ? { collapsible: marker === '???+' ? ('open' as const) : ('closed' as const) } : {}),
    }
  }
  match = /^\{%-?\s*((?:[^%]|%(?!\}))*?)\s*-?%\}$/.exec(text)
  if (match) return tag('liquid', match[1]!, text, (name) => /^end/.test(name))
  match = /^\{\{([<%])\s*((?:[^>%]|[>%](?!\}\}))*?)\s*\/?\s*[>%]\}\}$/.exec(text)
  if (match) {
    const closing = match[2]!.startsWith('/')
    return { ...tag('hugo', match[2]!.replace(/^\/\s*/, ''), text, () => closing), closing }
  }
  if (/^\{\{-?(?:[^}]|\}(?!\}))*-?\}\}$/.test(text)) {
    const inner = text.replace(/^\{\{-?|-?\}\}$/g, '').trim()
    // Zola calls a shortcode inside an action: `{{ youtube(id="…") }}`.
    const call = /^([\w.-]+)(\(.*\))$/s.exec(inner)
    return { syntax: 'action', name: call?.[1] ?? '', args: call?.[2] ?? inner, closing: false, depth: 0, value: text }
  }
  // kramdown's block attribute lists (`{: .notice}`) style the block above on the web only.
  if (/^\{:[^{}]*\}$/.test(text) || /^\{\s*\/\*[\s\S]*?\*\/\s*\}$/.test(text))
    return { syntax: 'mdx-comment', name: '', args: text, closing: false, depth: 0, value: text }
  return undefined
}

function tag(
  syntax: 'liquid' | 'hugo',
  inner: string,
  value: string,
  closing: (name: string) => boolean,
): Omit<Shortcode, 'type' | 'position'> {
  const name = /^[\w.-]+/.exec(inner)?.[0] ?? ''
  return { syntax, name, args: inner.slice(name.length).trim(), closing: closing(name), depth: 0, value }
}

/** Whether `line` opens a highlight block, and how its end tag reads. */
function highlightEnd(line: Omit<Shortcode, 'type' | 'position'>): RegExp | undefined {
  if (line.closing) return undefined
  if (line.syntax === 'liquid' && (line.name === 'highlight' || line.name === 'codeblock'))
    return new RegExp(`^\\{%-?\\s*end${line.name}\\s*-?%\\}$`)
  if (line.syntax === 'hugo' && line.name === 'highlight') return /^\{\{[<%]\s*\/\s*highlight\s*[>%]\}\}$/
  return undefined
}

const isLineEnding = (code: Code) => code !== null && code < -2
const FIRST_CHARACTERS = [58, 33, 63, 123] // : ! ? {

/** The micromark syntax extension. */
export function shortcodeSyntax(): Extension {
  const construct: Construct = { name: 'shortcode', tokenize: tokenizeShortcode, concrete: true }
  return { flow: Object.fromEntries(FIRST_CHARACTERS.map((code) => [code, construct])) }
}

const nonLazyLine: Construct = { partial: true, tokenize: tokenizeNonLazyLine }

function tokenizeNonLazyLine(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return (code) => {
    if (code === null) return nok(code)
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return (next: Code) => (this.parser.lazy[this.now().line] ? nok(next) : ok(next))
  }
}

function tokenizeShortcode(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let text = ''
  let end: RegExp | undefined
  // A blank line inside a highlight block has no token of its own (micromark forbids empty ones).
  const lineStart = (code: Code): State | undefined => {
    text = ''
    if (code === null || isLineEnding(code)) return atLineEnd(code)
    effects.enter('shortcodeLine')
    return inLine(code)
  }
  const inLine = (code: Code): State | undefined => {
    if (code === null || isLineEnding(code)) {
      effects.exit('shortcodeLine')
      return atLineEnd(code)
    }
    text += code === -2 ? '\t' : code === -1 ? '' : String.fromCodePoint(code)
    effects.consume(code)
    return inLine
  }
  let first = true
  const atLineEnd = (code: Code): State | undefined => {
    if (first) {
      first = false
      const line = readShortcodeLine(text)
      if (!line) return nok(code)
      end = highlightEnd(line)
      if (!end) {
        effects.exit('shortcode')
        return ok(code)
      }
    } else if (end!.test(text.trim())) {
      effects.exit('shortcode')
      return ok(code)
    }
    // Inside a highlight block: the next line, unless the container (a quote, a list) ended.
    return effects.check(nonLazyLine, nextLine, nok)(code)
  }
  const nextLine = (code: Code): State | undefined => {
    effects.enter('shortcodeLineEnding')
    effects.consume(code)
    effects.exit('shortcodeLineEnding')
    return lineStart
  }
  return (code) => {
    effects.enter('shortcode')
    return lineStart(code)
  }
}

/** The mdast side: `shortcode` nodes with their lines read, a highlight's code joined. */
export function shortcodeFromMarkdown(): FromMarkdownExtension {
  let lines: string[] = []
  return {
    enter: {
      shortcode(this: CompileContext, token: Token) {
        lines = ['']
        this.enter({ type: 'shortcode' } as never, token)
      },
    },
    exit: {
      shortcodeLine(this: CompileContext, token: Token) {
        lines[lines.length - 1] = this.sliceSerialize(token)
      },
      shortcodeLineEnding() {
        lines.push('')
      },
      shortcode(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1] as unknown as Shortcode
        Object.assign(node, readShortcodeLine(lines[0]!))
        if (lines.length > 1) node.code = lines.slice(1, -1).join('\n')
        this.exit(token)
      },
    },
  }
}

/** remark plugin: register the syntax and its mdast side. */
export function remarkShortcodeSyntax(this: Processor): undefined {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(shortcodeSyntax())
  ;(data.fromMarkdownExtensions ??= []).push(shortcodeFromMarkdown())
}
