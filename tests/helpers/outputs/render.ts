/**
 * Render one article to all four formats in this process, the way a build does (the card drawn once
 * and kept as SVG too, the EPUB's cover from it, the page linking the other files with their sizes),
 * with a fixed build date so the outputs are the same on every machine and every day.
 */
import { readFile } from 'node:fs/promises'
import { loadTemplate, RENDERERS } from '../../../pipeline/render/index.ts'
import { type CardSvg, type OgTemplate, renderOgSvg } from '../../../pipeline/render/og.ts'
import { rasterize } from '../../../pipeline/render/og/rasterize.ts'
import { parseArticle } from '../../../pipeline/source/parse-article.ts'
import type { Article, Format, SiblingFile, SiteConfig } from '../../../pipeline/types.ts'
import { testConfig } from '../articles.ts'

/** `SOURCE_DATE_EPOCH` of every render here: 2025-01-01T00:00:00Z. */
export const BUILD_EPOCH = 1_735_689_600

/** An article in every format. */
export interface RenderedArticle {
  source: string
  article: Article
  /** The page as written (`index.html`). */
  html: string
  card: CardSvg
  /** The card as written (`og.png`): the SVG above, rasterised. */
  cardPng: Uint8Array
  pdf: Uint8Array
  epub: Uint8Array
}

/**
 * Parse `source` (relative to the working folder) and render it; undefined when it is not an article
 * (a fatal message, or a draft). A renderer that fails throws: these are articles that must render.
 */
export async function renderArticle(
  source: string,
  config: SiteConfig = testConfig,
): Promise<RenderedArticle | undefined> {
  const { article } = await parseArticle(source, await readFile(source), {
    config,
    lint: false,
    sourceDateEpoch: BUILD_EPOCH,
  })
  if (!article) return undefined
  const template = <T>(format: Format) => loadTemplate<T>(format, config)
  const artifacts = new Map<Format, Uint8Array>()
  const render = async (format: Format, siblings?: Map<Format, SiblingFile>) => {
    const bytes = await RENDERERS[format]!.render({
      ...article,
      template: await template(format),
      artifacts,
      ...(siblings ? { siblings } : {}),
    })
    artifacts.set(format, bytes)
    return bytes
  }
  // The card as renderOg draws it, with the SVG kept: renderOg is rasterize(renderOgSvg(ctx)).
  const card = await renderOgSvg({ ...article, template: await template<OgTemplate>('og') })
  const cardPng = rasterize(card.svg)
  artifacts.set('og', cardPng)
  const pdf = await render('pdf')
  const epub = await render('epub')
  const siblings = new Map<Format, SiblingFile>()
  for (const format of RENDERERS.html!.links ?? [])
    siblings.set(format, {
      fileName: RENDERERS[format]!.fileName(article.metadata.slug),
      bytes: artifacts.get(format)!.byteLength,
    })
  const html = new TextDecoder().decode(await render('html', siblings))
  return { source, article, html, card, cardPng, pdf, epub }
}
