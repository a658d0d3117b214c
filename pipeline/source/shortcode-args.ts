/**
 * The arguments of a shortcode or container line, as the tools write them: Hugo's positional and
 * `key="value"` parameters, Zola's call syntax `name(key="value", …)`, Docusaurus' `[Title]` and
 * `{title="…"}`, VitePress' free-text title, MkDocs' `"Title"` after optional classes.
 */

/** Named and positional arguments. */
export interface ShortcodeArgs {
  named: Record<string, string>
  positional: string[]
}

/** Parse `key="value" key2=value2 "positional" word` (commas and one pair of parentheses allowed). */
export function parseArgs(text: string): ShortcodeArgs {
  const named: Record<string, string> = {}
  const positional: string[] = []
  const inner = text.trim().replace(/^\((.*)\)$/s, '$1')
  const pattern = /(?:([\w-]+)\s*[=:]\s*)?(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`|([^\s,"'`]+))/g
  for (const match of inner.matchAll(pattern)) {
    const value = (match[2] ?? match[3] ?? match[4] ?? match[5] ?? '').replace(/\\(["'\\])/g, '$1')
    if (match[1]) named[match[1].toLowerCase()] = value
    else positional.push(value)
  }
  return { named, positional }
}

/** A container fence's title: `[Title]`, `{title="Title"}` or the rest of the line. */
export function containerTitle(args: string): string | undefined {
  const text = args.trim()
  const label = /^\[(.*)\]/.exec(text)
  if (label) return label[1]!.trim() || undefined
  const attributes = /^\{(.*)\}$/.exec(text)
  if (attributes) return parseArgs(attributes[1]!).named.title
  return text || undefined
}

/** An MkDocs admonition's title: the quoted string after optional classes; `""` means none. */
export function mkdocsTitle(args: string): string | undefined {
  const quoted = /"((?:[^"\\]|\\.)*)"\s*$/.exec(args)
  return quoted ? quoted[1]! : undefined
}
