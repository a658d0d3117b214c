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
  let queue = [...atoms]
  while (queue.length) {
    const { line, rest } = fillLine(ctx, queue, width)
    lines.push(line)
    queue = rest
  }
  return lines
}

function fillLine(ctx: PdfContext, atoms: Atom[], width: number): { line: Line; rest: Atom[] } {
  const taken: Atom[] = []
  let best: BreakPoint | undefined
  let index = 0
  while (index < atoms.length && atoms[index]!.kind === 'space') index++
  for (; index < atoms.length; index++) {
    const atom = atoms[index]!
    if (atom.kind === 'break') return finish(taken, atoms.slice(index + 1), true)
    if (atom.kind === 'space') {
      best = { count: taken.length + 1, hyphen: false }
      taken.push(atom)
      continue
    }
    if (atom.kind === 'soft-hyphen' || atom.kind === 'opportunity') {
      if (taken.length && contentWidth(taken) + (atom.kind === 'soft-hyphen' ? atom.width : 0) <= width + EPSILON) {
        best = { count: taken.length, hyphen: atom.kind === 'soft-hyphen' }
      }
      taken.push(atom)
      continue
    }
    taken.push(atom)
    if (contentWidth(taken) <= width + EPSILON) continue
    if (best)
      return finish(
        taken.slice(0, best.count),
        [...taken.slice(best.count), ...atoms.slice(index + 1)],
        false,
        best.hyphen ? taken[best.count] : undefined,
      )
    const before = taken.slice(0, -1)
    // A formula or an emoji cannot be split: it goes to a line of its own, wider or not.
    if (atom.kind !== 'text') {
      if (before.length) return finish(before, atoms.slice(index), false)
      return finish([atom], atoms.slice(index + 1), false)
    }
    // Nothing to break at: split this word between characters.
    const [head, tail] = splitToFit(ctx, atom, width - contentWidth(before))
    if (head) return finish([...before, head], [tail!, ...atoms.slice(index + 1)], false)
    if (before.length) return finish(before, atoms.slice(index), false)
    // Not even one character fits: take one anyway so the loop advances.
    const [first, remainder] = splitAt(ctx, atom, [...atom.text][0]!.length)
    return finish([first], remainder ? [remainder, ...atoms.slice(index + 1)] : atoms.slice(index + 1), false)
  }
  return finish(taken, [], true)
}

function finish(atoms: Atom[], rest: Atom[], last: boolean, hyphen?: Atom): { line: Line; rest: Atom[] } {
  const kept = atoms.filter((atom) => atom.kind !== 'soft-hyphen' && atom.kind !== 'opportunity')
  return {
    line: { atoms: kept, width: contentWidth(kept) + (hyphen?.width ?? 0), last, ...(hyphen ? { hyphen } : {}) },
    rest,
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
  const characters = [...atom.text].slice(0, Math.ceil(room / (atom.style.size * 0.2)) + 1)
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
