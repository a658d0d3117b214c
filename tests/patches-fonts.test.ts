/**
 * Guards for the patches of fontkit's and pdfkit's internals (docs/dependencies.md): each fails with
 * a sentence naming the patch when the internal it relies on changes shape. The methods a patch
 * replaces or copies are pinned by a digest of their source, so a release that rewrites one is
 * caught even when the shape still fits.
 */
import { createHash } from 'node:crypto'
import { create } from 'fontkit'
import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import { POST_NAME_FIELDS, parseFontFile, postNamesOnFirstUse, readFontFile } from '../pipeline/fonts/font-files.ts'
import { FontBook, loadFace } from '../pipeline/render/pdf/fonts.ts'
import { fallbacks, mono, sans, serif } from '../templates/shared/fonts.ts'
import { hasMethod, reliesOn } from './helpers/relies-on.ts'

const SANS = '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'
// Letters whose glyphs are compound in Noto Sans (É, Greek Ε drawn from E), plus plain ones.
const LETTERS = 'AEÉΕaéß'

// biome-ignore lint/suspicious/noExplicitAny: probing internals, whose shapes these tests check
type Loose = Record<string, any>
const digest = (method: unknown) => createHash('sha256').update(String(method)).digest('hex').slice(0, 16)
const fresh = () => create(readFontFile(SANS)) as unknown as Loose
// Captured before any Galley face is loaded: loadFace replaces the method on the shared prototype.
const upstreamAddGlyph = Object.getPrototypeOf(fresh().createSubset())._addGlyph as (gid: number) => number

describe('fontkit 2.0.4: keepCodePoints (pipeline/fonts/font-files.ts)', () => {
  const patch = 'keepCodePoints'

  it('finds the glyph cache and the lookup layout goes through', () => {
    const font = fresh()
    reliesOn(
      patch,
      'fontkit 2.0.4’s own Font#getGlyph (source digest 872a56864f7309e3)',
      digest(font.getGlyph) === '872a56864f7309e3',
    )
    const first = font.getGlyph(36, [65])
    reliesOn(patch, 'getGlyph(id, codePoints) caching one glyph object per id', font.getGlyph(36) === first)
    reliesOn(patch, 'a glyph’s codePoints being an array it can fill in place', Array.isArray(first.codePoints))
    let lookups = 0
    const getGlyph = font.getGlyph.bind(font)
    font.getGlyph = (id: number, codePoints?: number[]) => {
      lookups++
      return getGlyph(id, codePoints)
    }
    font.layout('Eé')
    reliesOn(patch, 'layout looking glyphs up through the font’s getGlyph', lookups > 0)
  })

  it('gives a glyph first asked for without code points (a composite’s part) its code points in a later layout', () => {
    // The id from another instance: glyphForCodePoint would itself cache the glyph with its code point.
    const id = fresh().glyphForCodePoint(0x45).id as number
    const partThenLetter = (font: Loose) => {
      font.getGlyph(id) // as the subset asks for the parts of Ε
      return (font.layout('E') as { glyphs: Loose[] }).glyphs[0]!.codePoints
    }
    // fontkit alone keeps the empty list of the first request: the reason for the patch.
    expect(partThenLetter(fresh())).toEqual([])
    expect(partThenLetter(parseFontFile(SANS) as unknown as Loose)).toEqual([0x45])
  })
})

describe('fontkit 2.0.4: postNamesOnFirstUse (pipeline/fonts/font-files.ts)', () => {
  const patch = 'postNamesOnFirstUse'
  const SERIF = serif.files.regular
  const files = [
    ...[sans, serif, mono].flatMap((family) => Object.values(family.files)),
    ...Object.values(fallbacks).map((family) => family.files.regular),
  ]

  it('gives every face the post table fontkit decodes, header, glyph names and all', () => {
    let lazy = 0
    let named = 0
    for (const file of files) {
      const own = create(readFontFile(file)) as unknown as Loose
      const face = parseFontFile(file) as unknown as Loose
      if (Object.getOwnPropertyDescriptor(face._tables.post ?? {}, 'names')?.get) lazy++
      if (own.post?.version === 2) named++
      reliesOn(
        patch,
        `fontkit's post table (version, fixed header, glyph names) as read from ${file}`,
        JSON.stringify(face.post) === JSON.stringify(own.post),
      )
      expect(face.italicAngle).toBe(own.italicAngle)
      for (const id of [0, 1, 2, 3, 10, 100, own.numGlyphs - 1])
        expect(face.getGlyph(id).name, `${file} glyph ${id}`).toBe(own.getGlyph(id).name)
    }
    // Every face that names its glyphs (post version 2) reads them lazily; the CJK faces (version 3) have none.
    expect(named).toBeGreaterThan(15)
    expect(lazy).toBe(named)
  })

  it('decodes the glyph names only when asked for them, once', () => {
    const face = postNamesOnFirstUse(create(readFontFile(SERIF))) as unknown as Loose
    const decodeTable = face._decodeTable.bind(face)
    const decoded: string[] = []
    face._decodeTable = (record: { tag: string }) => {
      decoded.push(record.tag)
      return decodeTable(record)
    }
    // What pdfkit reads to embed a face.
    expect(face.post.isFixedPitch).toBe(0)
    expect(face.italicAngle).toBe(0)
    expect(decoded).not.toContain('post')
    expect(POST_NAME_FIELDS.every((field) => field in face.post)).toBe(true)
    expect(face.getGlyph(36).name).toBe('A')
    expect(face.getGlyph(37).name).toBe('B')
    expect(decoded.filter((tag) => tag === 'post')).toEqual(['post'])
  })
})

