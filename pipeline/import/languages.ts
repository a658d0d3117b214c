/**
 * Language names as category lines carry them ("English", "Français") → BCP 47 tags, using the
 * platform's own language names in English and in each language itself.
 */

// The languages newsrooms most often label; names come from Intl, not from a table here.
const CODES = [
  'ar',
  'bg',
  'bn',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fa',
  'fi',
  'fr',
  'he',
  'hi',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ka',
  'ko',
  'lt',
  'lv',
  'ms',
  'nl',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr',
  'sv',
  'sw',
  'th',
  'tr',
  'uk',
  'ur',
  'vi',
  'zh',
]

let names: Map<string, string> | undefined

/** The BCP 47 tag for a language name such as `English` or `Deutsch`, if it is one. */
export function languageFromName(name: string): string | undefined {
  if (!names) {
    names = new Map()
    const english = new Intl.DisplayNames(['en'], { type: 'language' })
    for (const code of CODES) {
      names.set(english.of(code)!.toLowerCase(), code)
      names.set(new Intl.DisplayNames([code], { type: 'language' }).of(code)!.toLowerCase(), code)
    }
  }
  return names.get(name.trim().toLowerCase())
}
