/**
 * Draw one laid-out line: bidi reordering, alignment or justification (each word drawn at its own
 * place with its space, so the text keeps real spaces), link annotations tied into the structure
 * tree, named destinations, code backgrounds, strikethrough and the external-link arrow.
 */
import type { Atom } from './atoms.ts'
import { withActualText } from './actual-text.ts'
import { drawEmojiImage, edgeMarker, rightToLeftRun, segments } from './copyable-text.ts'
import { drawnText, visualOrder } from './bidi.ts'
import type { PdfContext } from './context.ts'
import type { LinkTarget } from './inline-runs.ts'
import type { Line } from './line-breaker.ts'
import { drawInlineMath } from './math.ts'

// Words of scripts whose marks the shaper places by offset (Thai tone marks, Indic vowel signs):
// poppler makes each offset mark a word of its own, on a line of its own in its default mode.
const SHAPED =
  /[\p{sc=Thai}\p{sc=Laoo}\p{sc=Deva}\p{sc=Beng}\p{sc=Guru}\p{sc=Gujr}\p{sc=Orya}\p{sc=Taml}\p{sc=Telu}\p{sc=Knda}\p{sc=Mlym}\p{sc=Sinh}\p{sc=Mymr}\p{sc=Khmr}]/u

/** How a line sits in its measure. */
export type Alignment = 'justify' | 'left' | 'center' | 'right'

/** State that lives across the lines of one paragraph: the link being drawn. */
export interface LineState {
  link?: LinkTarget
}

/** An atom at its place on the line. */
export interface Placed {
  atom: Atom
  x: number
}

/** Draw `line` with its baseline at `baseline`, in the column from `x` of `width`. */
export function drawLine(
  ctx: PdfContext,
  line: Line,
  x: number,
  baseline: number,
  width: number,
  align: Alignment,
  state: LineState,
  rtl = false,
): void {
  const atoms = line.hyphen
    ? [...line.atoms, { ...line.hyphen, kind: 'text' as const, text: '-', isHyphen: true }]
    : line.atoms
  const reordered = atoms.some((atom) => atom.level > 0)
  const visual = reordered ? visualOrder(atoms) : atoms
  const placed = place(ctx, line, visual, x, width, align, rtl)
  drawDecorations(ctx, placed, baseline)
  // Each piece at its visual place, but written in logical order: extractors that follow the
  // content stream (pdftotext -raw, pdf.js) then read the words as written.
  const order = new Map(atoms.map((atom, index) => [atom, index]))
  drawText(ctx, reordered ? placed.sort((a, b) => order.get(a.atom)! - order.get(b.atom)!) : placed, baseline, state)
}

function place(
  ctx: PdfContext,
  line: Line,
  visual: Atom[],
  x: number,
  width: number,
  align: Alignment,
  rtl: boolean,
): Placed[] {
  const free = width - line.width
  const widens = wideningPoints(visual, trailingSpaces(line.atoms))
  const firstSpace = visual.find((atom, index) => widens[index] && atom.kind === 'space')
  // The stretch allowed is counted in spaces; a line with none counts a quarter em.
  const unit = firstSpace?.width ?? (visual[widens.indexOf(true)]?.style.size ?? 0) / 4
  const count = widens.filter(Boolean).length
  const extra = count ? free / count : 0
  const justify = align === 'justify' && !line.last && free > 0 && extra <= unit * ctx.template.text.maxSpaceStretch
  let cursor = x
  // A right-to-left paragraph's lines that are not justified sit at the right.
  if (!justify && (align === 'right' || (align === 'justify' && rtl))) cursor += free
  if (!justify && align === 'center') cursor += free / 2
  return visual.map((atom, index) => {
    const item = { atom, x: cursor }
    cursor += atom.width + (justify && widens[index] ? extra : 0)
    return item
  })
}

/**
 * Where a justified line widens, after each atom: at its inner spaces, and between two characters of
 * Chinese or Japanese text, which is written without spaces: a Japanese line with one Latin word in
 * it put all its slack into the two spaces around that word.
 */
