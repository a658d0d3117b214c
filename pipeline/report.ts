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

// A message's line, by the message: the messages a watch session restores are the same objects on
// every save (see `restoreMessages`).
const lines = new WeakMap<VFileMessage, string>()

/** One line per message, `line:column: reason (rule-id)`, for goldens and the manifest. */
export function messageLines(file: VFile, fatal?: boolean): string[] {
  const lineOf = (message: VFileMessage) => {
    let line = lines.get(message)
    if (line === undefined)
      lines.set(
        message,
        (line = `${message.line ?? 1}:${message.column ?? 1}: ${message.reason}${message.ruleId ? ` (${message.ruleId})` : ''}`),
      )
    return line
  }
  return file.messages.filter((message) => fatal === undefined || (message.fatal === true) === fatal).map(lineOf)
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

// The messages restored from a list of plain ones, by that very list, with the path they were made
// for: a cached article's list is the same object from build to build in one process, and a watch
// session on a site of 1,000 articles made its 10,000 warnings again on every save (30-50 ms).
const restored = new WeakMap<readonly PlainMessage[], { path: string | undefined; messages: VFileMessage[] }>()

/**
 * Put plain messages back on a vfile, for the reporter. The messages of a list restored before are
 * the same objects: change one by replacing it (as `makeLintStrict` does), never in place.
 */
export function restoreMessages(file: VFile, messages: readonly PlainMessage[]): void {
  const before = restored.get(messages)
  if (before && before.path === file.path) {
    file.messages.push(...before.messages)
    return
  }
  // A vfile message is an Error: capturing a stack for each of thousands of cached warnings took
  // longer than the rebuild itself, and a restored message has no stack worth showing.
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  const made: VFileMessage[] = []
  try {
    for (const plain of messages) {
      const place = plain.line ? { line: plain.line, column: plain.column ?? 1 } : undefined
      const message = file.message(plain.reason, {
        place,
        ...(plain.ruleId ? { ruleId: plain.ruleId } : {}),
        ...(plain.source ? { source: plain.source } : {}),
      })
      message.fatal = plain.fatal
      made.push(message)
    }
  } finally {
    Error.stackTraceLimit = limit
  }
  restored.set(messages, { path: file.path, messages: made })
}
