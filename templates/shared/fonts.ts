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

/** A fallback family and the ISO 15924 scripts it is there for (`Deva`, `Hans`, …). */
export interface FallbackFamily extends FontFamily {
  scripts: string[]
}

const fallback = (name: string, pkg: string, file: string, scripts: string[]): FallbackFamily => ({
  name,
  scripts,
  files: {
    regular: expo(pkg, '400Regular', `${file}_400Regular.ttf`),
    bold: expo(pkg, '700Bold', `${file}_700Bold.ttf`),
  },
})

/**
 * Faces for characters the main faces lack. Each character takes the first family whose cmap has
 * it, in the order `fallbackOrder` gives for the article's language; a family is read only when a
 * character may need it, and embedded only when one does. CJK faces are 5-10 MB each.
 */
export const fallbacks = {
  arabic: fallback('Noto Sans Arabic', 'noto-sans-arabic', 'NotoSansArabic', ['Arab']),
  hebrew: fallback('Noto Sans Hebrew', 'noto-sans-hebrew', 'NotoSansHebrew', ['Hebr']),
  thai: fallback('Noto Sans Thai', 'noto-sans-thai', 'NotoSansThai', ['Thai']),
  devanagari: fallback('Noto Sans Devanagari', 'noto-sans-devanagari', 'NotoSansDevanagari', ['Deva']),
  bengali: fallback('Noto Sans Bengali', 'noto-sans-bengali', 'NotoSansBengali', ['Beng']),
  tamil: fallback('Noto Sans Tamil', 'noto-sans-tamil', 'NotoSansTamil', ['Taml']),
  armenian: fallback('Noto Sans Armenian', 'noto-sans-armenian', 'NotoSansArmenian', ['Armn']),
  georgian: fallback('Noto Sans Georgian', 'noto-sans-georgian', 'NotoSansGeorgian', ['Geor']),
  ethiopic: fallback('Noto Sans Ethiopic', 'noto-sans-ethiopic', 'NotoSansEthiopic', ['Ethi']),
  japanese: fallback('Noto Sans JP', 'noto-sans-jp', 'NotoSansJP', ['Jpan', 'Hira', 'Kana', 'Hani']),
  simplifiedChinese: fallback('Noto Sans SC', 'noto-sans-sc', 'NotoSansSC', ['Hans', 'Hani', 'Bopo']),
  traditionalChinese: fallback('Noto Sans TC', 'noto-sans-tc', 'NotoSansTC', ['Hant', 'Hani', 'Bopo']),
  korean: fallback('Noto Sans KR', 'noto-sans-kr', 'NotoSansKR', ['Kore', 'Hang', 'Hani']),
} satisfies Record<string, FallbackFamily>

export type FallbackName = keyof typeof fallbacks

/**
 * The order CJK faces are tried in, by the script of the article's language: the same code point
 * takes Japanese, Simplified, Traditional or Korean forms (直, 骨, 令 differ), so a Japanese
 * article prefers the Japanese face and a Traditional Chinese one the TC face.
 */
export const cjkOrder: Record<'Jpan' | 'Hans' | 'Hant' | 'Kore', FallbackName[]> = {
  Jpan: ['japanese', 'simplifiedChinese', 'traditionalChinese', 'korean'],
  Hans: ['simplifiedChinese', 'traditionalChinese', 'japanese', 'korean'],
  Hant: ['traditionalChinese', 'simplifiedChinese', 'japanese', 'korean'],
  Kore: ['korean', 'simplifiedChinese', 'japanese', 'traditionalChinese'],
}

/** Emoji are drawn from Twemoji's SVGs (file name: code points in hex joined by `-`). */
export const emojiSvgDir = '@twemoji/svg'
