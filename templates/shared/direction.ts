/**
 * Direction helpers the templates share, on the pipeline's one first-strong-letter test (UAX #9 P2).
 */
import { firstStrongDirection } from '../../pipeline/render/dir-auto.ts'

/** The direction `text` starts in (its first letter's), or `fallback` when it has no letter. */
export function directionOf(text: string, fallback: 'ltr' | 'rtl'): 'ltr' | 'rtl' {
  return firstStrongDirection(text) ?? fallback
}

/** `{ dir: 'auto' }` when `text` starts in the other direction from `dir` (its first strong letter's), else nothing. */
export function autoDir(text: string, dir: 'ltr' | 'rtl'): { dir?: 'auto' } {
  return directionOf(text, dir) === dir ? {} : { dir: 'auto' }
}
