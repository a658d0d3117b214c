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

function load(lang: string): Hyphenator | null {
  const primary = lang.split('-')[0]!
  const candidates = [lang, primary === 'en' ? 'en-us' : primary, primary === 'de' ? 'de-1996' : primary]
  const createHyphenator = require('hyphen') as (patterns: unknown, options: object) => (text: string) => string
  for (const name of candidates) {
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name)) continue
    try {
      const patterns = require(`hyphen/patterns/${name}.js`) as unknown
      const hyphenate = createHyphenator(patterns, { minWordLength: MIN_WORD_LENGTH })
      return (text) => hyphenate(text)
    } catch {
      // No patterns under this name: try the next.
    }
  }
  return null
}
