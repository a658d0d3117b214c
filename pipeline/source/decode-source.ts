/**
 * Bytes → text: UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, or Latin-1/Windows-1252
 * decoded with a warning. Binary files are refused. Line endings become LF so positions are stable.
 */
import { addError } from '../report.ts'
import type { VFile } from 'vfile'

const SOURCE = 'galley:source'

/**
 * Decode `bytes` into `file.value`. Messages go on `file`; returns false when the file cannot be
 * used (a fatal message has been added).
 */
export function decodeSource(bytes: Uint8Array, file: VFile): boolean {
  let text: string
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2))
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2))
  else {
    if (looksBinary(bytes)) {
      fail(
        file,
        'Expected a text file, found binary data (NUL or control bytes); is this really Markdown?',
        'binary-file',
      )
      return false
    }
    try {
      // `ignoreBOM: false` strips a UTF-8 byte-order mark.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      const decoded = decodeMixed(bytes)
      text = decoded.text
      file.message(
        `Expected UTF-8, found ${decoded.invalid} byte(s) that are not (first: 0x${bytes[decoded.firstOffset]?.toString(16).padStart(2, '0')}); read them as Windows-1252 (Latin-1). Save the file as UTF-8 to silence this`,
        { place: decoded.firstPlace, ruleId: 'not-utf8', source: SOURCE },
      )
    }
  }
  if (text.trim() === '') {
    fail(file, 'Expected an article, found an empty file', 'empty-file')
    return false
  }
  file.value = text.replace(/\r\n?/g, '\n')
  return true
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192)
  let control = 0
  for (const byte of sample) {
    if (byte === 0) return true
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++
  }
  return control > sample.length / 100 + 2
}

/**
 * Decode valid UTF-8 sequences as UTF-8 and every other byte as Windows-1252, so a file that mixes
 * the two (a Latin-1 paste into a UTF-8 file) loses nothing and shows no mojibake.
 */
function decodeMixed(bytes: Uint8Array) {
  const utf8 = new TextDecoder('utf-8')
  const latin = new TextDecoder('windows-1252')
  let text = ''
  let invalid = 0
  let firstOffset = -1
  let firstPlace = { line: 1, column: 1 }
  let runStart = 0
  for (let index = 0; index < bytes.length; ) {
    const length = utf8SequenceLength(bytes, index)
    if (length > 0) {
      index += length
      continue
    }
    text += utf8.decode(bytes.subarray(runStart, index))
    if (firstOffset < 0) {
      firstOffset = index
      const lines = text.split('\n')
      firstPlace = { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
    }
    text += latin.decode(bytes.subarray(index, index + 1))
    invalid++
    index++
    runStart = index
  }
  text += utf8.decode(bytes.subarray(runStart))
  return { text, invalid, firstOffset: Math.max(firstOffset, 0), firstPlace }
}

/** Length of the well-formed UTF-8 sequence at `index`, or 0 when the bytes there are not one. */
function utf8SequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index]!
  const length =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead < 0xe0
        ? 2
        : lead >= 0xe0 && lead < 0xf0
          ? 3
          : lead >= 0xf0 && lead < 0xf5
            ? 4
            : 0
  if (length === 0 || index + length > bytes.length) return 0
  for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return 0
  return length
}

function fail(file: VFile, reason: string, ruleId: string): void {
  addError(file, reason, { ruleId, source: SOURCE })
}