// Chinese and Japanese, written without spaces (Korean has them, and widens at them).
const SPACELESS = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u
// None of those is below U+2E80 (CJK radicals): other text never runs the pattern, whose first
// runs (V8 compiling its hundred ranges) took 14 ms of a one-article build in English. Tested on the
// last character alone: a pattern ending in `$` is tried at every position of the text.
const FIRST_SPACELESS = 0x2e80
const spaceless = (character: string) => character.charCodeAt(0) >= FIRST_SPACELESS && SPACELESS.test(character)
const endsSpaceless = (text: string) => text !== '' && spaceless(lastCharacter(text))
const startsSpaceless = (text: string) => text !== '' && spaceless(text)

function lastCharacter(text: string): string {
  const low = text.charCodeAt(text.length - 1)
  return low >= 0xdc00 && low <= 0xdfff && text.length > 1 ? text.slice(-2) : text.slice(-1)
}

function wideningPoints(visual: readonly Atom[], trailing: ReadonlySet<Atom>): boolean[] {
  return visual.map((atom, index) => {
    if (atom.kind === 'space') return !trailing.has(atom)
    const next = visual[index + 1]
    return atom.kind === 'text' && next?.kind === 'text' && endsSpaceless(atom.text) && startsSpaceless(next.text)
  })
}

function trailingSpaces(atoms: readonly Atom[]): Set<Atom> {
  const result = new Set<Atom>()
  for (let index = atoms.length - 1; index >= 0 && atoms[index]!.kind === 'space'; index--) result.add(atoms[index]!)
  return result
}

function drawDecorations(ctx: PdfContext, placed: Placed[], baseline: number): void {
  const { doc, tagger, palette } = ctx
  const marks = placed.filter(
    ({ atom }) => atom.style.code || atom.style.strike || atom.style.underline || atom.kind === 'external-mark',
  )
  if (!marks.length) return
  tagger.artifact(() => {
    for (const { atom, x } of marks) {
      const { size, shift } = atom.style
      const y = baseline - shift
      if (atom.style.code)
        doc.rect(x - 0.6, y - size * 0.86, atom.width + 1.2, size * 1.16).fill(palette.codeBackground)
      if (atom.style.strike)
        doc
          .moveTo(x, y - size * 0.3)
          .lineTo(x + atom.width, y - size * 0.3)
          .lineWidth(size / 18)
          .stroke(atom.style.color)
      if (atom.style.underline)
        doc
          .moveTo(x, y + size * 0.12)
          .lineTo(x + atom.width, y + size * 0.12)
          .lineWidth(size / 18)
          .stroke(atom.style.color)
      if (atom.kind === 'external-mark') drawArrow(doc, x + size * 0.12, y, size * 0.42, atom.style.color)
    }
  })
}

/** A small north-east arrow: the mark of a link that leaves the document. */
function drawArrow(doc: PDFKit.PDFDocument, x: number, baseline: number, size: number, color: string): void {
  const top = baseline - size * 1.55
  doc.lineWidth(size / 7).lineCap('round')
  doc
    .moveTo(x, top + size)
    .lineTo(x + size, top)
    .stroke(color)
  doc
    .moveTo(x + size * 0.35, top)
    .lineTo(x + size, top)
    .lineTo(x + size, top + size * 0.65)
    .stroke(color)
  doc.lineCap('butt')
}

