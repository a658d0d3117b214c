/**
 * Which fallback family draws a character the main faces lack: the first, in the order of the
 * article's language, whose cmap has it. A character of a script (by Unicode Script_Extensions,
 * so ー and 。 count as Japanese and Chinese) is only looked for in the families made for that
 * script; one that belongs to no script (★, ！) in every family. Shared by the PDF and the card.
 */
import { cjkOrder, type FallbackFamily, fallbacks } from '../../templates/shared/fonts.ts'
import { indexedCoverage } from './coverage.ts'
import { parseFontFile } from './font-files.ts'

/** A family with the test of the characters it is made for. */
interface Candidate {
  family: FallbackFamily
  made: RegExp
}

const candidates = new Map<FallbackFamily, Candidate>()
const orders = new Map<string, FallbackFamily[]>()
const coverage = new Map<FallbackFamily, Uint8Array>()
// fallbackFor's answers by order, then by `anyScript`, then by character: a CJK article asks for
// each of its thousands of characters, and each answer costs a test per family in the order.
const answers = new WeakMap<
  readonly FallbackFamily[],
  [Map<string, FallbackFamily | null>, Map<string, FallbackFamily | null>]
>()

// Characters of no script in particular: punctuation, symbols, digits, marks used by every script.
const NO_SCRIPT = /^[\p{scx=Zyyy}\p{scx=Zinh}]+$/u

function candidate(family: FallbackFamily): Candidate {
  let found = candidates.get(family)
  if (!found) {
    // ISO 15924 codes that are not Unicode scripts (Jpan, Hans, Kore) name languages' writing only.
    const scripts = family.scripts.filter((code) => {
      try {
        return new RegExp(`\\p{scx=${code}}`, 'u') && true
      } catch {
        return false
      }
    })
    const made = scripts.length ? new RegExp(`[${scripts.map((code) => `\\p{scx=${code}}`).join('')}]`, 'u') : /$^/
    found = { family, made }
    candidates.set(family, found)
  }
  return found
}

/**
 * The fallback families in the order tried for `lang`: the families of the language's own script
 * first, then the others, then the CJK faces in the language's order (Japanese forms for `ja`,
 * Traditional for `zh-Hant`, Korean for `ko`, Simplified otherwise).
 */
export function fallbackOrder(lang: string): FallbackFamily[] {
  let order = orders.get(lang)
  if (order) return order
  let script = ''
  try {
    script = new Intl.Locale(lang).maximize().script ?? ''
  } catch {}
  const cjk = (cjkOrder[script as keyof typeof cjkOrder] ?? cjkOrder.Hans).map((name) => fallbacks[name])
  const rest = Object.values(fallbacks).filter((family) => !cjk.includes(family))
  order = [
    ...rest.filter((family) => family.scripts.includes(script)),
    ...rest.filter((family) => !family.scripts.includes(script)),
    ...cjk,
  ]
  orders.set(lang, order)
  return order
}

/** Whether the family's regular face has `codePoint` (from the coverage index, else its file). */
export function familyHas(family: FallbackFamily, codePoint: number): boolean {
  const indexed = indexedCoverage(family, codePoint)
  if (indexed !== undefined) return indexed
  const font = parseFontFile(family.files.regular)
  if (codePoint > 0xffff) return font.hasGlyphForCodePoint(codePoint)
  let known = coverage.get(family)
  if (!known) coverage.set(family, (known = new Uint8Array(0x10000)))
  if (known[codePoint] === 0) known[codePoint] = font.hasGlyphForCodePoint(codePoint) ? 1 : 2
  return known[codePoint] === 1
}

/**
 * The first family of `order` that draws `character`: among the families made for its script, or,
 * for a character of no script, among all of them (`anyScript`, default true).
 */
export function fallbackFor(
  character: string,
  order: readonly FallbackFamily[],
  options: { anyScript?: boolean } = {},
): FallbackFamily | undefined {
  let known = answers.get(order)
  if (!known) answers.set(order, (known = [new Map(), new Map()]))
  const byCharacter = known[options.anyScript === false ? 0 : 1]
  let family = byCharacter.get(character)
  if (family === undefined) {
    family = firstFallback(character, order, options.anyScript !== false) ?? null
    byCharacter.set(character, family)
  }
  return family ?? undefined
}

function firstFallback(character: string, order: readonly FallbackFamily[], anyScript: boolean) {
  const codePoint = character.codePointAt(0)!
  for (const family of order) if (candidate(family).made.test(character) && familyHas(family, codePoint)) return family
  if (!anyScript || !NO_SCRIPT.test(character)) return undefined
  return order.find((family) => familyHas(family, codePoint))
}

/** Whether `character` belongs to no script in particular (punctuation, digits, symbols, marks). */
export const hasNoScript = (character: string) => NO_SCRIPT.test(character)
