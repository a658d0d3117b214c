/**
 * The card's size and text boxes: the one place the card's dimensions are set. The renderer draws
 * at this size and fits the texts to these boxes, and the metadata step gives every format the size
 * (the page's `og:image:width` and `og:image:height`, the feeds' `media:content`). A copied template
 * that changes `width` and `height` gets cards of its size, announced as such.
 */
import type { CardLayout } from '../../pipeline/render/og/template.ts'

/** Canvas: Open Graph's recommended 1.91:1. */
const WIDTH = 1200
const HEIGHT = 630
export const PADDING_X = 64
export const PADDING_Y = 56
/** The accent bar along the card's start edge. */
export const BAR = 14
/** The measure every text box shares: the canvas less its padding and the accent bar. */
export const CONTENT_WIDTH = WIDTH - 2 * PADDING_X - BAR
export const TITLE_LINE_HEIGHT = 1.1
export const BYLINE_SIZE = 24

/** Sizes of the card and its fitted text boxes. */
export const layout: CardLayout = {
  width: WIDTH,
  height: HEIGHT,
  // Each step fits the box above the description: lines × size × line height ≤ about 270 px.
  title: {
    width: CONTENT_WIDTH,
    weight: 700,
    steps: [
      { fontSize: 80, maxLines: 3 },
      { fontSize: 68, maxLines: 3 },
      { fontSize: 58, maxLines: 4 },
      { fontSize: 48, maxLines: 5 },
    ],
  },
  description: { width: CONTENT_WIDTH, weight: 400, fontSize: 28, maxLines: 2 },
}
