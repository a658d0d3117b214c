/**
 * Site settings: `galley.config.ts` (with `defineConfig`) or `galley.config.json`, validated once.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type FeedSettings, type SiteConfig, TEMPLATE_NAMES, type TemplateName, type Theme } from './types.ts'
import { defaultTheme } from '../templates/shared/theme.ts'
import { ConfigError } from './errors.ts'
import { importUserModule } from './typescript-loader.ts'

/** What a user writes: every field optional, defaults filled in by `resolveConfig`. */
export interface UserConfig {
  siteName?: string
  siteUrl?: string
  defaultAuthor?: string
  defaultLanguage?: string
  theme?: Partial<Theme>
  templates?: Partial<Record<TemplateName, string>>
  pageSize?: 'A4' | 'Letter'
  feed?: Partial<FeedSettings>
  /** Folders site-root images (`/img/x.png`) resolve in, relative to the config file. Default `['static', 'public']`. */
  staticFolders?: string[]
}

/** Where Hugo, Docusaurus and Gatsby (`static/`) and Astro and VitePress (`public/`) keep site-root files. */
export const DEFAULT_STATIC_FOLDERS = ['static', 'public']

/** Identity function that gives `galley.config.ts` its types. */
export function defineConfig(config: UserConfig): UserConfig {
  return config
}

export const DEFAULT_FEED: FeedSettings = { limit: 50, content: 'full' }

const CONFIG_NAMES = ['galley.config.ts', 'galley.config.js', 'galley.config.json']

/** A resolved config plus where it came from (template paths are resolved against its folder). */
export interface LoadedConfig {
  config: SiteConfig
  /** The config file, or undefined when the defaults are used. */
  path?: string
}

/**
 * Find and load the config in `cwd` (default: the process's), or the file given explicitly.
 * Throws an Error naming the file when it is invalid.
 */
/** The config file `loadConfig` reads when none is named: the first of CONFIG_NAMES in `cwd`. */
export function findConfigFile(cwd: string): string | undefined {
  return CONFIG_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate))
}

