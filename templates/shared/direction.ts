/**
 * Direction helpers the templates share.
 */

/** `{ dir: 'auto' }` when `text` starts in the other direction from `dir` (its first strong letter's), else nothing. */
export function autoDir(text: string, dir: 'ltr' | 'rtl'): { dir?: 'auto' } {
  const letter = /\p{L}/u.exec(text)?.[0]
  if (letter === undefined) return {}
  const own = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.test(letter) ? 'rtl' : 'ltr'
  return own === dir ? {} : { dir: 'auto' }
}
