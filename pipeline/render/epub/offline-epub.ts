/**
 * epub-gen-memory's EPub, made offline and reproducible. The library downloads every `<img src>`
 * (and `file://` reads the disk) and names images with random UUIDs; this subclass takes the bytes
 * the pipeline already read, names images by order of appearance, and zips with fixed entry dates.
 * Everything else (content re-serialised as XHTML, the OCF container, our EJS templates) is the
 * library's own work.
 */
// A named import: Node's CommonJS lexer finds `exports.EPub` (the default export is the module object).
import { EPub, type Chapter, type Options } from 'epub-gen-memory'
import { compile } from 'ejs'
import { CORE_IMAGE_TYPES, type BookImage } from './images.ts'
import { ZLIB_DEFLATE } from './zlib-deflate.ts'

// Each EJS template compiled once per process, by its text (the templates are read once, so the same
// string comes back for every book).
const compiledTemplates = new Map<string, (data: object) => string>()
const render = (template: string, data: object) => {
  let compiled = compiledTemplates.get(template)
  if (!compiled) compiledTemplates.set(template, (compiled = compile(template) as (data: object) => string))
  return compiled(data)
}

// What the library writes into META-INF for every book.
const CONTAINER_XML =
  '<?xml version="1.0" encoding="UTF-8" ?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'
const IBOOKS_OPTIONS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><display_options><platform name="*"><option name="specified-fonts">true</option></platform></display_options>'

/** A chapter with the extra fields Galley's chapter template reads. */
export interface GalleyChapter extends Chapter {
  id: string
  filename: string
  title: string
  content: string
  dir: 'ltr' | 'rtl'
  /** The chapter's language when it is not the book's (a digest's story). Default: the book's. */
  lang?: string
  bodyClass: string
  epubType: string
  /** Manifest properties of the chapter (`mathml`). */
  properties?: string
  /** MathML for the chapter's `galley-math-N` placeholders (see epub-body.ts). */
  mathml?: string[]
}

/** What the library is given besides its own options: the images by src, and which src is the cover. */
export interface OfflineSources {
  images: ReadonlyMap<string, BookImage>
  coverSrc?: string
}

/** An image entry as the library records it, plus the cover flag our OPF template reads. */
interface ManifestImage {
  url: string
  id: string
  extension: string | null
  mediaType: string | null
  isCover?: boolean
}

/** The library's EPub, fed from memory: never fetches, never reads the disk, never draws a random id. */
export class OfflineEpub extends EPub {
  private readonly sources: OfflineSources

  constructor(options: Options, chapters: GalleyChapter[], sources: OfflineSources, identifier: string) {
    super(options, chapters)
    this.sources = sources
    this.uuid = identifier
    this.renameImages()
    chapters.forEach((source, index) => {
      const chapter = this.content[index]!
      chapter.content = readableCharacters(insertMathml(chapter.content, source.mathml ?? []))
    })
  }

  /**
   * The library named each image `images/<random uuid>.<ext from the URL>` while parsing chapters.
   * Rename them `image-1`, `image-2`… (the cover `cover-image`) with the extension of their real
   * type, in the records and in the chapters that point at them.
   */
  private renameImages(): void {
    const images = this.images as ManifestImage[]
    let number = 0
    images.forEach((image) => {
      const book = this.sources.images.get(image.url)
      if (!book) throw new Error(`epub-gen-memory recorded an image Galley did not give it: ${image.url}`)
      const before = `images/${image.id}.${image.extension}`
      image.isCover = image.url === this.sources.coverSrc
      image.id = image.isCover ? 'cover-image' : `image-${++number}`
      image.mediaType = book.mediaType
      image.extension = CORE_IMAGE_TYPES[book.mediaType] ?? null
      const after = `images/${image.id}.${image.extension}`
      for (const chapter of this.content) chapter.content = chapter.content.split(`"${before}"`).join(`"${after}"`)
    })
    // The library writes alt="image-placeholder" for an empty alt; an empty alt means decorative.
    for (const chapter of this.content)
      chapter.content = chapter.content.split(' alt="image-placeholder"').join(' alt=""')
  }