function drawText(ctx: PdfContext, placed: Placed[], baseline: number, state: LineState): void {
  const { doc, tagger, text } = ctx
  // The stretch of the open link on this line, annotated when the link ends or the line does.
  let box: { x0: number; x1: number; size: number } | undefined
  const annotateBox = () => {
    if (box && state.link) annotate(ctx, state.link, box, baseline)
    box = undefined
  }
  const draw = ({ atom, x }: Placed) => {
    if (atom.anchor) doc.addNamedDestination(atom.anchor, 'XYZ', x, baseline - atom.style.size * 1.6, null)
    if (atom.link)
      box = box
        ? { ...box, x0: Math.min(box.x0, x), x1: Math.max(box.x1, x + atom.width) }
        : { x0: x, x1: x + atom.width, size: atom.style.size }
    if (atom.kind === 'emoji') {
      text.close()
      drawEmoji(ctx, atom, x, baseline)
      return
    }
    if (atom.kind === 'math') {
      text.close()
      drawInlineMath(ctx, atom.text, x, baseline - atom.style.shift, atom.style.size, atom.style.color)
      return
    }
    if (atom.kind !== 'text' && atom.kind !== 'space') return
    const look = { face: atom.face, size: atom.style.size, color: atom.style.color, tracking: atom.style.tracking }
    if ('isHyphen' in atom) {
      // The hyphen of a broken word is layout, not text: as an artifact, tagged text keeps whole words.
      text.close()
      tagger.artifact(() => {
        text.show('-', x, baseline - atom.style.shift, look)
        text.close()
      })
      return
    }
    if (!tagger.holdsContent()) {
      text.close()
      tagger.content()
    }
    const drawn = drawnText(atom.text, atom.level)
    const odd = atom.level % 2 === 1
    const options = { rightToLeft: odd, mirrored: odd && drawn !== atom.text }
    // Marks and vowel signs stacked or moved by the shaper: poppler reads the word whole from its ActualText.
    if (!odd && atom.kind === 'text' && SHAPED.test(atom.text))
      withActualText(ctx, atom.text, () => text.show(drawn, x, baseline - atom.style.shift, look))
    else text.show(drawn, x, baseline - atom.style.shift, look, options)
  }
  for (let index = 0; index < placed.length; ) {
    const { atom } = placed[index]!
    if (atom.link !== state.link) {
      text.close()
      annotateBox()
      switchLink(ctx, state, atom.link)
    }
    const run = rightToLeftRun(placed, index)
    if (run.length) {
      // The run's words copy as written (see visualText); nothing inside opens or closes a sequence.
      if (!tagger.holdsContent()) {
        text.close()
        tagger.content()
      }
      for (const segment of segments(ctx, run)) {
        if (segment.actual)
          withActualText(ctx, segment.actual, () => {
            // poppler spans an ActualText from its first glyph's start to its last glyph's end: the
            // letters go right to left, so a marker at each edge gives it the box (see edgeMarker).
            const left = Math.min(...segment.items.map((item) => item.x))
            const right = Math.max(...segment.items.map((item) => item.x + item.atom.width))
            edgeMarker(ctx, segment.items[0]!.atom, left, baseline)
            for (const item of segment.items) draw(item)
            edgeMarker(ctx, segment.items[0]!.atom, right, baseline, 'end')
          })
        else for (const item of segment.items) draw(item)
      }
      index += run.length
    } else draw(placed[index++]!)
  }
  text.close()
  annotateBox()
}

/** An emoji as its colour image, sitting on the baseline like a capital, tagged with its text. */
function drawEmoji(ctx: PdfContext, atom: Atom, x: number, baseline: number): void {
  drawEmojiImage(ctx, atom.text, x, baseline - atom.style.shift, atom.style.size)
}

function switchLink(ctx: PdfContext, state: LineState, next: LinkTarget | undefined): void {
  if (state.link) ctx.tagger.pop()
  delete state.link
  if (next) {
    ctx.tagger.push('Link')
    state.link = next
  }
}

/** Close a link left open at the end of a paragraph. */
export function endLine(ctx: PdfContext, state: LineState): void {
  if (state.link) switchLink(ctx, state, undefined)
}

/** A link annotation over one line's stretch of the link, tied to the open `Link` element (PDF/UA 7.18.5). */
function annotate(
  ctx: PdfContext,
  target: LinkTarget,
  box: { x0: number; x1: number; size: number },
  baseline: number,
): void {
  const top = baseline - box.size * 0.95
  const height = box.size * 1.25
  const options = { structParent: ctx.tagger.current } as object
  if (target.kind === 'uri') ctx.doc.link(box.x0, top, box.x1 - box.x0, height, target.href, options)
  else ctx.doc.goTo(box.x0, top, box.x1 - box.x0, height, target.name, options)
}
