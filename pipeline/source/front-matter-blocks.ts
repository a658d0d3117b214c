/**
 * Front matter blocks as the tools write them: fenced YAML (`---`) and TOML (`+++`), which
 * remark-frontmatter finds, and three fenceless forms found here: a JSON object (Hugo), `key: value`
 * lines closed by `---` (Hexo), and `Key: value` header lines closed by a blank line (Pelican,
 * MultiMarkdown). Each block becomes its fields with their offsets, for messages at line:column.
 */
import type { Root as MdastRoot } from 'mdast'
import { parse as parseToml } from 'smol-toml'
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml'
import { addError } from '../report.ts'
import { type BlockKind, type FencedKind, isFrontMatterNode } from './front-matter-kinds.ts'
import { type MdxExport, readMdxExport } from './front-matter-mdx.ts'

const SOURCE = 'galley:front-matter'

export type { BlockKind } from './front-matter-kinds.ts'

/** A front matter block found without fences, already blanked out of the file. */
export interface FencelessBlock {
  kind: Exclude<BlockKind, FencedKind>
  value: string
  contentOffset: number
  /** An MDX export's fields, already read (its offsets are the file's). */
  mdx?: MdxExport
}

/** One field: its value, and the offsets (inside the block) of its value and of its key. */
export interface Entry {
  value: unknown
  offset?: number
  keyOffset?: number
}
export type Entries = Map<string, Entry>

/** The fields of a block, with the block's kind and a way to place an offset in the file. */
export interface ReadBlock {
  kind: BlockKind
  entries: Entries
  at: (offset?: number) => Point | undefined
}

const KEY_LINE = /^[A-Za-z_][\w-]*:(?:\s|$)/
/** Pelican and MultiMarkdown keys may hold spaces (`Base Header Level: 2`). */
const HEADER_LINE = /^[A-Za-z][\w -]*:(?:\s|$)/

/**
 * Find a fenceless block at the top of `file` (JSON, Hexo, Pelican, in that order) and take it out
 * of `file.value`: each character but newlines becomes a space, so every position in the body stays
 * where it was. Returns undefined when the file starts with none.
 */
export function detachFencelessFrontMatter(file: VFile): FencelessBlock | undefined {
  const text = String(file.value)
  const found = jsonBlock(text) ?? hexoBlock(text) ?? pelicanBlock(text)
  if (!found) return /^(?:---|\+\+\+)\s*\n/.test(text) ? undefined : detachMdxExport(file)
  file.value = text.slice(0, found.length).replace(/[^\n]/g, ' ') + text.slice(found.length)
  if (found.kind === 'hexo')
    file.message(
      'Front matter without an opening `---` line (Hexo style); Galley reads it, but add `---` as the first line',
      { place: { line: 1, column: 1 }, ruleId: 'fenceless-front-matter', source: SOURCE },
    )
  return { kind: found.kind, value: found.value, contentOffset: 0 }
}

/** An MDX metadata export, when the file has no other front matter: read, then blanked out of the body. */
function detachMdxExport(file: VFile): FencelessBlock | undefined {
  const text = String(file.value)
  const found = readMdxExport(text)
  if (!found) return undefined
  file.value =
    text.slice(0, found.start) + text.slice(found.start, found.end).replace(/[^\n]/g, ' ') + text.slice(found.end)
  return { kind: 'mdx', value: text.slice(found.start, found.end), contentOffset: 0, mdx: found }
}

interface Found {
  kind: FencelessBlock['kind']
  value: string
  /** Characters the block takes at the start of the file, its closing line included. */
  length: number
}

