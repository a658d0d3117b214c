/**
 * Soft hyphens from Liang's patterns (npm `hyphen`), chosen by the article's language and loaded
 * once per process. Languages without patterns are left as they are.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
type Hyphenator = (text: string) => string
const hyphenators = new Map<string, Hyphenator | null>()

// Words shorter than this are never split: a broken short word reads worse than a loose line.
const MIN_WORD_LENGTH = 6

/** A function that inserts U+00AD where `lang` (BCP 47) allows a break, or null without patterns. */
export function hyphenatorFor(lang: string): Hyphenator | null {
  const key = lang.toLowerCase()
  if (hyphenators.has(key)) return hyphenators.get(key)!
  const hyphenator = load(key)
  hyphenators.set(key, hyphenator)
  return hyphenator
}

// Tokens remembered per language before the memo starts again: a few megabytes at most.
const MEMO_LIMIT = 50_000

/**
 * `hyphenate`, a whitespace-separated token at a time, each remembered. The library reads text a
 * character pair at a time through a chain of closures, which cost about 3 ms an article; most of
 * an article's words were seen before. A token is hyphenated alone as it is in its text: the library
 * ends a word at whitespace and at the end of the text alike. Text with a `<` is passed whole: the
 * library leaves what looks like a markup tag alone, attributes and all, across tokens.
 */
function byToken(hyphenate: Hyphenator): Hyphenator {
  const memo = new Map<string, string>()
  const token = (word: string) => {
    if (word.length < MIN_WORD_LENGTH) return word
    let done = memo.get(word)
    if (done === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear()
      memo.set(word, (done = hyphenate(word)))
    }
    return done
  }
  return (text) => (text.includes('<') ? hyphenate(text) : text.replace(/\S+/g, token))
}

function load(lang: string): Hyphenator | null {
  const primary = lang.split('-')[0]!
  const candidates = [lang, primary === 'en' ? 'en-us' : primary, primary === 'de' ? 'de-1996' : primary]
  const createHyphenator = require('hyphen') as (patterns: unknown, options: object) => (text: string) => string
  for (const name of candidates) {
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name)) continue
    try {
      const patterns = require(`hyphen/patterns/${name}.js`) as unknown
      const hyphenate = createHyphenator(patterns, { minWordLength: MIN_WORD_LENGTH })
      return byToken(hyphenate)
    } catch {
      // No patterns under this name: try the next.
    }
  }
  return null
}
