/**
 * Draw one laid-out line: bidi reordering, alignment or justification (each word drawn at its own
 * place with its space, so the text keeps real spaces), link annotations tied into the structure
 * tree, named destinations, code backgrounds, strikethrough and the external-link arrow.
 */
import { EMOJI_EM, emojiImageKey, type Atom } from './atoms.ts'
import { drawnText, visualOrder } from './bidi.ts'
import type { PdfContext } from './context.ts'
import type { LinkTarget } from './inline-runs.ts'
import type { Line } from './line-breaker.ts'
import { drawInlineMath } from './math.ts'

/** How a line sits in its measure. */
export type Alignment = 'justify' | 'left' | 'center' | 'right'

/** State that lives across the lines of one paragraph: the link being drawn. */
export interface LineState {
  link?: LinkTarget
}

interface Placed {
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
  const visual = atoms.some((atom) => atom.level > 0) ? visualOrder(atoms) : atoms
  const placed = place(ctx, line, visual, x, width, align, rtl)
  drawDecorations(ctx, placed, baseline)
  drawText(ctx, placed, baseline, state)
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
  const trailing = trailingSpaces(line.atoms)
  const stretchable = visual.filter((atom) => atom.kind === 'space' && !trailing.has(atom))
  const spaceWidth = stretchable[0]?.width ?? 0
  const extra = stretchable.length ? free / stretchable.length : 0
  const justify =
    align === 'justify' && !line.last && free > 0 && extra <= spaceWidth * ctx.template.text.maxSpaceStretch
  let cursor = x
  // A right-to-left paragraph's lines that are not justified sit at the right.
  if (!justify && (align === 'right' || (align === 'justify' && rtl))) cursor += free
  if (!justify && align === 'center') cursor += free / 2
  return visual.map((atom) => {
    const item = { atom, x: cursor }
    cursor += atom.width + (justify && atom.kind === 'space' && !trailing.has(atom) ? extra : 0)
    return item
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
  for (const { atom, x } of placed) {
    if (atom.link !== state.link) {
      text.close()
      annotateBox()
      switchLink(ctx, state, atom.link)
    }
    if (atom.anchor) doc.addNamedDestination(atom.anchor, 'XYZ', x, baseline - atom.style.size * 1.6, null)
    if (atom.link)
      box = box
        ? { ...box, x1: Math.max(box.x1, x + atom.width) }
        : { x0: x, x1: x + atom.width, size: atom.style.size }
    if (atom.kind === 'emoji') {
      text.close()
      drawEmoji(ctx, atom, x, baseline)
      continue
    }
    if (atom.kind === 'math') {
      text.close()
      drawInlineMath(ctx, atom.text, x, baseline - atom.style.shift, atom.style.size, atom.style.color)
      continue
    }
    if (atom.kind !== 'text' && atom.kind !== 'space') continue
    const look = { face: atom.face, size: atom.style.size, color: atom.style.color, tracking: atom.style.tracking }
    if ('isHyphen' in atom) {
      // The hyphen of a broken word is layout, not text: as an artifact, tagged text keeps whole words.
      text.close()
      tagger.artifact(() => {
        text.show('-', x, baseline - atom.style.shift, look)
        text.close()
      })
      continue
    }
    if (!tagger.holdsContent()) {
      text.close()
      tagger.content()
    }
    text.show(drawnText(atom.text, atom.level), x, baseline - atom.style.shift, look)
  }
  text.close()
  annotateBox()
}

/** An emoji as its colour image, sitting on the baseline like a capital, tagged with its text. */
function drawEmoji(ctx: PdfContext, atom: Atom, x: number, baseline: number): void {
  const image = ctx.images.get(emojiImageKey(atom.text))
  if (!image) return
  const size = atom.style.size
  const side = size * EMOJI_EM * 0.92
  // A Span of its own whose ActualText is the emoji, so the tagged text keeps the character.
  ctx.tagger.wrap(
    'Span',
    () => {
      ctx.tagger.content()
      ctx.doc.image(
        image as unknown as Buffer,
        x + (size * EMOJI_EM - side) / 2,
        baseline - atom.style.shift - side * 0.84,
        { width: side, height: side },
      )
    },
    { actual: atom.text },
  )
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
