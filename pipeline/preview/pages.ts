/**
 * The preview's own pages: a list of the site's articles, and per article its four formats side by
 * side — the page, the card as large and cropped previews show it, the PDF drawn by pdf.js, the
 * EPUB's chapter — reloaded when a rebuild touches the article.
 */
import type { ElementContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'

export interface PreviewArticle {
  slug: string
  title: string
  source: string
  files: Record<string, { path: string; bytes: number }>
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,sans-serif;background:#eceae4;color:#1a1a1a}
header{display:flex;gap:1rem;align-items:baseline;padding:.7rem 1rem;background:#1a1a1a;color:#fff}
header a{color:#fff}header h1{font-size:1rem;margin:0}
.panes{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:1rem;padding:1rem}
section{background:#fff;border-radius:6px;padding:.8rem;min-height:12rem}
section h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;margin:0 0 .6rem;color:#555}
iframe{width:100%;height:70vh;border:1px solid #ccc;background:#fff}
.crops{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.crops figure{margin:0}.crops figcaption{font-size:.8rem;color:#555;margin-top:.3rem}
.crops img{display:block;object-fit:cover;border:1px solid #ccc;border-radius:8px}
.large{width:100%;max-width:600px;aspect-ratio:1200/630}.square{width:200px;height:200px}.small{width:120px;height:120px}
#pdf canvas{display:block;width:100%;height:auto;margin:0 0 .6rem;box-shadow:0 1px 4px #0003}
#pdf{height:70vh;overflow:auto}.missing{color:#8a1c1c}
ul.articles{list-style:none;padding:1rem;margin:0}ul.articles li{margin:.4rem 0}`

// Reload when a rebuild touches this article (an empty list: the whole site changed).
const RELOAD = (slug: string) => `
const events = new EventSource('/__galley/events')
events.onmessage = (event) => {
  const { rebuilt } = JSON.parse(event.data)
  if (rebuilt.length === 0 || rebuilt.includes(${JSON.stringify(slug)})) location.reload()
}`

// pdf.js from the project's node_modules: every page drawn to a canvas the width of the pane.
const PDF = (href: string) => `
import * as pdfjs from '/__galley/pdfjs/pdf.min.mjs'
pdfjs.GlobalWorkerOptions.workerSrc = '/__galley/pdfjs/pdf.worker.min.mjs'
const pane = document.getElementById('pdf')
const pdf = await pdfjs.getDocument(${JSON.stringify(href)}).promise
pane.dataset.pages = String(pdf.numPages)
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number)
  const viewport = page.getViewport({ scale: 1.5 })
  const canvas = document.createElement('canvas')
  canvas.width = viewport.width
  canvas.height = viewport.height
  canvas.setAttribute('aria-label', 'PDF page ' + number + ' of ' + pdf.numPages)
  pane.append(canvas)
  await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise
}
pane.dataset.rendered = 'true'`

function document(title: string, body: ElementContent[], scripts: ElementContent[] = []): string {
  const tree = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'en' }, [
      h('head', [
        h('meta', { charSet: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('title', title),
        h('style', STYLE),
      ]),
      h('body', [...body, ...scripts]),
    ]),
  ])
  return `${toHtml(tree)}\n`
}

/** The list of the site's articles, each linking its preview. */
export function indexPage(articles: PreviewArticle[]): string {
  return document('Galley preview', [
    h('header', [h('h1', 'Galley preview'), h('a', { href: '/' }, 'the site')]),
    h(
      'ul.articles',
      articles.map((article) =>
        h('li', [
          h('a', { href: `/__galley/article/${encodeURIComponent(article.slug)}/` }, article.title),
          ` — ${article.source}`,
        ]),
      ),
    ),
    h('script', RELOAD('')),
  ])
}

/** One article's four formats side by side. */
export function articlePage(article: PreviewArticle): string {
  const file = (format: string) => (article.files[format] ? `/${encodeURI(article.files[format].path)}` : undefined)
  const missing = (what: string) => h('p.missing', `No ${what} in this build.`)
  const card = file('og')
  const pdf = file('pdf')
  const crop = (name: string, label: string) =>
    h('figure', [h(`img.${name}`, { src: card, alt: `${article.title} (card, ${label})` }), h('figcaption', label)])
  return document(
    `${article.title} — Galley preview`,
    [
      h('header', [
        h('h1', article.title),
        h('a', { href: '/__galley/' }, 'all articles'),
        file('html') ? h('a', { href: file('html') }, 'open the page') : undefined,
      ]),
      h('div.panes', [
        h('section#page', [
          h('h2', 'Page'),
          file('html') ? h('iframe', { src: file('html'), title: `${article.title}: the page` }) : missing('page'),
        ]),
        h('section#card', [
          h('h2', 'Social card'),
          card
            ? h('div.crops', [
                crop('large', 'large, 1.91:1'),
                crop('square', 'square crop'),
                crop('small', 'small thumbnail'),
              ])
            : missing('card'),
        ]),
        h('section', [
          h('h2', 'PDF'),
          pdf ? h('div#pdf', { role: 'region', ariaLabel: 'PDF pages', tabIndex: 0 }) : missing('PDF'),
        ]),
        h('section#epub', [
          h('h2', 'EPUB chapter'),
          article.files.epub
            ? h('iframe', {
                src: `/__galley/epub/${encodeURIComponent(article.slug)}/chapter`,
                title: `${article.title}: the EPUB's chapter`,
              })
            : missing('EPUB'),
        ]),
      ]),
    ],
    [h('script', RELOAD(article.slug)), ...(pdf ? [h('script', { type: 'module' }, PDF(pdf))] : [])],
  )
}