/** Hugo's JSON front matter: an object from the first line to a line that closes it with `}`. */
function jsonBlock(text: string): Found | undefined {
  if (!/^\{\s*(?:\n|")/.test(text)) return undefined
  let end = text.indexOf('\n}')
  for (let tries = 0; end !== -1 && tries < 50; tries++, end = text.indexOf('\n}', end + 2)) {
    const lineEnd = text.indexOf('\n', end + 1)
    const candidate = text.slice(0, lineEnd === -1 ? text.length : lineEnd)
    if (candidate.slice(end + 1).trim() !== '}') continue
    try {
      const data = JSON.parse(candidate) as unknown
      if (typeof data === 'object' && data !== null && !Array.isArray(data))
        return { kind: 'json', value: candidate, length: candidate.length }
    } catch {
      // Not the end of the object yet (a `}` line inside a string or a nested object): read on.
    }
  }
  return undefined
}

/** Hexo's front matter: `key: value` lines from the first line down to a `---` line. */
function hexoBlock(text: string): Found | undefined {
  if (!KEY_LINE.test(text)) return undefined
  const lines = text.split('\n', 202)
  const end = lines.findIndex((line) => /^-{3}\s*$/.test(line))
  if (end < 1 || end > 200) return undefined
  const yamlish = lines
    .slice(0, end)
    .every((line) => line.trim() === '' || KEY_LINE.test(line) || /^\s+\S/.test(line) || /^-\s/.test(line))
  if (!yamlish) return undefined
  return { kind: 'hexo', value: lines.slice(0, end).join('\n'), length: lines.slice(0, end + 1).join('\n').length }
}

/**
 * Pelican's and MultiMarkdown's header: `Key: value` lines (indented lines continue a value) down
 * to the first blank line. A body may well open with `Note: …`, so only a header that names a
 * title counts.
 */
function pelicanBlock(text: string): Found | undefined {
  if (!HEADER_LINE.test(text)) return undefined
  const lines = text.split('\n', 101)
  const blank = lines.findIndex((line) => line.trim() === '')
  const header = lines.slice(0, blank === -1 ? lines.length : blank)
  if (blank === -1 || header.length > 100) return undefined
  if (!header.every((line) => HEADER_LINE.test(line) || /^[ \t]+\S/.test(line))) return undefined
  if (!header.some((line) => /^title\s*:/i.test(line))) return undefined
  const value = header.join('\n')
  return { kind: 'pelican', value, length: value.length }
}

/** The block at the top of `mdast` or the fenceless one, read into its fields; undefined when there is none or it is broken. */
export function readBlock(mdast: MdastRoot, file: VFile, fenceless?: FencelessBlock): ReadBlock | undefined {
  const block = mdast.children[0]
  let kind: BlockKind
  let value: string
  let contentOffset: number
  if (fenceless?.mdx) return mdxBlock(fenceless.mdx, file)
  if (fenceless) ({ kind, value, contentOffset } = fenceless)
  else if (block && isFrontMatterNode(block)) {
    value = (block as { value: string }).value
    kind = block.type as FencedKind
    const start = block.position?.start.offset ?? 0
    // The block's content starts after the opening fence line (`---` or `+++`).
    contentOffset = start + String(file.value).slice(start).indexOf('\n') + 1
  } else return undefined
  const place = location(file)
  const at = (offset: number | undefined): Point | undefined => place.toPoint(contentOffset + (offset ?? 0))
  const entries =
    kind === 'toml'
      ? readToml(value, file, at, block?.position?.start)
      : kind === 'pelican'
        ? readHeader(value)
        : readYaml(value, file, at)
  return entries && { kind, entries, at }
}

/** An MDX page's metadata export, read before parsing, as a block (its offsets are the file's). */
function mdxBlock(found: MdxExport, file: VFile): ReadBlock {
  const place = location(file)
  const skipped = found.skipped.map((key) => `\`${key}\``).join(', ')
  file.info(
    `Read \`export const ${found.name}\` (MDX) as the front matter${
      skipped ? `; left out ${skipped}, which ${found.skipped.length > 1 ? 'are' : 'is'} code, not a value` : ''
    }`,
    { place: place.toPoint(found.start), ruleId: 'front-matter-dialect', source: SOURCE },
  )
  return { kind: 'mdx', entries: found.entries, at: (offset) => place.toPoint(offset ?? 0) }
}

/** YAML, and JSON read as the YAML it also is (for the offsets of its keys and values). */
function readYaml(text: string, file: VFile, at: (offset?: number) => Point | undefined): Entries | undefined {
  const document = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true })
  for (const error of document.errors) {
    fatal(file, `Invalid YAML in the front matter: ${error.message.split('\n')[0]}`, at(error.pos[0]), 'invalid-yaml')
  }
  if (document.errors.length > 0) return undefined
  const contents = document.contents
  if (contents === null || (isScalar(contents) && contents.value === null)) return new Map()
  if (!isMap(contents)) {
    fatal(
      file,
      'Expected the front matter to be a map of `field: value` lines',
      at(contents.range?.[0]),
      'invalid-yaml',
    )
    return undefined
  }
  const entries: Entries = new Map()
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const valueNode = pair.value as YamlNode | null
    const keyOffset = (pair.key as YamlNode | null)?.range?.[0]
    const offset = valueNode?.range?.[0] ?? keyOffset
    const value =
      valueNode === null
        ? null
        : isSeq(valueNode) || isMap(valueNode) || isScalar(valueNode)
          ? valueNode.toJSON()
          : valueNode
    entries.set(key, { value, offset, keyOffset })
  }
  return entries
}

function readToml(
  text: string,
  file: VFile,
  at: (offset?: number) => Point | undefined,
  fence?: Point,
): Entries | undefined {
  let data: Record<string, unknown>
  try {
    data = parseToml(text) as Record<string, unknown>
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number }
    const place = line && fence ? { line: fence.line + line, column: column ?? 1 } : at(0)
    fatal(file, `Invalid TOML in the front matter: ${(error as Error).message.split('\n')[0]}`, place, 'invalid-toml')
    return undefined
  }
  const entries: Entries = new Map()
  for (const [key, value] of Object.entries(data)) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const match = new RegExp(`^\\s*(?:["']?${escaped}["']?\\s*=|\\[${escaped}\\])`, 'm').exec(text)
    entries.set(key, {
      value: fromToml(value),
      offset: match ? match.index + match[0].length - match[0].trimStart().length : 0,
      keyOffset: match ? match.index + match[0].length - match[0].trimStart().length : 0,
    })
  }
  return entries
}

/** TOML dates parse to Date-like objects, also inside tables: keep them as the ISO text they were. */
function fromToml(value: unknown): unknown {
  if (value instanceof Date) return (value as Date & { toISOString(): string }).toISOString()
  if (Array.isArray(value)) return value.map(fromToml)
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromToml(item)]))
  return value
}

/**
 * Pelican / MultiMarkdown header lines: every value is text; an indented line continues the one
 * above. Keys keep their case here; both tools ignore it, and so does the field mapping.
 */
function readHeader(text: string): Entries {
  const entries: Entries = new Map()
  let offset = 0
  let last: Entry | undefined
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z][\w -]*?)\s*:\s*(.*)$/.exec(line)
    if (match && !/^[ \t]/.test(line)) {
      const key = match[1]!
      last = { value: match[2]!.trim(), offset: offset + line.indexOf(match[2]!, match[1]!.length), keyOffset: offset }
      entries.set(key, last)
    } else if (last) last.value = `${String(last.value)} ${line.trim()}`.trim()
    offset += line.length + 1
  }
  return entries
}

function fatal(file: VFile, reason: string, place: Point | undefined, ruleId: string): void {
  addError(file, reason, { place, ruleId, source: SOURCE })
}
