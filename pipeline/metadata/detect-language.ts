/**
 * The article's language: the front matter's `lang` when it names a known language, else detected
 * from the prose with franc (trigram models from the words collective, ISO 639-3 codes) and mapped
 * to a canonical BCP 47 tag through Intl (`arb` → `ar`, `cmn` → `zh`, `pes` → `fa`); Chinese gets
 * its script (`zh-Hans`, `zh-Hant`) from the characters used. A declared `lang` the text disagrees
 * with is a lint warning.
 */
import { francAll } from 'franc'
import { fillerShare } from '../lint/placeholder.ts'
import { data as francData } from 'franc/data.js'
import { expressions as francExpressions } from 'franc/expressions.js'
import type { Root } from 'mdast'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { isFrontMatterNode } from '../source/front-matter-kinds.ts'

/** Where the article's language came from. */
export type LanguageSource = 'front-matter' | 'detected' | 'default'

export interface ResolvedLanguage {
  lang: string
  source: LanguageSource
}

/** Share of lorem ipsum words above which a block is filler, not prose. */
const MAX_FILLER = 0.3
/** Shortest sample franc is asked about; below it the text says too little. */
const MIN_SAMPLE = 40
/** franc reads at most 2,048 characters: a sample drawn from the whole article, not only its start. */
const SAMPLE_LENGTH = 2048
/** Normalised franc score (best = 1) at which a declared language still counts as agreeing with the text. */
const AGREEING_SCORE = 0.9

const displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })

/** The English name of a language tag, or undefined when Intl knows no such language. */
export function languageName(tag: string): string | undefined {
  try {
    const language = new Intl.Locale(tag).language
    const name = displayNames.of(language)
    return name && name !== language ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * Decide the article's language. `declared` is the front matter's canonical tag, if any; an
 * unknown one is a warning naming it, then detection. `lint` adds the disagreement warning.
 */
export function resolveLanguage(
  tree: Root,
  declared: string | undefined,
  fallback: string,
  file: VFile,
  options: { lint?: boolean; place?: { line: number; column: number } } = {},
): ResolvedLanguage {
  const sample = proseSample(tree)
  if (declared && !languageName(declared)) {
    file.message(
      `Expected a known language in \`lang\`, found \`${declared}\`; the language is detected from the text instead`,
      { ...(options.place ? { place: options.place } : {}), ruleId: 'unknown-lang', source: 'galley:metadata' },
    )
    declared = undefined
  }
  if (declared) {
    if (options.lint !== false) checkDeclared(sample, declared, file, options.place)
    return { lang: declared, source: 'front-matter' }
  }
  const detected = detectLanguage(sample)
  return detected ? { lang: detected, source: 'detected' } : { lang: fallback, source: 'default' }
}

/** The BCP 47 tag of the language `text` is written in, or undefined when it is too short to tell. */
export function detectLanguage(text: string): string | undefined {
  const ranked = rank(text)
  const best = ranked[0]
  if (!best || best[0] === 'und') return undefined
  return toBcp47(best[0], text)
}

/** franc's ranking with the scripts it mixes up settled first (kana and Hangul beside Han). */
function rank(text: string): Array<[string, number]> {
  if ([...text.replace(/[\s\p{P}\p{N}]/gu, '')].length < MIN_SAMPLE / 4) return []
  if (text.length < MIN_SAMPLE && !/[^\p{Script=Latin}\s\p{P}\p{N}]/u.test(text)) return []
  // Japanese writes most words in kanji; franc picks the script with the most characters, so Han wins.
  const kana = count(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu)
  const han = count(text, /\p{Script=Han}/gu)
  const hangul = count(text, /\p{Script=Hangul}/gu)
  if (hangul > (han + kana) / 2 && hangul >= 5) return [['kor', 1]]
  if (kana >= 5 && kana >= han * 0.1) return [['jpn', 1]]
  const ranked = francAll(withoutLatinAsides(text, han), { minLength: 10, only: KNOWN }) as Array<[string, number]>
  return settleCyrillic(text, ranked)
}

// Letters only one of the Cyrillic languages franc confuses uses (Russian ы э ъ, Ukrainian і ї є ґ, Belarusian ў).
const CYRILLIC_LETTERS: Array<[string, RegExp]> = [
  ['rus', /[ыэъё]/iu],
  ['ukr', /[іїєґ]/iu],
  ['bel', /[ўі]/iu],
]

/**
 * On a paragraph or two franc often ranks Russian below Ukrainian or Bulgarian; the alphabet settles
 * it: the best-ranked language among those whose own letters the text uses comes first.
 */
function settleCyrillic(text: string, ranked: Array<[string, number]>): Array<[string, number]> {
  const best = ranked[0]?.[0]
  if (!best || !['rus', 'ukr', 'bel', 'bul', 'mkd', 'srp'].includes(best)) return ranked
  const own = CYRILLIC_LETTERS.filter(([, letters]) => letters.test(text)).map(([code]) => code)
  // Ukrainian і with Russian ы: a mixed text, left to franc.
  if (own.length !== 1 && !(own.length === 2 && own.includes('bel') && own.includes('ukr'))) return ranked
  const preferred = ranked.find(([code]) => own.includes(code))
  return preferred ? [preferred, ...ranked.filter((entry) => entry !== preferred)] : ranked
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

/**
 * Technical prose in Chinese, Arabic or Hindi names its tools in Latin letters (React, npm, VS
 * Code), and franc decides the script by counting characters: take the Latin words out when
 * another script carries the text (a Han character stands for a word, Latin words average about
 * five letters).
 */
function withoutLatinAsides(text: string, han: number): string {
  const latin = count(text, /\p{Script=Latin}/gu)
  const other = count(text, /[^\p{Script=Latin}\p{Script=Han}\p{Script=Common}\p{Script=Inherited}]/gu)
  if (han * 3 + other >= latin * 0.5 && han + other > 0) return text.replace(/[\p{Script=Latin}\d_]+/gu, ' ')
  return text
}

/** franc's languages that Intl has locale data for: the rest are rarely published and easily confused (Scots for English). */
const KNOWN = knownToIntl([
  ...Object.keys(francExpressions),
  ...Object.values(francData).flatMap((languages) => Object.keys(languages)),
])

/** The codes whose canonical tag Intl has locale data for, asked in one call (one a code took 15 ms). */
function knownToIntl(codes: string[]): string[] {
  const canonical = new Map<string, string>()
  for (const code of codes) {
    try {
      canonical.set(code, Intl.getCanonicalLocales(code)[0]!)
    } catch {
      // Not a tag Intl reads.
    }
  }
  const supported = new Set(Intl.DateTimeFormat.supportedLocalesOf([...new Set(canonical.values())]))
  return codes.filter((code) => supported.has(canonical.get(code)!))
}

/** ISO 639-3 → canonical BCP 47 (Intl knows the overlong and macrolanguage aliases). */
function toBcp47(code: string, text: string): string | undefined {
  let tag: string
  try {
    tag = Intl.getCanonicalLocales(code)[0]!
  } catch {
    return undefined
  }
  if (tag === 'zh') return `zh-${chineseScript(text)}`
  // Trigrams cannot tell regional varieties apart (Dari is canonicalised to `fa-AF`): keep the language.
  return new Intl.Locale(tag).language
}

// Common characters written differently in Simplified and Traditional Chinese (pairs in the same order).
const SIMPLIFIED = '这个们说国来时会为对发经过还后进开关东样与么义现实点动问题学体电话长当从认应该组书见'
const TRADITIONAL = '這個們說國來時會為對發經過還後進開關東樣與麼義現實點動問題學體電話長當從認應該組書見'

/** `Hant` when the text uses more Traditional-only forms than Simplified-only ones, else `Hans`. */
export function chineseScript(text: string): 'Hans' | 'Hant' {
  let simplified = 0
  let traditional = 0
  const simplifiedSet = new Set(SIMPLIFIED)
  const traditionalSet = new Set(TRADITIONAL)
  for (const character of text) {
    if (simplifiedSet.has(character) && !traditionalSet.has(character)) simplified++
    else if (traditionalSet.has(character) && !simplifiedSet.has(character)) traditional++
  }
  return traditional > simplified ? 'Hant' : 'Hans'
}

/** Warn when the text reads clearly as another language than the declared one. */
function checkDeclared(
  sample: string,
  declared: string,
  file: VFile,
  place: { line: number; column: number } | undefined,
): void {
  const ranked = rank(sample)
  const best = ranked[0]
  if (!best || best[0] === 'und') return
  const detected = toBcp47(best[0], sample)
  if (!detected || sameLanguage(detected, declared)) return
  // Close relatives (Scots and English, Malay and Indonesian) score near the best: only a clear lead counts.
  const declaredScore = ranked.find(([code]) => {
    const tag = toBcp47(code, sample)
    return tag !== undefined && sameLanguage(tag, declared)
  })?.[1]
  if (declaredScore !== undefined && declaredScore >= AGREEING_SCORE) return
  file.message(
    `Expected the text to be in the declared language \`${declared}\` (${languageName(declared)}), found text that reads as \`${detected}\` (${languageName(detected)}); check \`lang\``,
    { ...(place ? { place } : {}), ruleId: 'lang-mismatch', source: 'galley:lint' },
  )
}

/** Whether two tags name the same language (`zh-Hant` and `zh-TW` do; `zh-Hans` and `zh-Hant` do not). */
function sameLanguage(a: string, b: string): boolean {
  const first = new Intl.Locale(a).maximize()
  const second = new Intl.Locale(b).maximize()
  return first.language === second.language && first.script === second.script
}

/**
 * The prose of the article for detection: paragraphs, headings, list items and quotes, without
 * code, raw HTML or front matter, spread over the article when it is longer than franc reads.
 */
export function proseSample(tree: Root): string {
  const blocks: string[] = []
  visit(tree, (node) => {
    if (node.type === 'code' || node.type === 'html' || isFrontMatterNode(node)) return SKIP
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const parts: string[] = []
      visit(node, (inner) => {
        if (inner.type === 'inlineCode' || inner.type === 'html') return SKIP
        // URLs and link targets are Latin whatever the language: only the text of links counts.
        if (inner.type === 'text') parts.push(inner.value.replace(/\bhttps?:\/\/\S+/g, ''))
        return undefined
      })
      const text = parts.join('').replace(/\s+/g, ' ').trim()
      // Lorem ipsum reads as French or Italian to franc (it has no Latin): filler says nothing.
      if (text && fillerShare(text) < MAX_FILLER) blocks.push(text)
      return SKIP
    }
    return undefined
  })
  const whole = blocks.join(' ')
  if (whole.length <= SAMPLE_LENGTH) return whole
  // Every n-th block until the sample is full, so one English code comment at the start decides nothing.
  const step = Math.max(1, Math.floor(whole.length / SAMPLE_LENGTH))
  let sample = ''
  for (let index = 0; index < blocks.length && sample.length < SAMPLE_LENGTH; index += step)
    sample += `${blocks[index]} `
  return sample.slice(0, SAMPLE_LENGTH)
}

/** Where a front matter field's line starts in the source (`lang: …`), for messages about its value. */
export function fieldPlace(file: VFile, field: string): { line: number; column: number } | undefined {
  const match = new RegExp(`^\\s*["']?${field}["']?\\s*[:=]\\s*`, 'm').exec(String(file.value))
  if (!match) return undefined
  const before = String(file.value).slice(0, match.index + match[0].length)
  const lines = before.split('\n')
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

declare module 'vfile' {
  interface DataMap {
    /** The article's language once decided, for steps that run before the metadata (smart quotes). */
    lang: string
  }
}
