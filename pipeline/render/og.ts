/**
 * The social card renderer: metadata → fitted texts → the template's satori tree → SVG → PNG.
 * Fonts for other scripts and emoji are loaded only when the card's text needs them; right-to-left
 * cards are outlined by Galley's bidi + shaping step (see `og/rtl-text.ts`).
 */
import satori from 'satori'
import type { VFile } from 'vfile'
import { hasPictograph } from '../fonts/emoji.ts'
import { labelsFor } from '../../templates/shared/labels.ts'
import type { Asset, Metadata, RenderContext } from '../types.ts'
import { cardFallbacks, cardFonts, type CardFonts, satoriFonts } from './og/card-fonts.ts'
import { assertFlexLayout, textsOf } from './og/check-tree.ts'
import { dropMasksThatRepeatClips } from './og/drop-masks.ts'
import { emojiDataUri } from './og/emoji.ts'
import { advanceMeasure, fitText } from './og/fit-text.ts'
import { rasterize } from './og/rasterize.ts'
import { needsGalleyShaping, outlineTextLines } from './og/rtl-text.ts'
import type { CardInput, OgTemplate } from './og/template.ts'

export type { OgTemplate } from './og/template.ts'

/** The drawn card before rasterising, for tests and debugging. */
export interface CardSvg {
  svg: string
  width: number
  height: number
  /** Whether Galley, not satori, outlined the glyphs (cards with right-to-left text or scripts that need shaping). */
  outlinedByGalley: boolean
  /** Every text the template put on the card, in tree order (the SVG holds them only as outlines). */
  texts: string[]
}

// Estimated widths ignore kerning and shaping; keep a margin so satori never wraps one line more.
const FIT_MARGIN = 0.96
const DRAWABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'])

/** What the card is drawn from: the metadata and assets, no tree (a digest issue, drawn as its cover, has none). */
export type CardContext = Omit<RenderContext<OgTemplate>, 'tree' | 'artifacts' | 'siblings'>

/** Draw the card as SVG: the same input always gives the same string. */
export async function renderOgSvg(ctx: CardContext): Promise<CardSvg> {
  const { metadata, template, file } = ctx
  const { layout } = template

  // 1. Fit the title and description with the fonts their own scripts need.
  const textFonts = cardFonts(cardFallbacks(`${metadata.title} ${metadata.description}`, metadata.lang))
  const input: CardInput = {
    metadata,
    title: fitText(metadata.title, {
      steps: layout.title.steps,
      width: layout.title.width * FIT_MARGIN,
      measure: advanceMeasure(textFonts.measuring[layout.title.weight]),
    }),
    fontFamily: textFonts.families[0]!,
    labels: labelsFor(metadata.lang),
    fitLine: (candidates, { width, fontSize, weight = 400 }) => {
      const fonts = cardFonts(cardFallbacks(candidates.join(' '), metadata.lang))
      const measure = advanceMeasure(fonts.measuring[weight])
      const fits = candidates.find((line) => measure(line, fontSize) <= width * FIT_MARGIN)
      if (fits !== undefined) return fits
      const last = candidates[candidates.length - 1] ?? ''
      return fitText(last, { steps: [{ fontSize, maxLines: 1 }], width: width * FIT_MARGIN, measure }).text
    },
  }
  if (metadata.description.trim())
    input.description = fitText(metadata.description, {
      steps: [{ fontSize: layout.description.fontSize, maxLines: layout.description.maxLines }],
      width: layout.description.width * FIT_MARGIN,
      measure: advanceMeasure(textFonts.measuring[layout.description.weight]),
    })
  const background = backgroundImage(metadata, ctx.assets, file)
  if (background) input.backgroundImage = background

  // 2. Let the template draw, check the tree, and load the fonts for everything it shows.
  const element = template.render(input)
  assertFlexLayout(element)
  const texts = textsOf(element)
  const text = texts.join(' ')
  const fonts = cardFonts(cardFallbacks(text, metadata.lang))
  reportMissingGlyphs(text, fonts, file)
  const outlinedByGalley = needsGalleyShaping(text)

  // 3. Satori draws glyph outlines, except on cards with right-to-left or complex scripts, whose lines Galley outlines itself.
  const draw = async (tree: typeof element) => {
    try {
      return await satori(tree, {
        width: layout.width,
        height: layout.height,
        fonts: satoriFonts(fonts, text),
        embedFont: !outlinedByGalley,
        loadAdditionalAsset: async (code: string, segment: string) => (code === 'emoji' ? emoji(segment, file) : []),
      })
    } catch (error) {
      throw new Error(`The og template could not be drawn by satori: ${(error as Error).message}`, { cause: error })
    }
  }
  let svg: string
  try {
    svg = await draw(element)
  } catch (error) {
    if (!input.backgroundImage) throw error
    // A damaged lead image (satori cannot decode it) costs the card its background, not the card.
    file.message(
      `Expected a lead image the social card can decode, found a damaged file (${((error as Error).cause as Error).message}); the card is drawn without it`,
      { ruleId: 'og-image-unreadable', source: 'galley:og' },
    )
    delete input.backgroundImage
    svg = await draw(template.render(input))
  }
  if (outlinedByGalley) svg = outlineTextLines(svg, (weight) => fonts.measuring[weight])
  svg = dropMasksThatRepeatClips(svg)
  return { svg, width: layout.width, height: layout.height, outlinedByGalley, texts }
}

