/**
 * The default theme: the colours every format draws with when the config's `theme` sets none of
 * them (each colour can be set on its own). The page's CSS variables, the card, the PDF and the
 * EPUB's stylesheet all read the resolved theme, so edit the defaults here and nowhere else.
 */
import type { Theme } from '../../pipeline/types.ts'

export const defaultTheme: Theme = {
  text: '#1a1a1a',
  background: '#fffdf8',
  accent: '#b3261e',
  muted: '#5f5f5f',
}
