/**
 * Local images: resolve every `<img src>` (and the front matter `image`) inside the article's own
 * folder — or, for a site-root path such as `/img/figure.png`, inside the site's static folders —
 * read it once, and replace what cannot be used by its alt text. Nothing is fetched: a remote image
 * becomes its alt text with a warning, so every format stays offline and consistent.
 */
import { readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import type { Element, Root } from 'hast'
import { h } from 'hastscript'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import type { Asset } from '../types.ts'

const SOURCE = 'galley:assets'
/** Largest image Galley embeds; bigger files are almost always a mistake in a newsletter. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

export interface LoadOptions {
  /** Further references (the front matter image) to load the same way. Default: none. */
  extra?: string[]
  /** Absolute folders a site-root path (`/img/x.png`) resolves in, first match wins. Default: none. */
  staticFolders?: readonly string[]
}

/** The images read, by the `src` the tree now gives them, and the `src` each `extra` reference got. */
export interface LoadedAssets {
  assets: Map<string, Asset>
  /** An `extra` reference → its key in `assets`; absent when it could not be loaded. */
  keys: Map<string, string>
}

/**
 * Read the images `tree` refers to from `baseDir` (or the static folders), replacing unusable ones
 * in `tree` by their alt text. A site-root image's `src` becomes the relative path its copy takes
 * beside the article page (`/img/x.png` → `img/x.png`), so every format finds it the same way.
 */
export async function loadAssets(
  tree: Root,
  file: VFile,
  baseDir: string,
  options: LoadOptions = {},
): Promise<LoadedAssets> {
  const assets = new Map<string, Asset>()
  const keys = new Map<string, string>()
  const images: Array<{ node: Element; parent: { children: unknown[] }; index: number }> = []
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'img' || !parent || index === undefined) return
    images.push({ node, parent: parent as { children: unknown[] }, index })
    return SKIP
  })

  // Resolved when an image first needs them: most articles have none, and each realpath is a trip
  // through libuv's threads.
  let roots: Promise<Array<{ real: string; shown: string }>> | undefined
  const staticRoots = () =>
    (roots ??= Promise.all(
      (options.staticFolders ?? []).map(async (folder) => ({
        real: await realpath(folder).catch(() => path.resolve(folder)),
        shown: `${path.relative(file.cwd, folder) || '.'}/`,
      })),
    ))
  let root: Promise<string> | undefined
  const articleRoot = () => (root ??= realpath(baseDir).catch(() => path.resolve(baseDir)))
  /** The asset's key (its `src` from now on), or undefined when it cannot be used (reported). */
  const load = async (src: string, place?: Element['position']): Promise<string | undefined> => {
    const key = isSiteRoot(src) ? src.replace(/^\/+/, '') : src
    if (assets.has(key)) return key
    const result = isSiteRoot(src)
      ? await readStaticImage(src, await staticRoots())
      : await readLocalImage(src, await articleRoot())
    if ('asset' in result) {
      assets.set(key, { ...result.asset, src: key })
      return key
    }
    file.message(result.problem, { place: place?.start, ruleId: result.ruleId, source: SOURCE })
    return undefined
  }

  for (const { node, parent, index } of images) {
    const src = typeof node.properties.src === 'string' ? node.properties.src : ''
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : ''
    // An empty alt (`![](x.png)`, `alt=""`) is the author saying the image is decorative; only a
    // missing one (raw `<img>` without `alt`) is a problem.
    if (typeof node.properties.alt === 'string') node.properties.alt = alt
    else
      file.message('Expected alt text describing the image, found no `alt` (write `alt=""` for a decorative image)', {
        place: node.position?.start,
        ruleId: 'missing-alt',
        source: SOURCE,
      })
    const key = src ? await load(src, node.position) : undefined
    if (key !== undefined) {
      node.properties.src = key
      continue
    }
    // Keep what the image meant: its alt text, marked so renderers can style it.
    parent.children[index] = {
      ...h('span', { className: ['image-missing'] }, alt ? `[${alt}]` : '[image]'),
      position: node.position,
    }
  }
  for (const src of options.extra ?? []) {
    const key = await load(src)
    if (key !== undefined) keys.set(src, key)
  }
  return { assets, keys }
}

