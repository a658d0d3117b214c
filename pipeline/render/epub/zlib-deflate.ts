/**
 * Deflate for the EPUB's zip done by Node's zlib rather than by pako, JSZip's own JavaScript port of
 * it: 0.8 against 1.7–2.5 ms a book on the benchmark's books, for a few bytes less. JSZip takes no
 * compressor as an option, so this adds a method to its table of compressions, written into the
 * zip as method 8 (deflate) like its own, in the copy of JSZip that epub-gen-memory loads.
 */
import { deflateRawSync } from 'node:zlib'
// The files of the one JSZip that epub-gen-memory loads too (package.json pins it and overrides
// epub-gen-memory's range, so npm installs a single copy; the command's bundle holds one).
import compressionsTable from 'jszip/lib/compressions.js'
import GenericWorkerClass from 'jszip/lib/stream/GenericWorker.js'
import jszipUtils from 'jszip/lib/utils.js'

/** What JSZip's stream workers pass along: bytes and progress information. */
interface Chunk {
  data: unknown
  meta: unknown
}

/** The parts of JSZip's `GenericWorker` (lib/stream/GenericWorker.js) a compressor uses. */
declare class GenericWorker {
  constructor(name: string)
  push(chunk: Chunk): void
  flush(): void
  cleanUp(): void
}

interface Compression {
  magic: string
  compressWorker(options: { level?: number }): GenericWorker
  uncompressWorker(): GenericWorker
}

const compressions = compressionsTable as Record<string, Compression>
const { transformTo } = jszipUtils as { transformTo(type: 'uint8array', data: unknown): Uint8Array }
const Worker = GenericWorkerClass as typeof GenericWorker

/** A file's bytes gathered as JSZip streams them, deflated in one call at the end. */
class ZlibDeflateWorker extends Worker {
  private chunks: Uint8Array[] = []
  // As JSZip's own deflate worker starts: the zip writer reads the progress of every chunk, even of
  // a file that sent none.
  private meta: unknown = {}

  constructor(private readonly level: number) {
    super('ZlibDeflateWorker')
  }

  processChunk(chunk: Chunk): void {
    this.meta = chunk.meta
    // JSZip's UTF-8 encoder hands over Node Buffers; only other types need converting (byte by byte).
    this.chunks.push(chunk.data instanceof Uint8Array ? chunk.data : transformTo('uint8array', chunk.data))
  }

  override flush(): void {
    super.flush()
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
    this.push({ data: deflateRawSync(data, { level: this.level }), meta: this.meta })
    this.chunks = []
  }

  override cleanUp(): void {
    super.cleanUp()
    this.chunks = []
  }
}

/** The name to give JSZip's `generateAsync` as `compression`. */
export const ZLIB_DEFLATE = 'ZLIB_DEFLATE'

compressions[ZLIB_DEFLATE] ??= {
  magic: compressions.DEFLATE!.magic,
  compressWorker: (options) => new ZlibDeflateWorker(options.level ?? 6),
  uncompressWorker: () => compressions.DEFLATE!.uncompressWorker(),
}
