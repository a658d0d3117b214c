/**
 * The registry of renderers: for each format, how to load its template, how to render, and the name
 * of the file it produces. Formats added by later stages register here and nowhere else.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { FORMATS, type Format, type Renderer, type SiteConfig, type TemplateName } from '../types.ts'
import { importModule } from '../import-module.ts'
import { importUserModule } from '../typescript-loader.ts'

// biome-ignore lint/suspicious/noExplicitAny: each format's renderer takes its own template type
type AnyRenderer = Renderer<any>

export interface FormatDefinition {
  format: Format
  render: AnyRenderer
  /** Output file name inside `output/<slug>/`. */
  fileName(slug: string): string
  /** Whether the article's local images are copied beside the output (the HTML page links to them). */
  copiesAssets: boolean
  /** Formats whose output this one uses: rendered first, and their templates are part of its cache key. */
  needs?: Format[]
  /** Formats whose files this one links with their sizes (the page's downloads): rendered before it. */
  links?: Format[]
  /** Media type of the file, for links and feeds. */
  mediaType: string
}

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))

/**
 * A renderer imported on its first use. satori, pdfkit, fontkit and the EPUB writer take about a
 * second to load: a rebuild with nothing to render, or a command that renders nothing, skips them.
 */
function onFirstUse(load: () => Promise<AnyRenderer>): AnyRenderer {
  let loading: Promise<AnyRenderer> | undefined
  return async (ctx) => (await (loading ??= load()))(ctx)
}

/** The formats that exist, in build order. */
export const RENDERERS: Partial<Record<Format, FormatDefinition>> = {
  html: {
    format: 'html',
    render: onFirstUse(async () => (await import('./html.ts')).renderHtml),
    fileName: () => 'index.html',
    copiesAssets: true,
    links: ['pdf', 'epub', 'og'],
    mediaType: 'text/html',
  },
  og: {
    format: 'og',
    render: onFirstUse(async () => (await import('./og.ts')).renderOg),
    fileName: () => 'og.png',
    copiesAssets: false,
    mediaType: 'image/png',
  },
  pdf: {
    format: 'pdf',
    render: onFirstUse(async () => (await import('./pdf/index.ts')).renderPdf),
    fileName: (slug) => `${slug}.pdf`,
    copiesAssets: false,
    mediaType: 'application/pdf',
  },
  epub: {
    format: 'epub',
    render: onFirstUse(async () => (await import('./epub/index.ts')).renderEpub),
    fileName: (slug) => `${slug}.epub`,
    copiesAssets: false,
    needs: ['og'],
    mediaType: 'application/epub+zip',
  },
}

/** `formats` and the formats they need, in build order: what must be rendered to produce `formats`. */
export function withNeeds(formats: readonly Format[]): Format[] {
  return FORMATS.filter(
    (format) => formats.includes(format) || formats.some((wanted) => RENDERERS[wanted]?.needs?.includes(format)),
  )
}

/**
 * The order to render `formats` and what they need in: a format that links others' files (the page
 * shows their sizes) after them, the rest in build order.
 */
export function renderOrder(formats: readonly Format[]): Format[] {
  const wanted = withNeeds(formats)
  const linking = (format: Format) => (RENDERERS[format]?.links ?? []).some((linked) => wanted.includes(linked))
  return [...wanted.filter((format) => !linking(format)), ...wanted.filter(linking)]
}

/** The formats that have a renderer, in build order (html, og, pdf, epub). */
export function availableFormats(): Format[] {
  return FORMATS.filter((format) => RENDERERS[format] !== undefined)
}

const templateCache = new Map<string, Promise<unknown>>()

/**
 * Load the template of `format`: the config's folder when it names one, else `templates/<format>/`.
 * Loaded once per process and folder version (`version`, default: the folder's file names, sizes and
 * times). A template object with a `configure(config)` method (the PDF
 * template, for the page size) is given the site config and the result is used.
 */
export async function loadTemplate<T = unknown>(
  format: TemplateName,
  config: SiteConfig,
  version?: string,
): Promise<T> {
  const folder = templateFolder(format, config)
  // A build passes the version it computed once; without one, look at the folder (cheap, not free).
  version ??= folderVersion(folder)
  let loading = templateCache.get(`${folder}?${version}`)
  if (!loading) {
    loading = importTemplate(folder, version)
    templateCache.set(`${folder}?${version}`, loading)
  }
  const template = await loading
  const configurable = template as { configure?: unknown } | null
  return (
    typeof configurable === 'object' && configurable !== null && typeof configurable.configure === 'function'
      ? (configurable.configure as (c: SiteConfig) => unknown)(config)
      : template
  ) as T
}

/** The folder of a template: the config's when it names one, else `templates/<name>/`. */
export function templateFolder(name: TemplateName, config: SiteConfig): string {
  return config.templates[name] ?? path.join(TEMPLATES_DIR, name)
}

/**
 * A cheap fingerprint of a template folder (names, sizes, modification times), so a template edited
 * while Galley runs (watch mode) is imported afresh instead of served from the module cache.
 */
export function folderVersion(folder: string): string {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const info = statSync(path.join(folder, entry.name))
        return `${entry.name}:${info.size}:${info.mtimeMs}`
      })
      .sort()
      .join('|')
  } catch {
    return ''
  }
}

async function importTemplate(folder: string, version: string): Promise<unknown> {
  const entry = ['index.ts', 'index.tsx', 'index.js', 'index.mjs']
    .map((name) => path.join(folder, name))
    .find((file) => existsSync(file))
  if (!entry) throw new Error(`No template found in ${folder}: expected an index.ts (or .tsx, .js) there`)
  // The query makes a changed folder a new module; the template's own relative reads ignore it.
  const url = `${pathToFileURL(entry).href}?v=${createHash('sha1').update(version).digest('hex').slice(0, 12)}`
  let module: { default?: unknown }
  try {
    module = await importUserModule(entry, url)
  } catch (error) {
    throw new Error(
      `${entry}${await placeOf(error as Error, entry)}: cannot load the template: ${(error as Error).message}`,
      { cause: error },
    )
  }
  if (module.default === undefined) throw new Error(`${entry}: the template must be the module's default export`)
  return module.default
}

/**
 * `:line:column` in `file` of why it failed to load, or empty. Node keeps a syntax error's place out
 * of the error it rejects with, so the file is parsed again with esbuild (a dependency already) to
 * find it; an error thrown while the module ran names its place in the stack.
 */
async function placeOf(error: Error, file: string): Promise<string> {
  if (error instanceof SyntaxError) {
    try {
      const { transform } = await importModule<typeof import('esbuild')>('esbuild')
      await transform(readFileSync(file, 'utf8'), {
        loader: ({ '.ts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' } as const)[path.extname(file)] ?? 'js',
        format: 'esm',
        jsx: 'automatic',
        jsxImportSource: 'satori/jsx',
        logLevel: 'silent',
      })
    } catch (failure) {
      const location = (failure as { errors?: Array<{ location?: { line: number; column: number } | null }> })
        .errors?.[0]?.location
      if (location) return `:${location.line}:${location.column + 1}`
    }
    return ''
  }
  const url = pathToFileURL(file).href
  for (const line of (error.stack ?? '').split('\n')) {
    const at = line.indexOf(url)
    const found = at >= 0 ? /^(?:\?[^:\s)]*)?:(\d+):(\d+)/.exec(line.slice(at + url.length)) : null
    if (found) return `:${found[1]}:${found[2]}`
  }
  return ''
}
