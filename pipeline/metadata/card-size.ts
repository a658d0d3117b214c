/**
 * The social card's size, which the og template decides (`layout.width` and `layout.height`):
 * the built-in template's without loading anything, a user's template's from the template itself,
 * so a card drawn at another size is announced at that size in every format.
 */
import { layout } from '../../templates/og/layout.ts'
import type { OgTemplate } from '../render/og/template.ts'
import { loadTemplate } from '../render/index.ts'
import type { SiteConfig } from '../types.ts'

export interface CardSize {
  width: number
  height: number
}

/** The size of the built-in card (`templates/og/layout.ts`). */
export const DEFAULT_CARD_SIZE: CardSize = { width: layout.width, height: layout.height }

/**
 * The card size of `config`'s og template (`ogVersion`: the build's version of its folder). A template that cannot be loaded gives the built-in
 * size: drawing the card reports the template's error, and no card is written.
 */
export async function cardSizeOf(config: SiteConfig, ogVersion?: string): Promise<CardSize> {
  if (!config.templates.og) return DEFAULT_CARD_SIZE
  try {
    // With the build's version of the template folder, the loaded template is taken as it is; without
    // one, the folder is listed to find it (once per article, else).
    const { width, height } = (await loadTemplate<OgTemplate>('og', config, ogVersion)).layout
    return Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0
      ? { width, height }
      : DEFAULT_CARD_SIZE
  } catch {
    return DEFAULT_CARD_SIZE
  }
}
