/**
 * Styled runs → atoms: the smallest pieces line breaking works with. Text is split into words,
 * spaces, soft hyphens and break opportunities (after dashes and slashes, inside URLs, between CJK
 * characters), then by font coverage, and each piece is measured once.
 */
import { hasPictograph } from '../../fonts/emoji.ts'
import { embeddingLevels, hasRtl } from './bidi.ts'
import type { PdfContext } from './context.ts'
import type { Face } from './fonts.ts'
import type { LinkTarget, Run, RunStyle } from './inline-runs.ts'
import { inlineMathWidth } from './math.ts'

/** One unbreakable piece of a paragraph, or a place where the line may break. */
export interface Atom {
  kind: 'text' | 'space' | 'soft-hyphen' | 'opportunity' | 'break' | 'external-mark' | 'emoji' | 'math'
  text: string
  face: Face
  style: RunStyle
  width: number
  link?: LinkTarget
  anchor?: string
  /** Bidi embedding level: even left to right, odd right to left. */
  level: number
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u
const NO_BREAK_BEFORE = /[、。，．・：；？！）」』】〕〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.;:!?)\]}»”’]/u
const NO_BREAK_AFTER = /[（「『【〔〈《([{«“‘]/u
const URL_LIKE = /:\/\/|^www\.|\/.*\//

/** Width of `text` in `face` with the style's size and letter spacing. */
export function measure(ctx: PdfContext, text: string, face: Face, style: RunStyle): number {
  return ctx.fonts.width(text, face, style.size) + (style.tracking ? style.tracking * [...text].length : 0)
}

/** Turn a paragraph's runs into measured atoms; `hyphenate` adds soft hyphens to plain words. */
export function toAtoms(ctx: PdfContext, runs: Run[], options: { hyphenate: boolean; dir?: 'ltr' | 'rtl' }): Atom[] {
  const atoms: Atom[] = []
  for (const run of runs) {
    const extra = { ...(run.link ? { link: run.link } : {}), ...(run.anchor ? { anchor: run.anchor } : {}) }
    const primary = ctx.fonts.primary(run.style)
    if (run.kind === 'break')
      atoms.push({ kind: 'break', text: '\n', face: primary, style: run.style, width: 0, level: 0, ...extra })
    else if (run.kind === 'external-mark')
      atoms.push({
        kind: 'external-mark',
        text: '',
        face: primary,
        style: run.style,
        width: run.style.size * 0.62,
        level: 0,
        ...extra,
      })
    else if (run.kind === 'math' && inlineMathWidth(ctx, run.text, run.style.size) !== undefined)
      atoms.push({
        kind: 'math',
        text: run.text,
        face: primary,
        style: run.style,
        width: inlineMathWidth(ctx, run.text, run.style.size)!,
        level: 0,
        ...extra,
      })
    else {
      // Every atom of a run carries its link; only the first carries its anchor.
      const pieces = textAtoms(ctx, run, options.hyphenate && !run.style.code && run.link?.kind !== 'uri')
      atoms.push(
        ...pieces.map((atom, index) => ({
          ...atom,
          ...(run.link ? { link: run.link } : {}),
          ...(index === 0 && run.anchor ? { anchor: run.anchor } : {}),
        })),
      )
    }
  }
  return assignLevels(ctx, atoms, options.dir ?? ctx.metadata.dir)
}

function textAtoms(ctx: PdfContext, run: Run, hyphenate: boolean): Atom[] {
  let text = run.style.uppercase ? run.text.toUpperCase() : run.text
  // Thai and its neighbours break between words, never with a hyphen.
  if (hyphenate && ctx.hyphenate && !NO_SPACES.test(text)) text = ctx.hyphenate(text)
  const atoms: Atom[] = []
  const primary = ctx.fonts.primary(run.style)
  for (const [token] of text.matchAll(/ +|\u00ad|[^ \u00ad]+/gu)) {
    if (token.startsWith(' '))
      atoms.push({
        kind: 'space',
        text: ' ',
        face: primary,
        style: run.style,
        width: measure(ctx, ' ', primary, run.style),
        level: 0,
      })
    else if (token === '\u00ad')
      atoms.push({
        kind: 'soft-hyphen',
        text: '',
        face: primary,
        style: run.style,
        width: measure(ctx, '-', primary, run.style),
        level: 0,
      })
    else {
      breakablePieces(token).forEach((piece, index) => {
        if (index) atoms.push({ kind: 'opportunity', text: '', face: primary, style: run.style, width: 0, level: 0 })
        for (const part of emojiParts(ctx, piece)) {
          if (part.emoji) {
            // Drawn as a small colour image (the text faces have no emoji), one em wide.
            atoms.push({
              kind: 'emoji',
              text: part.text,
              face: primary,
              style: run.style,
              width: run.style.size * EMOJI_EM,
              level: 0,
            })
            continue
          }
          for (const faced of ctx.fonts.split(part.text, run.style)) {
            atoms.push({
              kind: 'text',
              text: faced.text,
              face: faced.face,
              style: run.style,
              width: measure(ctx, faced.text, faced.face, run.style),
              level: 0,
            })
          }
        }
      })
    }
  }
  return atoms
}

/** Width of an emoji image, in ems of the surrounding text. */
export const EMOJI_EM = 1.1

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** Split text into runs of plain text and single emoji that have a prepared image. */
export function emojiParts(ctx: PdfContext, text: string): Array<{ text: string; emoji: boolean }> {
  if (!hasPictograph(text)) return [{ text, emoji: false }]
  const parts: Array<{ text: string; emoji: boolean }> = []
  for (const { segment } of graphemes.segment(text)) {
    const emoji = ctx.images.has(emojiImageKey(segment))
    const last = parts.at(-1)
    if (!emoji && last && !last.emoji) last.text += segment
    else parts.push({ text: segment, emoji })
  }
  return parts
}

/** The key of an emoji's image among the document's prepared images. */
export const emojiImageKey = (grapheme: string) => `emoji:${grapheme}`

// Scripts written without spaces between words (UAX #14 class SA): lines break between dictionary words.
export const NO_SPACES = /[\p{sc=Thai}\p{sc=Laoo}\p{sc=Khmr}\p{sc=Mymr}]/u
const words = new Intl.Segmenter(undefined, { granularity: 'word' })

/** A word split where a line may break inside it without a hyphen. */
export function breakablePieces(word: string): string[] {
  if (NO_SPACES.test(word)) return dictionaryWords(word).flatMap(breakableRun)
  return breakableRun(word)
}

/** Thai, Lao, Khmer and Burmese text as its words (ICU's dictionary), punctuation kept with the word before. */
function dictionaryWords(text: string): string[] {
  const pieces: string[] = []
  for (const { segment, isWordLike } of words.segment(text)) {
    if (pieces.length && (!isWordLike || !NO_SPACES.test(segment[0]!) || /^[\p{M}ๆฯ]/u.test(segment)))
      pieces[pieces.length - 1] += segment
    else pieces.push(segment)
  }
  return pieces
}

function breakableRun(word: string): string[] {
  const characters = [...word]
  const urlLike = URL_LIKE.test(word)
  const pieces: string[] = []
  let current = ''
  characters.forEach((character, index) => {
    current += character
    const next = characters[index + 1]
    if (next === undefined) return
    const afterDash = /[-–—/]/.test(character) && /[\p{L}\p{N}]/u.test(next) && current.length > 1
    const inUrl = urlLike && /[.?&=_#:]/.test(character) && /[\p{L}\p{N}]/u.test(next)
    const cjk =
      (CJK.test(character) || CJK.test(next)) && !NO_BREAK_BEFORE.test(next) && !NO_BREAK_AFTER.test(character)
    if (afterDash || inUrl || cjk) {
      pieces.push(current)
      current = ''
    }
  })
  if (current) pieces.push(current)
  return pieces
}

/** Give atoms their bidi levels, splitting text atoms where the level changes inside them. */
function assignLevels(ctx: PdfContext, atoms: Atom[], dir: 'ltr' | 'rtl'): Atom[] {
  const text = atoms.map((atom) => atom.text).join('')
  if (!hasRtl(text) && dir === 'ltr') return atoms
  const levels = embeddingLevels(text, dir)
  const result: Atom[] = []
  let offset = 0
  for (const atom of atoms) {
    if (atom.kind !== 'text') {
      result.push({ ...atom, level: levels[atom.text ? offset : Math.max(0, offset - 1)] ?? 0 })
      offset += atom.text.length
      continue
    }
    let start = 0
    for (let index = 1; index <= atom.text.length; index++) {
      if (index < atom.text.length && levels[offset + index] === levels[offset + start]) continue
      const piece = atom.text.slice(start, index)
      const width = piece.length === atom.text.length ? atom.width : measure(ctx, piece, atom.face, atom.style)
      result.push({ ...atom, text: piece, width, level: levels[offset + start] ?? 0 })
      start = index
    }
    offset += atom.text.length
  }
  return result
}
