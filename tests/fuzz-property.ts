/**
 * The fuzz property, shared by the CI test (tests/fuzz.test.ts) and `npm run fuzz` (tests/fuzz-run.ts):
 * an article goes through the whole pipeline (parse with lint, then every renderer, each given the
 * outputs before it) and ends in output in every format, or in a refusal with a fatal message —
 * never in an exception.
 */
import { availableFormats, loadTemplate, RENDERERS } from '../pipeline/render/index.ts'
import type { Format } from '../pipeline/types.ts'
import { encodeDocument, type FuzzDocument } from './fuzz-arbitraries.ts'
import { parseText, testConfig } from './helpers/articles.ts'

/** Where an article broke: the stage and the error it threw. */
export class PipelineFailure extends Error {
  constructor(
    readonly stage: Format | 'parse',
    readonly error: unknown,
  ) {
    super(`${stage}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }

  /** Stage, message and innermost own frame: two failures with one signature are one bug. */
  get signature(): string {
    const stack = this.error instanceof Error ? (this.error.stack ?? '') : ''
    const frame = /\((\/[^)]*\/(?:pipeline|templates)\/[^)]*)\)/
      .exec(stack)?.[1]
      ?.replace(/^.*?\/(pipeline|templates)\//, '$1/')
    const message = (this.error instanceof Error ? this.error.message : String(this.error))
      .replace(/\d+/g, 'N')
      .slice(0, 120)
    return `${this.stage}: ${message} @ ${frame ?? 'unknown'}`
  }
}

const templates = new Map<Format, unknown>()
async function template(format: Format): Promise<unknown> {
  if (!templates.has(format)) templates.set(format, await loadTemplate(format, testConfig))
  return templates.get(format)
}

/** Run `document` through the pipeline; throws a `PipelineFailure` when a stage throws or returns nothing. */
export async function throughThePipeline(document: FuzzDocument): Promise<'built' | 'refused'> {
  let parsed: Awaited<ReturnType<typeof parseText>>
  try {
    parsed = await parseText(encodeDocument(document), testConfig, { lint: true })
  } catch (error) {
    throw new PipelineFailure('parse', error)
  }
  const { article, file } = parsed
  if (!article) {
    if (!file.messages.some((message) => message.fatal))
      throw new PipelineFailure('parse', new Error('The article was refused without a fatal message'))
    return 'refused'
  }
  const artifacts = new Map<Format, Uint8Array>()
  for (const format of availableFormats()) {
    let bytes: Uint8Array
    try {
      bytes = await RENDERERS[format]!.render({ ...article, template: await template(format), artifacts })
    } catch (error) {
      throw new PipelineFailure(format, error)
    }
    if (bytes.byteLength === 0) throw new PipelineFailure(format, new Error('The renderer returned no bytes'))
    artifacts.set(format, bytes)
  }
  return 'built'
}
