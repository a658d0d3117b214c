/**
 * Callouts (admonitions, alerts): one mdast shape for every syntax that writes them — GitHub's
 * `> [!NOTE]`, `:::tip` containers, MkDocs' `!!! warning`, Zola and Hugo shortcodes, MDX
 * components such as `<Note>` or `<Pitfall>`. Each becomes an `<aside role="note">` named by its
 * visible title (so its kind is said in words, not only by colour), or a `<details>` with the
 * title as `<summary>` when the source folds it (MkDocs `???`, VitePress `details`).
 */
import type { BlockContent, DefinitionContent, Paragraph, PhrasingContent } from 'mdast'
import type { Node, Position } from 'unist'

/** The five kinds GitHub defines; every other tool's names map onto them. */
export type CalloutKind = 'note' | 'tip' | 'important' | 'warning' | 'caution'

const KINDS: Record<string, CalloutKind> = {
  note: 'note',
  info: 'note',
  abstract: 'note',
  summary: 'note',
  tldr: 'note',
  todo: 'note',
  seealso: 'note',
  example: 'note',
  quote: 'note',
  cite: 'note',
  details: 'note',
  secondary: 'note',
  primary: 'note',
  tip: 'tip',
  hint: 'tip',
  success: 'tip',
  check: 'tip',
  done: 'tip',
  question: 'tip',
  help: 'tip',
  faq: 'tip',
  important: 'important',
  deepdive: 'important',
  warning: 'warning',
  warn: 'warning',
  attention: 'warning',
  pitfall: 'warning',
  caution: 'caution',
  danger: 'caution',
  error: 'caution',
  bug: 'caution',
  failure: 'caution',
  fail: 'caution',
  missing: 'caution',
}

/** The kind a tool's admonition type stands for, or undefined when it names none Galley knows. */
export function calloutKind(type: string): CalloutKind | undefined {
  return KINDS[type.toLowerCase().replace(/[^a-z]/g, '')]
}

/** A callout in the mdast; remark-rehype turns it into the aside (or details) through its `data`. */
export interface Callout {
  type: 'callout'
  kind: CalloutKind
  children: Array<BlockContent | DefinitionContent>
  data?: { hName?: string; hProperties?: Record<string, unknown> }
  position?: Position
}

declare module 'mdast' {
  interface RootContentMap {
    callout: Callout
  }
  interface BlockContentMap {
    callout: Callout
  }
}

export interface CalloutOptions {
  /** The type as the source wrote it (`note`, `danger`, `NOTE`, `Pitfall`). */
  type: string
  /** A title the source gave; default: the type, capitalised (`Danger`). */
  title?: PhrasingContent[] | string
  children: Array<BlockContent | DefinitionContent>
  /** Folded (`details`), open or closed; default: not folded. */
  collapsible?: 'open' | 'closed'
  /** The source node whose place the callout takes. */
  from?: Node
}

/** Build the callout node. */
export function callout(options: CalloutOptions): Callout {
  const kind = calloutKind(options.type) ?? 'note'
  const words = options.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  const fallback = words.charAt(0).toUpperCase() + words.slice(1)
  const title: PhrasingContent[] =
    typeof options.title === 'string' || options.title === undefined
      ? [{ type: 'text', value: (options.title ?? '').trim() || fallback }]
      : options.title
  const position = options.from?.position
  const folded = options.collapsible !== undefined
  const heading: Paragraph = {
    type: 'paragraph',
    children: folded ? [{ type: 'strong', children: title }] : title,
    data: folded
      ? ({ hName: 'summary' } as Paragraph['data'])
      : ({ hProperties: { className: ['callout-title'] } } as Paragraph['data']),
    ...(position ? { position } : {}),
  }
  return {
    type: 'callout',
    kind,
    children: [heading, ...options.children],
    data: folded
      ? {
          hName: 'details',
          hProperties: { className: ['callout', `callout-${kind}`], open: options.collapsible === 'open' },
        }
      : { hName: 'aside', hProperties: { className: ['callout', `callout-${kind}`], role: 'note' } },
    ...(position ? { position } : {}),
  }
}
