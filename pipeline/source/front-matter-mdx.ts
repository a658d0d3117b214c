/**
 * MDX pages keep their metadata in an export rather than a front matter block: Next.js's
 * `export const metadata = {title, description}`, the MDX site's `export const info = {author,
 * published}`, `export const meta` or `frontmatter`. Read the object's literal values (text, numbers,
 * lists, maps, `new Date('…')`) with acorn, never running the code; anything else is left out.
 */
import { createRequire } from 'node:module'
import type * as Acorn from 'acorn'
import type { Expression, Node as AcornNode } from 'acorn'
import type { Entries } from './front-matter-blocks.ts'

// Loaded when a file has a metadata export: most builds have none.
let acorn: typeof Acorn | undefined
const loadAcorn = () => (acorn ??= createRequire(import.meta.url)('acorn') as typeof Acorn)

const EXPORT = /^export\s+const\s+(metadata|meta|info|frontmatter|frontMatter)\s*=\s*/gm

/** What the export gave: its name, its fields with their offsets in the file, and what was left out. */
export interface MdxExport {
  name: string
  entries: Entries
  /** Fields whose value is code rather than a literal. */
  skipped: string[]
  /** Where the statement starts and ends in the text (a `;` after it included). */
  start: number
  end: number
}

/** The first metadata export of the article outside fenced code; undefined when there is none or it is not an object literal. */
export function readMdxExport(text: string): MdxExport | undefined {
  const code = fencedCode(text)
  for (const match of text.matchAll(EXPORT)) {
    const start = match.index + match[0].length
    if (code.some(([from, to]) => match.index >= from && match.index < to)) continue
    const objectEnd = text[start] === '{' ? closingBrace(text, start) : undefined
    if (objectEnd === undefined) continue
    let expression: Expression
    try {
      // Only the object: what follows it (JSX, Markdown) is no JavaScript an expression parser could stop at.
      expression = loadAcorn().parseExpressionAt(text.slice(0, objectEnd), start, {
        ecmaVersion: 'latest',
        sourceType: 'module',
      }) as Expression
    } catch {
      continue
    }
    if (expression.type !== 'ObjectExpression') continue
    const entries: Entries = new Map()
    const skipped: string[] = []
    for (const property of expression.properties) {
      if (property.type !== 'Property' || property.computed) continue
      const key = keyName(property.key)
      if (key === undefined) continue
      const value = literal(property.value)
      if (value === NOT_LITERAL) skipped.push(key)
      else entries.set(key, { value, offset: property.value.start, keyOffset: property.key.start })
    }
    const end = expression.end + (/^[ \t]*;/.exec(text.slice(expression.end))?.[0].length ?? 0)
    return { name: match[1]!, entries, skipped, start: match.index, end }
  }
  return undefined
}

/** The offset just past the `}` that closes the `{` at `start`, read as JavaScript tokens (strings, templates, comments). */
function closingBrace(text: string, start: number): number | undefined {
  let depth = 0
  const { tokenizer, tokTypes } = loadAcorn()
  try {
    for (const token of tokenizer(text.slice(start), { ecmaVersion: 'latest', sourceType: 'module' })) {
      if (token.type === tokTypes.braceL || token.type === tokTypes.dollarBraceL) depth++
      else if (token.type === tokTypes.braceR && --depth === 0) return start + token.end
    }
  } catch {
    // A syntax error before the object closed: not an object literal.
  }
  return undefined
}

/** The offsets of fenced code blocks (``` and ~~~), where an `export` line is code, not MDX. */
function fencedCode(text: string): Array<[number, number]> {
  const blocks: Array<[number, number]> = []
  let open: { fence: string; start: number } | undefined
  let offset = 0
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (!open && fence) open = { fence, start: offset }
    else if (
      open &&
      fence &&
      fence[0] === open.fence[0] &&
      fence.length >= open.fence.length &&
      !line.trim().slice(fence.length).trim()
    ) {
      blocks.push([open.start, offset + line.length])
      open = undefined
    }
    offset += line.length + 1
  }
  if (open) blocks.push([open.start, text.length])
  return blocks
}

const NOT_LITERAL = Symbol('not a literal')

function keyName(node: AcornNode): string | undefined {
  const key = node as AcornNode & { type: string; name?: string; value?: unknown }
  if (key.type === 'Identifier') return key.name
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value)
  return undefined
}

/** The value of a literal expression, or NOT_LITERAL for code (calls, variables, JSX). */
function literal(node: AcornNode): unknown {
  const any = node as AcornNode & Record<string, unknown>
  switch (any.type) {
    case 'Literal':
      return any.regex ? NOT_LITERAL : any.value
    case 'TemplateLiteral': {
      const quasis = any.quasis as Array<{ value: { cooked: string } }>
      return (any.expressions as unknown[]).length === 0 ? quasis[0]?.value.cooked : NOT_LITERAL
    }
    case 'UnaryExpression': {
      const value = literal(any.argument as AcornNode)
      return any.operator === '-' && typeof value === 'number' ? -value : NOT_LITERAL
    }
    case 'ArrayExpression': {
      const items = (any.elements as Array<AcornNode | null>).map((item) => (item ? literal(item) : null))
      return items.includes(NOT_LITERAL) ? NOT_LITERAL : items
    }
    case 'ObjectExpression': {
      const object: Record<string, unknown> = {}
      for (const property of any.properties as Array<AcornNode & Record<string, unknown>>) {
        if (property.type !== 'Property' || property.computed) return NOT_LITERAL
        const key = keyName(property.key as AcornNode)
        const value = literal(property.value as AcornNode)
        if (key === undefined || value === NOT_LITERAL) return NOT_LITERAL
        object[key] = value
      }
      return object
    }
    case 'NewExpression': {
      // `new Date('2022-02-01')`: the date as written.
      const callee = any.callee as { type: string; name?: string }
      const [argument, ...rest] = any.arguments as AcornNode[]
      const value = argument ? literal(argument) : NOT_LITERAL
      return callee.type === 'Identifier' && callee.name === 'Date' && rest.length === 0 && typeof value === 'string'
        ? value
        : NOT_LITERAL
    }
    default:
      return NOT_LITERAL
  }
}
