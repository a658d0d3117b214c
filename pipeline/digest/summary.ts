/**
 * What `galley digest` prints once the digest is written: its folder and each file with its size,
 * so an editor sees at once whether the PDF can be attached and the email stays whole in Gmail.
 */
import path from 'node:path'
import { DIGEST_FORMATS, type DigestFormat, formatBytes } from './outputs.ts'
import type { DigestResult } from './index.ts'

/** The folder and one line per file written, or empty when nothing was. */
export function digestSummary(result: DigestResult): string {
  if (result.written.length === 0) return ''
  const name = (file: { path: string }) => path.posix.basename(file.path)
  const width = Math.max(...result.written.map((file) => name(file).length))
  const lines = result.written.map((file) => `  ${name(file).padEnd(width)}  ${formatBytes(file.bytes)}`)
  return `galley: digest written to ${result.folder}${path.sep}\n${lines.join('\n')}\n`
}

/** The formats of a `--format` list, or why it is not one. */
export function parseDigestFormats(value: string): DigestFormat[] | string {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const unknown = names.filter((name) => !(DIGEST_FORMATS as readonly string[]).includes(name))
  if (unknown.length > 0 || names.length === 0)
    return `Unknown digest format ${unknown.map((name) => `\`${name}\``).join(', ') || '(none given)'}; available: ${DIGEST_FORMATS.join(', ')}`
  return names as DigestFormat[]
}
