/**
 * Whether pdfkit can embed an image without failing where no one can catch it. pdfkit decodes a PNG
 * with transparency in a zlib callback that throws (png-js), which ends the whole process; a PNG
 * without it is copied into the PDF as it is, so a damaged one gives a PDF no reader can show.
 * Inflating the image data first (streamed, so a huge image needs no memory) catches both.
 * PNG chunk layout: https://www.w3.org/TR/png/#5Chunk-layout
 */
import { createInflate } from 'node:zlib'

/** Whether `data` (of `mediaType`) has image data pdfkit can decode; only PNG is checked here. */
export async function imageDataReadable(data: Uint8Array, mediaType: string): Promise<boolean> {
  if (mediaType !== 'image/png') return true
  const idat = pngImageData(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  if (!idat.length) return false
  return new Promise((resolve) => {
    const inflate = createInflate()
    inflate.on('data', () => {})
    inflate.on('end', () => resolve(true))
    inflate.on('error', () => resolve(false))
    for (const part of idat) inflate.write(part)
    inflate.end()
  })
}

/** The IDAT chunks of a PNG file, in order (empty when its chunks are cut short). */
function pngImageData(bytes: Buffer): Buffer[] {
  const parts: Buffer[] = []
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    if (at + 12 + length > bytes.length) return []
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length))
    if (type === 'IEND') break
    at += 12 + length
  }
  return parts
}
