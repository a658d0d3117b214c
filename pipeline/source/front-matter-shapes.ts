/**
 * Readers for the shapes other tools give Galley's fields: a date map (MkDocs Material), author
 * maps (Docusaurus, Hugo, VitePress), image maps and lists (Hugo), taxonomies (Zola), a source map,
 * Jekyll's `published`. Each turns a value into contributions to Galley's fields, or a problem.
 */
import type { FieldReading, Target } from './front-matter-fields.ts'
import { asDate, asText, asTextList, describe, isRecord, type Read, splitList } from './front-matter-values.ts'

export const one =
  (target: Target, check: (value: unknown) => Read) =>
  (value: unknown): FieldReading => {
    const read = check(value)
    if (read.problem) return { contributions: [], problem: read.problem }
    return {
      contributions: read.value === undefined ? [] : [{ target, value: read.value, label: '' }],
      ...(read.note ? { notes: [read.note] } : {}),
    }
  }

export const list =
  (target: Target, split = false) =>
  (value: unknown, header: boolean): FieldReading =>
    one(target, asTextList)(header || split ? splitList(value) : value)

/** MkDocs Material writes `date: {created, updated}`; everyone else a date. */
export function readDate(value: unknown): FieldReading {
  if (!isRecord(value)) return one('date', asDate)(value)
  const reading: FieldReading = { contributions: [], notes: [], partial: [], shape: 'a date map (MkDocs Material)' }
  for (const [part, target] of [
    ['created', 'date'],
    ['updated', 'updated'],
  ] as const) {
    if (value[part] === undefined || value[part] === null) continue
    const read = asDate(value[part])
    if (read.problem) reading.partial!.push(`\`date.${part}\`: ${read.problem}`)
    else reading.contributions.push({ target, value: read.value, label: `.${part}` })
    if (read.note) reading.notes!.push(read.note)
  }
  if (reading.contributions.length === 0)
    return {
      contributions: [],
      shape: reading.shape,
      problem: `expected a date, or a date map with \`created\` (MkDocs Material), found a map with ${
        reading.partial!.length ? reading.partial!.join('; ') : `only ${keysOf(value)}`
      }`,
    }
  return reading
}

/** Names from text, a list, an author map (`name`, with `url`, `image_url`…) or a list of any of them. */
export function readAuthors(value: unknown, split: boolean): FieldReading {
  const items = Array.isArray(value) ? value : [split ? splitList(value) : value].flat()
  const names: string[] = []
  const partial: string[] = []
  const unused = new Set<string>()
  for (const item of items) {
    if (typeof item === 'string' || (typeof item === 'number' && Array.isArray(value))) {
      if (String(item).trim()) names.push(String(item).trim())
    } else if (isRecord(item)) {
      const name = typeof item.name === 'string' ? item.name.trim() : ''
      if (name) names.push(name)
      else partial.push(`an author map with no \`name\` (it has ${keysOf(item)})`)
      for (const key of Object.keys(item)) if (key !== 'name') unused.add(`\`${key}\``)
    } else if (!Array.isArray(value))
      return { contributions: [], problem: `expected text or a list of text, found ${describe(value)}` }
    else partial.push(`an author given as ${describe(item)}`)
  }
  const shape = items.some(isRecord)
    ? `author maps (Docusaurus, Hugo, VitePress): the \`name\` of each${
        unused.size ? `; Galley does not use ${[...unused].join(', ')}` : ''
      }`
    : undefined
  if (names.length === 0 && partial.length > 0)
    return { contributions: [], problem: `expected an author's name, found ${partial.join('; ')}`, shape }
  return {
    contributions: [{ target: 'authors', value: names, label: '' }],
    ...(partial.length ? { partial } : {}),
    ...(shape ? { shape } : {}),
  }
}

/** Text, or a map with the image and its alt text (Hugo PaperMod's `cover: {image, alt}`). */
export function readImage(value: unknown): FieldReading {
  if (!isRecord(value)) return one('image', asText)(value)
  const src = ['image', 'src', 'url', 'path'].map((key) => value[key]).find((item) => typeof item === 'string')
  const shape = 'an image map (Hugo themes)'
  if (typeof src !== 'string' || !src.trim())
    return {
      contributions: [],
      shape,
      problem: `expected an image path, or a map with \`image\`, found only ${keysOf(value)}`,
    }
  const alt = typeof value.alt === 'string' ? value.alt.trim() : undefined
  return {
    contributions: [
      { target: 'image', value: src.trim(), label: '.image' },
      ...(alt ? [{ target: 'imageAlt' as const, value: alt, label: '.alt' }] : []),
    ],
    shape,
  }
}

/** Hugo's `images` list (its Open Graph template's): the first. */
export function readFirstImage(value: unknown): FieldReading {
  if (!Array.isArray(value)) return readImage(value)
  if (value.length === 0) return { contributions: [] }
  const reading = readImage(value[0])
  return reading.problem ? reading : { ...reading, shape: 'a list of images: the first' }
}

/** Zola's `[taxonomies]`: its `tags` and `categories` lists. */
export function readTaxonomies(value: unknown): FieldReading {
  if (!isRecord(value)) return { contributions: [], problem: `expected a map of taxonomies, found ${describe(value)}` }
  const tags: string[] = []
  for (const key of ['tags', 'categories']) {
    const read = asTextList(value[key] ?? [])
    if (read.value) tags.push(...read.value)
  }
  return {
    contributions: [{ target: 'tags', value: tags, label: '' }],
    shape: 'a map of taxonomies: its `tags` and `categories`',
  }
}

/** A source as text, or a map with its `title` (or `name`) and `url`. */
export function readSource(value: unknown): FieldReading {
  if (!isRecord(value)) return one('source', asText)(value)
  const title = [value.title, value.name].find((item) => typeof item === 'string' && item.trim())
  const shape = 'a source map: its `title`'
  if (typeof title !== 'string')
    return { contributions: [], shape, problem: `expected a source map with a \`title\`, found ${keysOf(value)}` }
  return { contributions: [{ target: 'source', value: title.trim(), label: '' }], shape }
}

/** Jekyll's `published: false` (a draft), or a publication date (dev.to, MDX's `published`). */
export function readPublished(value: unknown): FieldReading {
  if (value === false || (typeof value === 'string' && /^(?:false|no)$/i.test(value.trim())))
    return { contributions: [{ target: 'draft', value: true, label: '' }] }
  if (value === true || (typeof value === 'string' && /^(?:true|yes)$/i.test(value.trim())))
    return { contributions: [] }
  return readDate(value)
}

export function keysOf(map: Record<string, unknown>): string {
  const keys = Object.keys(map)
  return keys.length ? keys.map((key) => `\`${key}\``).join(', ') : 'no fields'
}
