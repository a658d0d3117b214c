/**
 * Messages in the vfile-reporter style (`file:line:column  severity  reason  rule-id`), and the exit
 * code they imply.
 */
import type { VFile } from 'vfile'
import type { Options as MessageOptions, VFileMessage } from 'vfile-message'
import { reporter } from 'vfile-reporter'

export interface ReportOptions {
  /** Show errors alone, no warnings (`--quiet`). Default false. */
  quiet?: boolean
  /** Colour output. Default: when the stream is a terminal. */
  color?: boolean
}

/** The report text for `files` (empty when there is nothing to say). */
export function formatReport(files: VFile[], options: ReportOptions = {}): string {
  // `--quiet` reports errors alone: vfile-reporter's `silent` (its own `quiet` only hides files
  // with no message at all).
  const shown = files.filter((file) => file.messages.some((message) => !options.quiet || message.fatal === true))
  if (shown.length === 0) return ''
  return reporter(shown, { quiet: true, silent: options.quiet ?? false, color: options.color ?? false })
}

/** One line per message, `line:column: reason (rule-id)`, for goldens and the manifest. */
export function messageLines(file: VFile, fatal?: boolean): string[] {
  return file.messages
    .filter((message) => fatal === undefined || (message.fatal === true) === fatal)
    .map((message) => `${message.line ?? 1}:${message.column ?? 1}: ${message.reason}${message.ruleId ? ` (${message.ruleId})` : ''}`)
}

export function exitCodeFor(files: VFile[]): 0 | 1 {
  return files.some((file) => file.messages.some((message) => message.fatal === true)) ? 1 : 0
}

/**
 * Add an error to `file` without throwing (vfile's `fail` throws; a build collects errors and carries
 * on with the next article). `options` are vfile's: place, ruleId, source.
 */
export function addError(file: VFile, reason: string, options: MessageOptions): VFileMessage {
  const message = file.message(reason, options)
  message.fatal = true
  return message
}

/** A message as plain data (vfile messages do not survive structured cloning). */
export interface PlainMessage {
  reason: string
  line?: number
  column?: number
  ruleId?: string
  source?: string
  /** true error, false warning, undefined info (vfile's convention). */
  fatal?: boolean
  /**
   * What reported it: parsing the source (`parse`) or rendering a format. A rebuild of some formats
   * keeps the others' messages from the cache by it.
   */
  stage?: string
}

/** The messages of `file` as plain data, to cross a worker boundary or be cached. */
export function plainMessages(file: VFile): PlainMessage[] {
  return file.messages.map((message) => ({
    reason: message.reason,
    ...(message.line ? { line: message.line } : {}),
    ...(message.column ? { column: message.column } : {}),
    ...(message.ruleId ? { ruleId: message.ruleId } : {}),
    ...(message.source ? { source: message.source } : {}),
    ...(message.fatal !== undefined && message.fatal !== null ? { fatal: message.fatal } : {}),
  }))
}

/** Put plain messages back on a vfile, for the reporter. */
export function restoreMessages(file: VFile, messages: PlainMessage[]): void {
  // A vfile message is an Error: capturing a stack for each of thousands of cached warnings took
  // longer than the rebuild itself, and a restored message has no stack worth showing.
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    for (const plain of messages) {
      const place = plain.line ? { line: plain.line, column: plain.column ?? 1 } : undefined
      const message = file.message(plain.reason, { place, ...(plain.ruleId ? { ruleId: plain.ruleId } : {}), ...(plain.source ? { source: plain.source } : {}) })
      message.fatal = plain.fatal
    }
  } finally {
    Error.stackTraceLimit = limit
  }
}