describe('fontkit 2.0.4: readGlyphsOnce (pipeline/render/pdf/fonts.ts)', () => {
  const patch = 'readGlyphsOnce'

  it('finds the subset method it replaces, unchanged, and the parts it reads', () => {
    reliesOn(
      patch,
      'TTFSubset#_addGlyph as in fontkit 2.0.4 (source digest 625b34b9ae3d4053)',
      digest(upstreamAddGlyph) === '625b34b9ae3d4053',
    )
    const font = fresh()
    const subset = font.createSubset()
    reliesOn(patch, 'createSubset() giving a subset with includeGlyph', hasMethod(subset, 'includeGlyph'))
    reliesOn(patch, 'the font’s loca offsets', Array.isArray(font.loca?.offsets))
    reliesOn(patch, 'the font’s _getTableStream', hasMethod(font, '_getTableStream'))
    const glyph = font.getGlyph(font.glyphForCodePoint(0xc9).id)
    reliesOn(patch, 'a glyph’s _decode and _getMetrics', hasMethod(glyph, '_decode') && hasMethod(glyph, '_getMetrics'))
    const decoded = glyph._decode()
    reliesOn(
      patch,
      'a compound glyph decoding to components with glyphID and pos',
      decoded.numberOfContours < 0 &&
        decoded.components.every((c: Loose) => Number.isInteger(c.glyphID) && Number.isInteger(c.pos)),
    )
  })

  it('embeds the same subset bytes as fontkit’s own method', () => {
    const face = loadFace(SANS)
    const font = face.font as unknown as Loose
    const ids = [...LETTERS].map((letter) => font.glyphForCodePoint(letter.codePointAt(0)).id as number)
    const encode = (useUpstream: boolean) => {
      const subset = font.createSubset()
      if (useUpstream) subset._addGlyph = upstreamAddGlyph
      for (const id of ids) subset.includeGlyph(id)
      return Buffer.from(subset.encode())
    }
    reliesOn(
      patch,
      'being installed on the subset prototype',
      Object.getPrototypeOf(font.createSubset())._addGlyph !== upstreamAddGlyph,
    )
    expect(encode(false).equals(encode(true))).toBe(true)
  })
})