  /**
   * The library's own method (epub-gen-memory 1.1.2), with each template compiled once: `ejs.render`
   * compiled the four templates again for every book, 1-2 % of an article's work in a build. Same
   * data, same bytes (compared on 202 books).
   */
  protected override async generateTemplateFiles(): Promise<void> {
    const oebps = this.zip.folder('OEBPS')!
    oebps.file('style.css', this.options.css)
    for (const chapter of this.content)
      oebps.file(
        chapter.filename,
        render(this.options.chapterXHTML, {
          lang: this.options.lang,
          prependChapterTitles: this.options.prependChapterTitles,
          ...chapter,
        }),
      )
    const metainf = this.zip.folder('META-INF')!
    metainf.file('container.xml', CONTAINER_XML)
    if (this.options.version === 2) metainf.file('com.apple.ibooks.display-options.xml', IBOOKS_OPTIONS)
    const book = { ...this.options, id: this.uuid, images: this.images, cover: this.cover, content: this.content }
    oebps.file('content.opf', render(this.options.contentOPF, book))
    oebps.file('toc.ncx', render(this.options.tocNCX, book))
    oebps.file('toc.xhtml', render(this.options.tocXHTML, book))
  }

  /** Write the images from memory instead of downloading them. */
  protected override async downloadAllImages(): Promise<void> {
    // No images, no folder: epubcheck warns about an empty directory (PKG-014).
    if (!this.images.length) return
    const folder = this.zip.folder('OEBPS')!.folder('images')!
    // PNG, JPEG, GIF and WebP are compressed already: deflating them again costs time and saves nothing.
    for (const image of this.images)
      folder.file(
        `${image.id}.${image.extension}`,
        this.sources.images.get(image.url)!.data,
        image.mediaType === 'image/svg+xml' ? {} : { compression: 'STORE' },
      )
  }

  /**
   * The zip: `mimetype` first and stored (the library adds it first, uncompressed), raster images
   * stored, everything else deflated, every entry dated `date` (OCF §4.3, https://www.w3.org/publishing/epub32/epub-ocf.html#sec-zip-container-zipreqs).
   * JSZip writes the date's UTC fields, so the bytes do not depend on the machine's time zone.
   */
  async toBytes(date: Date): Promise<Uint8Array> {
    await this.render()
    for (const entry of Object.values(this.zip.files)) entry.date = date
    // Level 6, not the library's 9: 3.7 against 5.2 ms a book on the bench's books, for one byte more;
    // and by Node's zlib (see zlib-deflate.ts). JSZip's types know only its own two methods.
    return this.zip.generateAsync({
      type: 'uint8array',
      mimeType: 'application/epub+zip',
      compression: ZLIB_DEFLATE as 'DEFLATE',
      compressionOptions: { level: 6 },
    })
  }
}

/** Put each formula's MathML where its placeholder stands (written `<span …/>` by the library). */
function insertMathml(xhtml: string, mathml: string[]): string {
  if (!mathml.length) return xhtml
  return xhtml.replace(
    /<span class="galley-math-(\d+)"\s*(?:\/>|><\/span>)/g,
    (placeholder, n: string) => mathml[Number(n) - 1] ?? placeholder,
  )
}

/**
 * The library's XML serialiser writes every non-ASCII character as a numeric reference (`&#x41A;`):
 * valid, but eight bytes for one CJK character and unsearchable source. Write them as UTF-8 again.
 * Only references to characters XML allows literally are decoded; `&amp;` and its kin stay.
 */
export function readableCharacters(xhtml: string): string {
  return xhtml.replace(/&#x([\da-f]+);/gi, (reference, hex: string) => {
    const code = parseInt(hex, 16)
    const allowed =
      (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
    return allowed ? String.fromCodePoint(code) : reference
  })
}
