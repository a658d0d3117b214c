/**
 * Guards for the patches of JSZip's and epub-gen-memory's internals (docs/dependencies.md): each
 * fails with a sentence naming the patch when what it relies on changes shape.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { EPub } from 'epub-gen-memory'
import { describe, expect, it } from 'vitest'
import { ZLIB_DEFLATE } from '../pipeline/render/epub/zlib-deflate.ts'
import { hasMethod, reliesOn } from './helpers/relies-on.ts'

// biome-ignore lint/suspicious/noExplicitAny: probing internals, whose shapes these tests check
type Loose = Record<string, any>
const digest = (method: unknown) => createHash('sha256').update(String(method)).digest('hex').slice(0, 16)
const fromGalley = createRequire(import.meta.url)
const fromLibrary = createRequire(fromGalley.resolve('epub-gen-memory'))

describe('JSZip 3.10.2: the Node zlib compression (pipeline/render/epub/zlib-deflate.ts)', () => {
  const patch = 'zlib-deflate.ts'

  it('adds its method to the table of the JSZip copy epub-gen-memory zips with', () => {
    reliesOn(
      patch,
      'epub-gen-memory loading the jszip this package pins',
      fromLibrary.resolve('jszip') === fromGalley.resolve('jszip'),
    )
    const compressions = fromLibrary('jszip/lib/compressions.js') as Loose
    reliesOn(
      patch,
      'jszip/lib/compressions.js exporting the DEFLATE entry with magic and workers',
      typeof compressions.DEFLATE?.magic === 'string' &&
        hasMethod(compressions.DEFLATE, 'compressWorker') &&
        hasMethod(compressions.DEFLATE, 'uncompressWorker'),
    )
    reliesOn(patch, 'its own entry being in that table', hasMethod(compressions[ZLIB_DEFLATE], 'compressWorker'))
    reliesOn(
      patch,
      'jszip/lib/utils.js exporting transformTo',
      hasMethod(fromLibrary('jszip/lib/utils.js'), 'transformTo'),
    )
    const Worker = fromLibrary('jszip/lib/stream/GenericWorker.js') as { prototype: Loose }
    for (const method of ['push', 'flush', 'cleanUp', 'processChunk'])
      reliesOn(
        patch,
        `GenericWorker#${method} (jszip/lib/stream/GenericWorker.js)`,
        hasMethod(Worker.prototype, method),
      )
  })
})

describe('epub-gen-memory 1.1.2: OfflineEpub (pipeline/render/epub/offline-epub.ts)', () => {
  const patch = 'OfflineEpub'
  const chapter = {
    title: 'Chapter',
    content:
      '<p><time datetime="2025-05-23">May 23</time> café <img src="https://example.org/a.png" alt=""/><span class="galley-math-1"></span></p>',
  }
  const warnings: string[] = []
  const book = () =>
    new EPub(
      {
        title: 'Book',
        verbose: (type: 'log' | 'warn', ...args: unknown[]) => {
          if (type === 'warn') warnings.push(args.join(' '))
        },
      },
      [chapter],
    ) as unknown as Loose

  it('overrides the methods render calls, and copies generateTemplateFiles as it is in 1.1.2', () => {
    const prototype = EPub.prototype as unknown as Loose
    reliesOn(
      patch,
      'EPub#render calling generateTemplateFiles, downloadAllFonts, downloadAllImages and makeCover in turn (source digest 98691f16a2a4e2ac)',
      digest(prototype.render) === '98691f16a2a4e2ac',
    )
    reliesOn(
      patch,
      'EPub#generateTemplateFiles as copied from 1.1.2 (source digest c5295c72876e6373)',
      digest(prototype.generateTemplateFiles) === 'c5295c72876e6373',
    )
    reliesOn(
      patch,
      'EPub#downloadAllImages, which it replaces to read images from memory',
      hasMethod(prototype, 'downloadAllImages'),
    )
  })

  it('finds the fields it reads and renames after the constructor', () => {
    const epub = book()
    reliesOn(patch, 'a string uuid it replaces with the article’s identifier', typeof epub.uuid === 'string')
    reliesOn(
      patch,
      'the parsed chapters in `content`, each with content and filename',
      Array.isArray(epub.content) &&
        typeof epub.content[0]?.content === 'string' &&
        typeof epub.content[0]?.filename === 'string',
    )
    reliesOn(
      patch,
      'a JSZip in `zip` with folder()',
      hasMethod(epub.zip, 'folder') && hasMethod(epub.zip, 'generateAsync'),
    )
    reliesOn(
      patch,
      'the normalised options with the four templates',
      ['chapterXHTML', 'contentOPF', 'tocNCX', 'tocXHTML', 'css'].every((key) => typeof epub.options[key] === 'string'),
    )
    const [image] = epub.images as Loose[]
    reliesOn(
      patch,
      'each image recorded with url, id and extension',
      image?.url === 'https://example.org/a.png' && typeof image.id === 'string' && image.extension === 'png',
    )
    reliesOn(
      'renameImages',
      'chapters pointing at `images/<id>.<extension>`',
      epub.content[0].content.includes(`"images/${image!.id}.png"`),
    )
  })

  it('writes the chapter as Galley’s rewrites of its output expect', () => {
    warnings.length = 0
    const content = book().content[0].content as string
    reliesOn(
      'renameImages',
      'an empty alt written as alt="image-placeholder"',
      content.includes(' alt="image-placeholder"'),
    )
    reliesOn('readableCharacters', 'non-ASCII text written as numeric references', /caf&#xe9;/i.test(content))
    reliesOn(
      'insertMathml',
      'the math placeholder kept as <span class="galley-math-N"/>',
      /<span class="galley-math-1"\s*(?:\/>|><\/span>)/.test(content),
    )
    reliesOn(
      'collectDroppedAttribute (epub/index.ts)',
      'a dropped attribute warned as "attribute NAME isn\'t allowed"',
      warnings.some((warning) => /attribute datetime isn't allowed/.test(warning)),
    )
    reliesOn('epubBody (epub/epub-body.ts)', 'the attribute filter dropping datetime', !content.includes('datetime'))
  })

  it('still drops the attributes epubBody turns into markup it keeps', () => {
    const { allowedAttributes } = fromLibrary('epub-gen-memory/dist/lib/util/constants.js') as {
      allowedAttributes: string[]
    }
    // align → class, start → value on the items, checked → ☑, xmlns/display/alttext → MathML kept aside.
    for (const name of ['align', 'start', 'checked', 'xmlns', 'display', 'alttext'])
      reliesOn(
        'epubBody (epub/epub-body.ts)',
        `the library dropping \`${name}\` (a workaround stands in for it)`,
        !allowedAttributes.includes(name),
      )
    expect(allowedAttributes).toContain('epub:type')
  })
})
