/**
 * Atoms → lines: greedy filling of a fixed measure. Breaks at spaces (the space stays, invisible,
 * at the line's end so the text keeps its words apart), at soft hyphens (adding a hyphen), at
 * break opportunities, and, for a word longer than the whole line, between characters.
 */
import { measure, type Atom } from './atoms.ts'
import type { PdfContext } from './context.ts'

/** One line: its atoms in logical order, natural width without trailing spaces, how it ends. */
export interface Line {
  atoms: Atom[]
  width: number
  /** The line ends a paragraph or a forced break: never justified. */
  last: boolean
  /** The soft hyphen the line was broken at: a hyphen is drawn at its end. */
  hyphen?: Atom
}

interface BreakPoint {
  /** Atoms before the break, trailing space included. */
  count: number
  hyphen: boolean
}

const EPSILON = 0.01

/** Break `atoms` into lines no wider than `width`. */
export function breakLines(ctx: PdfContext, atoms: Atom[], width: number): Line[] {
  const lines: Line[] = []
  // Where the next line starts, and the tail of a word split at the end of the previous line,
  // which stands in for the atom there: no copies of the rest, so long paragraphs stay linear.
  let next: Resume = { index: 0 }
  while (next.index < atoms.length) {
    const filled = fillLine(ctx, atoms, next, width)
    lines.push(filled.line)
    next = filled.next
  }
  return lines
}

interface Resume {
  index: number
  tail?: Atom
}

function fillLine(ctx: PdfContext, atoms: Atom[], from: Resume, width: number): { line: Line; next: Resume } {
  const at = (index: number) => (index === from.index && from.tail ? from.tail : atoms[index]!)
  const taken: Atom[] = []
  // contentWidth(taken), kept as the atoms come: all widths but soft hyphens, less the trailing spaces.
  let total = 0
  let trailing = 0
  let best: BreakPoint | undefined
  let first = from.index
  while (first < atoms.length && at(first).kind === 'space') first++
  for (let index = first; index < atoms.length; index++) {
    const atom = at(index)
    if (atom.kind === 'break') return finish(taken, { index: index + 1 }, true)
    if (atom.kind === 'space') {
      best = { count: taken.length + 1, hyphen: false }
      taken.push(atom)
      total += atom.width
      trailing += atom.width
      continue
    }
    if (atom.kind === 'soft-hyphen' || atom.kind === 'opportunity') {
      if (taken.length && total - trailing + (atom.kind === 'soft-hyphen' ? atom.width : 0) <= width + EPSILON) {
        best = { count: taken.length, hyphen: atom.kind === 'soft-hyphen' }
      }
      taken.push(atom)
      if (atom.kind === 'opportunity') total += atom.width
      trailing = 0
      continue
    }
    taken.push(atom)
    total += atom.width
    trailing = 0
    if (total <= width + EPSILON) continue
    if (best)
      return finish(
        taken.slice(0, best.count),
        { index: first + best.count },
        false,
        best.hyphen ? taken[best.count] : undefined,
      )
    // Nothing to break at: split this word between characters (an emoji, a formula or a link mark stays whole).
    const before = taken.slice(0, -1)
    const splittable = atom.kind === 'text' && atom.text.length > 0
    const [head, tail] = splittable ? splitToFit(ctx, atom, width - contentWidth(before)) : [undefined, atom]
    if (head) return finish([...before, head], tail ? { index, tail } : { index: index + 1 }, false)
    if (before.length) return finish(before, { index }, false)
    if (!splittable) return finish([atom], { index: index + 1 }, false)
    // Not even one character fits: take one anyway so the loop advances.
    const [one, remainder] = splitAt(ctx, atom, [...atom.text.slice(0, 2)][0]!.length)
    return finish([one], remainder ? { index, tail: remainder } : { index: index + 1 }, false)
  }
  return finish(taken, { index: atoms.length }, true)
}

function finish(atoms: Atom[], next: Resume, last: boolean, hyphen?: Atom): { line: Line; next: Resume } {
  const kept = atoms.filter((atom) => atom.kind !== 'soft-hyphen' && atom.kind !== 'opportunity')
  return {
    line: { atoms: kept, width: contentWidth(kept) + (hyphen?.width ?? 0), last, ...(hyphen ? { hyphen } : {}) },
    next,
  }
}

/** Width of atoms without the spaces at their end. */
export function contentWidth(atoms: readonly Atom[]): number {
  let end = atoms.length
  while (end > 0 && atoms[end - 1]!.kind === 'space') end--
  let width = 0
  for (let index = 0; index < end; index++) {
    const atom = atoms[index]!
    if (atom.kind !== 'soft-hyphen') width += atom.width
  }
  return width
}

/** The longest head of `atom` that fits `room`, and the rest; head undefined when nothing fits. */
function splitToFit(ctx: PdfContext, atom: Atom, room: number): [Atom | undefined, Atom | undefined] {
  // No glyph is narrower than a fifth of an em: search only the characters that could fit, so a
  // 50,000-character word costs a few short measurements per line, not layouts of the whole word.
  const bound = Math.ceil(room / (atom.style.size * 0.2)) + 1
  // A code point is at most two code units: this slice holds the first `bound` characters whole.
  const characters = [...atom.text.slice(0, 2 * bound)].slice(0, bound)
  let low = 0
  let high = characters.length - 1
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (measure(ctx, characters.slice(0, middle).join(''), atom.face, atom.style) <= room) low = middle
    else high = middle - 1
  }
  if (low === 0) return [undefined, atom]
  return splitAt(ctx, atom, characters.slice(0, low).join('').length)
}

function splitAt(ctx: PdfContext, atom: Atom, at: number): [Atom, Atom | undefined] {
  const headText = atom.text.slice(0, at)
  const tailText = atom.text.slice(at)
  const head = { ...atom, text: headText, width: measure(ctx, headText, atom.face, atom.style) }
  if (!tailText) return [head, undefined]
  const { anchor: _anchor, ...rest } = atom
  // The tail's width by subtraction: measuring a very long tail again on every line is quadratic.
  return [head, { ...rest, text: tailText, width: Math.max(0, atom.width - head.width) }]
}
