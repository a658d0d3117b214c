/**
 * The Nu HTML Checker (npm `vnu-jar`) run with the machine's Java, many files in one JVM.
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'

const run = promisify(execFile)
const vnuJar: string = createRequire(import.meta.url)('vnu-jar')

export interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error'
  subType?: string
  url: string
  message: string
  lastLine?: number
}

/** Check HTML files; resolves to every message the checker printed. */
export async function checkHtml(files: string[]): Promise<VnuMessage[]> {
  // vnu exits 1 when it finds errors; its JSON report is on stderr either way.
  const result = await run('java', ['-jar', vnuJar, '--format', 'json', ...files], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stderr?: string; stdout?: string }) => error)
  const report = JSON.parse(result.stderr || '{"messages":[]}') as { messages: VnuMessage[] }
  return report.messages
}
