/**
 * Galley's typed API: the same operations the CLI runs.
 */
export {
  build,
  UsageError,
  type ArticleResult,
  type ArtifactRecord,
  type BuildOptions,
  type BuildResult,
} from './index.ts'
export { defineConfig, loadConfig, resolveConfig, type LoadedConfig, type UserConfig } from './config.ts'
export { parseArticle, type ParseOptions, type ParseResult } from './source/parse-article.ts'
export { extractMetadata } from './metadata/extract-metadata.ts'
export { renderHtml, type HtmlTemplate } from './render/html.ts'
export { availableFormats, loadTemplate, RENDERERS } from './render/index.ts'
export { digest, type DigestOptions, type DigestResult } from './digest/index.ts'
export { formatReport } from './report.ts'
export type { Article, Asset, Format, Metadata, RenderContext, Renderer, SiteConfig, Theme } from './types.ts'