export async function loadConfig(options: { cwd?: string; file?: string } = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd()
  const file = options.file ? path.resolve(cwd, options.file) : findConfigFile(cwd)
  if (!file) return { config: resolveConfig({}, cwd) }
  let raw: unknown
  try {
    if (file.endsWith('.json')) raw = JSON.parse(await readFile(file, 'utf8'))
    else raw = (await importConfigModule(file)).default
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config: ${(error as Error).message}`, { cause: error })
  }
  return { config: resolveConfig(raw, path.dirname(file), file), path: file }
}

// Config modules by file and bytes. Every build loads the config, and a module, once imported, stays
// for the life of the process: the same bytes reuse it, and changed bytes (a save while watching)
// import the file afresh.
const configModules = new Map<string, Promise<{ default?: unknown }>>()

function importConfigModule(file: string): Promise<{ default?: unknown }> {
  const key = `${file}\0${createHash('sha1').update(readFileSync(file)).digest('hex')}`
  let loading = configModules.get(key)
  if (!loading) {
    loading = importUserModule(file, pathToFileURL(file).href)
    configModules.set(key, loading)
    loading.catch(() => configModules.delete(key))
  }
  return loading
}

/** Validate a user config and fill in the defaults; `baseDir` resolves template folders. */
export function resolveConfig(raw: unknown, baseDir: string, name = 'config'): SiteConfig {
  const problems: string[] = []
  if (!isRecord(raw)) problems.push('expected an object as the default export')
  const input = isRecord(raw) ? raw : {}
  const known = new Set([
    'siteName',
    'siteUrl',
    'defaultAuthor',
    'defaultLanguage',
    'theme',
    'templates',
    'pageSize',
    'feed',
    'staticFolders',
  ])
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`unknown setting \`${key}\``)

  const text = (key: string): string | undefined => {
    const value = input[key]
    if (value === undefined) return undefined
    if (typeof value === 'string' && value.trim()) return value.trim()
    problems.push(`\`${key}\` must be a non-empty string`)
    return undefined
  }
  let siteUrl = text('siteUrl')
  if (siteUrl) {
    const checked = checkSiteUrl(siteUrl)
    if (checked === undefined) problems.push(`\`siteUrl\` must be an absolute http(s) URL, not \`${siteUrl}\``)
    siteUrl = checked
  }
  let defaultLanguage = text('defaultLanguage') ?? 'en'
  try {
    defaultLanguage = Intl.getCanonicalLocales(defaultLanguage)[0] ?? 'en'
  } catch {
    problems.push(`\`defaultLanguage\` must be a BCP 47 tag such as \`en\` or \`pt-BR\`, not \`${defaultLanguage}\``)
  }

  const theme = { ...defaultTheme }
  if (input.theme !== undefined) {
    if (!isRecord(input.theme)) problems.push('`theme` must be an object of colours')
    else
      for (const [key, value] of Object.entries(input.theme)) {
        if (!(key in theme)) problems.push(`unknown theme colour \`${key}\``)
        else if (typeof value !== 'string' || !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value))
          problems.push(`theme colour \`${key}\` must be a hex colour such as #1a1a1a`)
        else theme[key as keyof Theme] = value
      }
  }

  const templates: Partial<Record<TemplateName, string>> = {}
  if (input.templates !== undefined) {
    if (!isRecord(input.templates)) problems.push('`templates` must map a format to a folder')
    else
      for (const [name, folder] of Object.entries(input.templates)) {
        if (!(TEMPLATE_NAMES as readonly string[]).includes(name))
          problems.push(`\`templates.${name}\` is not a template (${TEMPLATE_NAMES.join(', ')})`)
        else if (typeof folder !== 'string') problems.push(`\`templates.${name}\` must be a folder path`)
        else templates[name as TemplateName] = path.resolve(baseDir, folder)
      }
  }

  const feed: FeedSettings = { ...DEFAULT_FEED }
  if (input.feed !== undefined) {
    if (!isRecord(input.feed)) problems.push('`feed` must be an object such as { limit: 50, content: "full" }')
    else
      for (const [key, value] of Object.entries(input.feed)) {
        if (key === 'limit') {
          if (typeof value === 'number' && Number.isInteger(value) && value > 0) feed.limit = value
          else problems.push('`feed.limit` must be a whole number above 0')
        } else if (key === 'content') {
          if (value === 'full' || value === 'summary') feed.content = value
          else problems.push('`feed.content` must be `full` or `summary`')
        } else problems.push(`unknown feed setting \`${key}\``)
      }
  }

  let staticFolders = DEFAULT_STATIC_FOLDERS
  if (input.staticFolders !== undefined) {
    if (
      !Array.isArray(input.staticFolders) ||
      !input.staticFolders.every((folder) => typeof folder === 'string' && folder.trim())
    )
      problems.push("`staticFolders` must be a list of folder paths, such as `['static', 'public']`")
    else staticFolders = input.staticFolders as string[]
  }

  const pageSize = input.pageSize ?? 'A4'
  if (pageSize !== 'A4' && pageSize !== 'Letter') problems.push('`pageSize` must be `A4` or `Letter`')

  if (problems.length > 0) throw new ConfigError(`${name}: invalid config: ${problems.join('; ')}`)
  return {
    siteName: text('siteName') ?? 'Galley',
    ...(siteUrl ? { siteUrl } : {}),
    ...(text('defaultAuthor') ? { defaultAuthor: text('defaultAuthor') } : {}),
    defaultLanguage,
    theme,
    staticFolders: staticFolders.map((folder) => path.resolve(baseDir, folder)),
    templates,
    pageSize: pageSize as 'A4' | 'Letter',
    feed,
  }
}

/** `url` without trailing slashes when it is an absolute http(s) URL, else undefined. */
export function checkSiteUrl(url: string): string | undefined {
  return /^https?:\/\//i.test(url) && URL.canParse(url) ? url.replace(/\/+$/, '') : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
