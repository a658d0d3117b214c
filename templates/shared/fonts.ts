/**
 * Which font files Galley draws with, shared by the social card and the PDF. Every file comes from
 * an npm package (whole TTFs from @expo-google-fonts, SIL Open Font License), never from the system
 * or the network. Edit the families here to change the typefaces of every format at once.
 */

/** A style of a family: weight and italic. */
export type FontStyle = 'regular' | 'italic' | 'bold' | 'boldItalic'

/** The faces each role uses, as package-relative paths. */
export interface FontFamily {
  name: string
  files: Partial<Record<FontStyle, string>> & { regular: string }
}

const expo = (pkg: string, weight: string, file: string) => `@expo-google-fonts/${pkg}/${weight}/${file}`

/** Body text: Latin, Latin Extended, Cyrillic and Greek. */
export const serif: FontFamily = {
  name: 'Noto Serif',
  files: {
    regular: expo('noto-serif', '400Regular', 'NotoSerif_400Regular.ttf'),
    italic: expo('noto-serif', '400Regular_Italic', 'NotoSerif_400Regular_Italic.ttf'),
    bold: expo('noto-serif', '700Bold', 'NotoSerif_700Bold.ttf'),
    boldItalic: expo('noto-serif', '700Bold_Italic', 'NotoSerif_700Bold_Italic.ttf'),
  },
}

/** Headings, furniture and the card: Latin, Latin Extended, Cyrillic and Greek. */
export const sans: FontFamily = {
  name: 'Noto Sans',
  files: {
    regular: expo('noto-sans', '400Regular', 'NotoSans_400Regular.ttf'),
    italic: expo('noto-sans', '400Regular_Italic', 'NotoSans_400Regular_Italic.ttf'),
    bold: expo('noto-sans', '700Bold', 'NotoSans_700Bold.ttf'),
    boldItalic: expo('noto-sans', '700Bold_Italic', 'NotoSans_700Bold_Italic.ttf'),
  },
}

/** Code. */
export const mono: FontFamily = {
  name: 'Noto Sans Mono',
  files: {
    regular: expo('noto-sans-mono', '400Regular', 'NotoSansMono_400Regular.ttf'),
    bold: expo('noto-sans-mono', '700Bold', 'NotoSansMono_700Bold.ttf'),
  },
}

/**
 * Fallbacks by script, tried in this order for any character the main face lacks. CJK faces are
 * ~10 MB each: load them only when an article needs them.
 */
export const fallbacks: Record<'arabic' | 'hebrew' | 'cjk' | 'korean', FontFamily> = {
  arabic: {
    name: 'Noto Sans Arabic',
    files: {
      regular: expo('noto-sans-arabic', '400Regular', 'NotoSansArabic_400Regular.ttf'),
      bold: expo('noto-sans-arabic', '700Bold', 'NotoSansArabic_700Bold.ttf'),
    },
  },
  hebrew: {
    name: 'Noto Sans Hebrew',
    files: {
      regular: expo('noto-sans-hebrew', '400Regular', 'NotoSansHebrew_400Regular.ttf'),
      bold: expo('noto-sans-hebrew', '700Bold', 'NotoSansHebrew_700Bold.ttf'),
    },
  },
  cjk: {
    name: 'Noto Sans SC',
    files: {
      regular: expo('noto-sans-sc', '400Regular', 'NotoSansSC_400Regular.ttf'),
      bold: expo('noto-sans-sc', '700Bold', 'NotoSansSC_700Bold.ttf'),
    },
  },
  korean: {
    name: 'Noto Sans KR',
    files: {
      regular: expo('noto-sans-kr', '400Regular', 'NotoSansKR_400Regular.ttf'),
      bold: expo('noto-sans-kr', '700Bold', 'NotoSansKR_700Bold.ttf'),
    },
  },
}

/** Emoji are drawn from Twemoji's SVGs (file name: code points in hex joined by `-`). */
export const emojiSvgDir = '@twemoji/svg'
