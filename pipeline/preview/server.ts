/**
 * `galley preview`'s server: the output folder as a site on the loopback interface, the preview pages
 * under `/__galley/`, pdf.js from the project's own node_modules, the EPUB's files read from inside the
 * book, and server-sent events that tell open pages to reload after a rebuild. Nothing leaves the
 * machine.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import JSZip from 'jszip'
import { UsageError } from '../errors.ts'
import { articlePage, indexPage, type PreviewArticle } from './pages.ts'

export interface PreviewServer {
  /** The preview's address, e.g. `http://127.0.0.1:5173/__galley/`. */
  url: string
  /** Tell open pages that these articles were rebuilt (all of them when the list is empty). */
  notify(slugs: string[]): void
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
  '.ncx': 'application/x-dtbncx+xml',
  '.opf': 'application/oebps-package+xml',
}

const PDFJS = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))

/** Serve `outDir` on `host:port` (port 0: any free one). A port in use is a usage error naming it. */
export async function startPreviewServer(options: {
  outDir: string
  port: number
  host?: string
}): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1'
  const clients = new Set<ServerResponse>()
  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      response.end(`galley preview: ${error.message}\n`)
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://preview.invalid')
    const route = decodeURIComponent(url.pathname)
    if (route === '/__galley/events') return events(response)
    if (route === '/__galley/' || route === '/__galley') return send(response, '.html', indexPage(articles()))
    const article = /^\/__galley\/article\/([^/]+)\/$/.exec(route)
    if (article) {
      const found = articles().find((entry) => entry.slug === article[1])
      if (!found) return notFound(response, route)
      return send(response, '.html', articlePage(found))
    }
    if (route.startsWith('/__galley/pdfjs/'))
      return sendFile(response, inside(path.join(PDFJS, 'build'), route.slice('/__galley/pdfjs'.length)))
    const book = /^\/__galley\/epub\/([^/]+)\/(.+)$/.exec(route)
    if (book) return sendFromEpub(response, book[1]!, book[2]!)
    const file = inside(options.outDir, route)
    const info = file ? statSync(file, { throwIfNoEntry: false }) : undefined
    if (info?.isDirectory()) {
      if (!route.endsWith('/')) {
        response.writeHead(301, { location: `${url.pathname}/` })
        return void response.end()
      }
      return sendFile(response, path.join(file!, 'index.html'))
    }
    return sendFile(response, file)
  }

  function articles(): PreviewArticle[] {
    try {
      const manifest = JSON.parse(readFileSync(path.join(options.outDir, 'manifest.json'), 'utf8')) as {
        articles: Array<{
          slug: string | null
          source: string
          metadata: { title: string } | null
          artifacts: Record<string, { path: string; bytes: number }>
        }>
      }
      return manifest.articles.flatMap((entry) =>
        entry.slug && entry.metadata
          ? [{ slug: entry.slug, title: entry.metadata.title, source: entry.source, files: entry.artifacts }]
          : [],
      )
    } catch {
      return []
    }
  }

  function events(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    response.write('retry: 500\n\n')
    clients.add(response)
    response.on('close', () => clients.delete(response))
  }

  async function sendFromEpub(response: ServerResponse, slug: string, entry: string): Promise<void> {
    const found = articles().find((article) => article.slug === slug)
    const epub = found?.files.epub && inside(options.outDir, `/${found.files.epub.path}`)
    if (!epub) return notFound(response, entry)
    const zip = await JSZip.loadAsync(await readFile(epub))
    if (entry === 'chapter') {
      // The book's longest content document: the article itself, not its cover or title page.
      const chapters = Object.values(zip.files).filter(
        (file) => /\.xhtml$/.test(file.name) && !/toc|nav/.test(file.name),
      )
      const sizes = await Promise.all(chapters.map(async (file) => (await file.async('uint8array')).byteLength))
      const longest = chapters[sizes.indexOf(Math.max(...sizes))]
      if (!longest) return notFound(response, entry)
      response.writeHead(302, { location: `/__galley/epub/${encodeURIComponent(slug)}/${encodeURI(longest.name)}` })
      return void response.end()
    }
    const file = zip.file(entry)
    if (!file) return notFound(response, entry)
    send(response, path.extname(entry), Buffer.from(await file.async('uint8array')))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(`Port ${options.port} on ${host} is in use: give another with --port, or 0 for any free one`)
          : error,
      ),
    )
    server.listen(options.port, host, resolve)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    url: `http://${host}:${port}/__galley/`,
    notify(slugs) {
      const data = JSON.stringify({ rebuilt: slugs })
      for (const client of clients) client.write(`data: ${data}\n\n`)
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of clients) client.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** `route` inside `root`, or undefined when it would leave it. */
function inside(root: string, route: string): string | undefined {
  const file = path.resolve(root, `.${route}`)
  return file === root || file.startsWith(root + path.sep) ? file : undefined
}

function send(response: ServerResponse, extension: string, body: string | Buffer): void {
  response.writeHead(200, {
    'content-type': TYPES[extension] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  })
  response.end(body)
}

function sendFile(response: ServerResponse, file: string | undefined): void {
  const info = file ? statSync(file, { throwIfNoEntry: false }) : undefined
  if (!file || !info?.isFile()) {
    notFound(response, file ?? '')
    return
  }
  response.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
  })
  createReadStream(file).pipe(response)
}

function notFound(response: ServerResponse, what: string): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
  response.end(`Not found: ${path.basename(what)}\n`)
}
