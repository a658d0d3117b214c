// JSZip's internal CommonJS files, which zlib-deflate.ts extends; typed where they are used.
declare module 'jszip/lib/compressions.js' {
  const compressions: unknown
  export default compressions
}
declare module 'jszip/lib/stream/GenericWorker.js' {
  const GenericWorker: unknown
  export default GenericWorker
}
declare module 'jszip/lib/utils.js' {
  const utils: unknown
  export default utils
}