/** Render the social card PNG (`og.png`). */
export const renderOg = async (ctx: CardContext): Promise<Uint8Array> => {
  const card = await renderOgSvg(ctx)
  return rasterize(card.svg)
}

/** The lead image as a data URI, when the article has one in a format satori draws. */
function backgroundImage(metadata: Metadata, assets: ReadonlyMap<string, Asset>, file: VFile): string | undefined {
  if (!metadata.image) return undefined
  const asset = assets.get(metadata.image.src)
  if (!asset) return undefined // already reported when the image was loaded
  if (!DRAWABLE_IMAGES.has(asset.mediaType)) {
    file.message(
      `Expected the lead image as PNG, JPEG, GIF or SVG for the social card, found \`${asset.mediaType}\`; the card is drawn without it`,
      {
        ruleId: 'og-image-format',
        source: 'galley:og',
      },
    )
    return undefined
  }
  return `data:${asset.mediaType};base64,${Buffer.from(asset.data).toString('base64')}`
}

function emoji(segment: string, file: VFile): string {
  const uri = emojiDataUri(segment)
  if (uri) return uri
  file.message(`Expected an emoji Twemoji can draw on the social card, found \`${segment}\`; it is left out`, {
    ruleId: 'og-missing-emoji',
    source: 'galley:og',
  })
  return ''
}

// Characters that draw nothing: spaces, joiners, variation selectors, bidi marks.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: one code point at a time; \p{Mn} is a class, not a mark
const INVISIBLE = /^[\s\p{Cf}\p{Mn}\uFE00-\uFE0F]$/u
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** One vfile message naming every character no loaded face has, so tofu never ships silently. */
function reportMissingGlyphs(text: string, fonts: CardFonts, file: VFile): void {
  const faces = fonts.measuring[400]
  const missing = new Set<string>()
  for (const { segment } of graphemes.segment(text)) {
    if (hasPictograph(segment)) continue
    for (const char of segment) {
      if (INVISIBLE.test(char)) continue
      const codePoint = char.codePointAt(0)!
      if (!faces.some((face) => face.hasGlyphForCodePoint(codePoint))) missing.add(char)
    }
  }
  if (!missing.size) return
  const named = [...missing]
    .map((char) => `\`${char}\` (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ')
  file.message(`Expected characters the card's fonts can draw, found ${named}; they would show as boxes`, {
    ruleId: 'og-missing-glyph',
    source: 'galley:og',
  })
}