describe('pdfkit 0.20.2: the embedded font (pipeline/render/pdf/fonts.ts)', () => {
  const embedded = () => {
    const doc = new PDFDocument({ font: null } as unknown as PDFKit.PDFDocumentOptions)
    doc.registerFont('sans', fresh() as unknown as string)
    doc.font('sans', 12)
    return { doc, font: (doc as unknown as Loose)._font as Loose }
  }

  it('accepts a parsed fontkit font and keeps it as the document’s _font (FontBook.use)', () => {
    const { font } = embedded()
    reliesOn('FontBook.use', 'registerFont taking a fontkit font and doc._font holding it', font?.font !== undefined)
    for (const key of ['id', 'subset', 'unicode', 'widths', 'scale', 'layoutCache'])
      reliesOn('FontBook.use / mapEachUseOfAGlyph', `the embedded font’s \`${key}\``, key in font)
    reliesOn('mapEachUseOfAGlyph', 'the subset’s glyphs list', Array.isArray(font.subset.glyphs))
  })

  it('finds encode and the layout cache as they were written against', () => {
    const prototype = Object.getPrototypeOf(embedded().font)
    // mapEachUseOfAGlyph replaces encode (and may already have, in this process): check the class's own.
    reliesOn(
      'mapEachUseOfAGlyph',
      'EmbeddedFont#layout as in pdfkit 0.20.2 (source digest 1bf021e3cd3ce4ae), kept as `upstream` by layoutWordByWord',
      digest(prototype.layout.upstream ?? prototype.layout) === '1bf021e3cd3ce4ae',
    )
    reliesOn(
      'sharedLayouts',
      'EmbeddedFont#layoutCached keeping runs in layoutCache by text (source digest 71aacd96de20a733)',
      digest(prototype.layoutCached) === '71aacd96de20a733',
    )
    reliesOn(
      'mapEachUseOfAGlyph',
      'EmbeddedFont#encode as in pdfkit 0.20.2 (source digest 8829b1a80749bb7b), or Galley’s replacement',
      digest(prototype.encode) === '8829b1a80749bb7b' || String(prototype.encode).includes('codePointMap'),
    )
    reliesOn(
      'sharedAdvances (FontBook.width)',
      'EmbeddedFont#widthOfString as layout(text, features, true).advanceWidth × size / 1000 (source digest 0dc66ac40029d181)',
      digest(prototype.widthOfString) === '0dc66ac40029d181',
    )
  })

  it('lays out word by word as pdfkit’s own layout does: the same glyphs, positions and advance (layoutWordByWord)', () => {
    const { doc } = embedded()
    // The replacement is installed when FontBook first uses a face of pdfkit's class.
    const book = new FontBook(doc, { body: serif, heading: sans, mono }, 'en')
    const font = book.use(book.primary({ role: 'body' }), 12) as unknown as Loose
    const prototype = Object.getPrototypeOf(font)
    reliesOn(
      'layoutWordByWord',
      'being installed, with pdfkit’s own as `upstream`',
      prototype.layout.upstream !== undefined,
    )
    const texts = [
      '',
      ' ',
      'word',
      'two words',
      '  leading',
      'trailing  ',
      'tab\tand  double',
      'Ünïcödé ffi fl, “quoted”.',
      'a b c d e f g',
    ]
    // The pieces each asks layoutCached for, in order.
    const pieces: string[] = []
    font.layoutCached = (piece: string) => {
      pieces.push(piece)
      return prototype.layoutCached.call(font, piece)
    }
    const asked = (layout: () => Loose) => {
      pieces.length = 0
      return { laidOut: layout(), pieces: [...pieces] }
    }
    for (const text of texts) {
      for (const onlyWidth of [false, true]) {
        const { laidOut: ours, pieces: ourPieces } = asked(() => font.layout(text, undefined, onlyWidth))
        const { laidOut: theirs, pieces: theirPieces } = asked(() =>
          prototype.layout.upstream.call(font, text, undefined, onlyWidth),
        )
        expect(ourPieces, text).toEqual(theirPieces)
        expect(ours.advanceWidth, text).toBe(theirs.advanceWidth)
        expect(ours.glyphs, text).toEqual(theirs.glyphs)
        expect(ours.positions, text).toEqual(theirs.positions)
        // The very glyph objects: encode reads their code points and ids.
        for (const [index, glyph] of (ours.glyphs ?? []).entries()) expect(glyph).toBe(theirs.glyphs[index])
      }
    }
  })

  it('measures as widthOfString does, to the last bit, whatever measured the text before (FontBook.width)', () => {
    const { doc } = embedded()
    const book = new FontBook(doc, { body: serif, heading: sans, mono }, 'en')
    const face = book.primary({ role: 'body' })
    for (const size of [9, 10.5, 11.25, 17])
      for (const text of ['word', 'two words', 'Ukraine’s', 'naïve café', ' spaced  out ', '—'])
        for (let time = 0; time < 2; time++)
          expect(book.width(text, face, size), `${text} at ${size}`).toBe(
            (book.use(face, size) as unknown as Loose).widthOfString(text, size),
          )
  })
})

describe('pdfkit 0.20.2: the document’s parts Galley writes into', () => {
  it('has the outline entry’s Dest, a structure element’s attributes, the page’s fonts and openImage', () => {
    const doc = new PDFDocument({ tagged: true, font: null } as unknown as PDFKit.PDFDocumentOptions)
    const item = doc.outline.addItem('Heading') as unknown as Loose
    reliesOn(
      'addOutlineEntry (pdf/headings.ts)',
      'an outline item’s outlineData.Dest',
      Array.isArray(item.outlineData?.Dest),
    )
    const cell = doc.struct('TD', {
      scope: 'Row',
    } as unknown as PDFKit.Mixins.StructureElementOptions) as unknown as Loose
    reliesOn(
      'Tagger.create (pdf/tagger.ts)',
      'a structure element’s dictionary.data',
      typeof cell.dictionary?.data === 'object',
    )
    reliesOn(
      'TextWriter.show (pdf/text-writer.ts)',
      'the page’s fonts resource table',
      typeof (doc.page as unknown as Loose).fonts === 'object',
    )
    reliesOn('prepareImages (pdf/images.ts)', 'doc.openImage', hasMethod(doc, 'openImage'))
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    )
    const image = (doc as unknown as Loose).openImage(png)
    reliesOn(
      'prepareImages (pdf/images.ts)',
      'an opened PNG’s finalize, run when its data is ready',
      hasMethod(image, 'finalize'),
    )
  })
})