/** `/img/x.png`: a path from the site's root, as Hugo, Jekyll, Docusaurus and Astro write them (not `//host/x`). */
const isSiteRoot = (src: string) => /^\/(?!\/)/.test(src)

/** A site-root image from the first static folder that has it, never from outside that folder. */
async function readStaticImage(src: string, roots: Array<{ real: string; shown: string }>): Promise<ReadResult> {
  if (roots.length === 0)
    return {
      problem: `Image \`${src}\` is a site-root path and no static folders are configured (\`staticFolders\`); its alt text is used instead`,
      ruleId: 'missing-image',
    }
  for (const { real } of roots) {
    const result = await readLocalImage(`.${src}`, real)
    if ('asset' in result) return result
    if (result.ruleId === 'unsafe-image-path')
      return {
        problem: `Image \`${src}\` points outside the static folders; Galley only embeds files inside them`,
        ruleId: 'unsafe-image-path',
      }
    if (result.ruleId !== 'missing-image')
      return { ...result, problem: result.problem.replace(`\`.${src}\``, `\`${src}\``) }
  }
  return {
    problem: `Image \`${src}\` was not found in the static folders (${roots.map((root) => root.shown).join(', ')}); its alt text is used instead`,
    ruleId: 'missing-image',
  }
}

type ReadResult = { asset: Asset } | { problem: string; ruleId: string }

async function readLocalImage(src: string, root: string): Promise<ReadResult> {
  if (/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(src)) {
    return /^(?:https?:)?\/\//i.test(src)
      ? {
          problem: `Remote image \`${src}\` is not fetched (builds work offline); its alt text is used instead`,
          ruleId: 'remote-image',
        }
      : {
          problem: `Image \`${src.slice(0, 80)}\` uses a URL scheme Galley does not load; its alt text is used instead`,
          ruleId: 'unsupported-image',
        }
  }
  let relative: string
  try {
    relative = decodeURIComponent(src.split(/[?#]/)[0] ?? '')
  } catch {
    relative = src
  }
  const refused: ReadResult = {
    problem: `Image \`${src}\` points outside the article's folder; Galley only embeds files beside the article`,
    ruleId: 'unsafe-image-path',
  }
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) return refused
  let real: string
  try {
    real = await realpath(path.join(root, relative))
  } catch {
    return {
      problem: `Image \`${src}\` was not found beside the article; its alt text is used instead`,
      ruleId: 'missing-image',
    }
  }
  // A symlink may point anywhere: judge the file it really is.
  if (!real.startsWith(root + path.sep)) return refused
  let data: Uint8Array
  try {
    data = await readFile(real)
  } catch (error) {
    return { problem: `Image \`${src}\` could not be read: ${(error as Error).message}`, ruleId: 'unreadable-image' }
  }
  if (data.byteLength > MAX_IMAGE_BYTES)
    return {
      problem: `Image \`${src}\` is ${(data.byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_IMAGE_BYTES / 1048576} MB`,
      ruleId: 'image-too-large',
    }
  const mediaType = sniffImageType(data)
  if (!mediaType)
    return { problem: `Image \`${src}\` is not a PNG, JPEG, GIF, WebP or SVG file`, ruleId: 'unsupported-image' }
  return { asset: { src, path: path.relative(root, real).split(path.sep).join('/'), file: real, mediaType, data } }
}

/** The image type from the file's magic bytes, never from its name. */
export function sniffImageType(data: Uint8Array): string | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...data.subarray(start, end))
  if (data[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png'
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  if (ascii(0, 4) === 'GIF8') return 'image/gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  const head = new TextDecoder().decode(data.subarray(0, 1024)).trimStart()
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head))
    return 'image/svg+xml'
  return undefined
}
