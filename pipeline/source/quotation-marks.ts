/**
 * The quotation marks each language prints, from CLDR's `delimiters` (quotationStart/End and the
 * alternate pair for quotes inside quotes; https://cldr.unicode.org, common/main/*.xml). Intl does
 * not expose them, so the languages Galley's readers write most are listed here; others take
 * English marks. Tags are matched by language and script, then by language.
 */

/** Opening and closing marks: `primary` for "…", `alternate` for a quote inside a quote. */
export interface QuotationMarks {
  primary: [string, string]
  alternate: [string, string]
}

const ENGLISH: QuotationMarks = { primary: ['“', '”'], alternate: ['‘', '’'] }
const GUILLEMETS_LOW: QuotationMarks = { primary: ['«', '»'], alternate: ['„', '“'] }
const LOW_HIGH: QuotationMarks = { primary: ['„', '“'], alternate: ['‚', '‘'] }
const CORNER: QuotationMarks = { primary: ['「', '」'], alternate: ['『', '』'] }

const MARKS: Record<string, QuotationMarks> = {
  en: ENGLISH,
  ar: { primary: ['”', '“'], alternate: ['’', '‘'] },
  be: GUILLEMETS_LOW,
  bg: { primary: ['„', '“'], alternate: ['„', '“'] },
  cs: LOW_HIGH,
  da: ENGLISH,
  de: LOW_HIGH,
  el: { primary: ['«', '»'], alternate: ['“', '”'] },
  es: ENGLISH,
  et: LOW_HIGH,
  fa: { primary: ['«', '»'], alternate: ['‹', '›'] },
  fi: { primary: ['”', '”'], alternate: ['’', '’'] },
  fr: { primary: ['«', '»'], alternate: ['«', '»'] },
  he: { primary: ['”', '”'], alternate: ['’', '’'] },
  hr: LOW_HIGH,
  hu: { primary: ['„', '”'], alternate: ['»', '«'] },
  hy: { primary: ['«', '»'], alternate: ['«', '»'] },
  it: { primary: ['«', '»'], alternate: ['“', '”'] },
  ja: CORNER,
  ka: { primary: ['„', '“'], alternate: ['«', '»'] },
  kk: GUILLEMETS_LOW,
  lt: { primary: ['„', '“'], alternate: ['„', '“'] },
  lv: { primary: ['«', '»'], alternate: ['„', '“'] },
  nb: { primary: ['«', '»'], alternate: ['‘', '’'] },
  nl: { primary: ['‘', '’'], alternate: ['“', '”'] },
  pl: { primary: ['„', '”'], alternate: ['«', '»'] },
  pt: ENGLISH,
  ro: { primary: ['„', '”'], alternate: ['«', '»'] },
  ru: GUILLEMETS_LOW,
  sk: LOW_HIGH,
  sl: LOW_HIGH,
  sr: { primary: ['„', '“'], alternate: ['‘', '’'] },
  sv: { primary: ['”', '”'], alternate: ['’', '’'] },
  uk: GUILLEMETS_LOW,
  ur: { primary: ['”', '“'], alternate: ['’', '‘'] },
  'zh-Hant': CORNER,
}

const found = new Map<string, QuotationMarks>()

/** The quotation marks of `lang` (a BCP 47 tag); English marks for a language not listed. */
export function quotationMarks(lang: string): QuotationMarks {
  let marks = found.get(lang)
  if (!marks) {
    try {
      const locale = new Intl.Locale(lang).maximize()
      marks = MARKS[`${locale.language}-${locale.script}`] ?? MARKS[locale.language] ?? ENGLISH
    } catch {
      marks = ENGLISH
    }
    found.set(lang, marks)
  }
  return marks
}
