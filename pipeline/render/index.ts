/**
 * The registry of renderers: for each format, how to load its template, how to render, and the name
 * of the file it produces. Formats added by later stages register here and nowhere else.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { FORMATS, type Format, type Renderer, type SiteConfig } from '../types.ts'
import { renderHtml } from './html.ts'
import { renderOg } from './og.ts'
import { renderEpub } from './epub/index.ts'

export interface FormatDefinition {
  format: Format
  render: Renderer<any>
  /** Output file name inside `output/<slug>/`. */
  fileName(slug: string): string
  /** Whether the article's local images are copied beside the output (the HTML page links to them). */
  copiesAssets: boolean
}

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))

/** The formats that exist, in build order. */
export const RENDERERS: Partial<Record<Format, FormatDefinition>> = {
  html: { format: 'html', render: renderHtml, fileName: () => 'index.html', copiesAssets: true },
  og: { format: 'og', render: renderOg, fileName: () => 'og.png', copiesAssets: false },
  epub: { format: 'epub', render: renderEpub, fileName: (slug) => `${slug}.epub`, copiesAssets: false },
}

/** The formats that have a renderer, in build order (html, og, pdf, epub). */
export function availableFormats(): Format[] {
  return FORMATS.filter((format) => RENDERERS[format] !== undefined)
}

const templateCache = new Map<string, Promise<unknown>>()

/**
 * Load the template of `format`: the config's folder when it names one, else `templates/<format>/`.
 * Loaded once per process and folder.
 */
export function loadTemplate<T = unknown>(format: Format, config: SiteConfig): Promise<T> {
  const folder = config.templates[format] ?? path.join(TEMPLATES_DIR, format)
  let loading = templateCache.get(folder)
  if (!loading) {
    loading = importTemplate(folder)
    templateCache.set(folder, loading)
  }
  return loading as Promise<T>
}

async function importTemplate(folder: string): Promise<unknown> {
  const entry = ['index.ts', 'index.tsx', 'index.js', 'index.mjs'].map((name) => path.join(folder, name)).find((file) => existsSync(file))
  if (!entry) throw new Error(`No template found in ${folder}: expected an index.ts (or .tsx, .js) there`)
  const module = (await import(pathToFileURL(entry).href)) as { default?: unknown }
  if (module.default === undefined) throw new Error(`${entry}: the template must be the module's default export`)
  return module.default
}
