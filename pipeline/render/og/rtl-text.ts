/**
 * Right-to-left cards, and cards in scripts that need shaping (Devanagari, Bengali, Tamil, Thai…). Satori orders Arabic and Hebrew words correctly but draws their glyphs badly
 * (misplaced hamza and madda, the dots of ة dropped). So such cards are drawn by satori with
 * `embedFont: false`, which leaves one `<text>` per word where satori laid it out; this joins the
 * words of each line back together and replaces the line with outlines from `paintLine` (bidi-js
 * ordering + fontkit shaping). The PNG then needs no font at all, like every other card.
 */
import type { MeasuringFont } from './card-fonts.ts'
import { paintLine } from './paint-line.ts'

interface TextRun {
  attributes: Map<string, string>
  /** Every attribute but the position: runs of one line share it. */
  style: string
  y: string
  x: number
  width: number
  content: string
  /** Offsets of the element in the SVG source. */
  start: number
  end: number
}

const TEXT_ELEMENT = /<text ([^>]*)>([^<]*)<\/text>/g
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g
// Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms).
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u
// Painting attributes carried from the `<text>` to its outline; font attributes are spent.
const KEPT = [
  'fill',
  'fill-opacity',
  'opacity',
  'clip-path',
  'mask',
  'transform',
  'stroke',
  'stroke-width',
  'stroke-opacity',
]

// Scripts whose letters reorder, stack or join (Indic, Thai, Myanmar, Khmer, Sinhala): satori's shaper
// draws their clusters apart (Devanagari's i-matra after its consonant, Thai marks on the baseline).
const COMPLEX =
  /[\p{sc=Deva}\p{sc=Beng}\p{sc=Guru}\p{sc=Gujr}\p{sc=Orya}\p{sc=Taml}\p{sc=Telu}\p{sc=Knda}\p{sc=Mlym}\p{sc=Sinh}\p{sc=Thai}\p{sc=Laoo}\p{sc=Mymr}\p{sc=Khmr}\p{sc=Tibt}]/u

/** Whether the card needs `outlineTextLines`: right-to-left letters, or a script that needs shaping. */
export function needsGalleyShaping(text: string): boolean {
  return STRONG_RTL.test(text) || COMPLEX.test(text)
}

/**
 * Replace satori's per-word `<text>` elements with one outlined `<path>` per line.
 * `fontsFor` gives the faces of a weight in fallback order.
 */
export function outlineTextLines(svg: string, fontsFor: (weight: 400 | 700) => readonly MeasuringFont[]): string {
  const lines: TextRun[][] = []
  for (const run of [...svg.matchAll(TEXT_ELEMENT)].map(parseRun)) {
    const line = lines.at(-1)
    const previous = line?.at(-1)
    // One text node's words on one line come one after another with the same style and baseline.
    if (
      line &&
      previous &&
      svg.slice(previous.end, run.start).trim() === '' &&
      previous.style === run.style &&
      previous.y === run.y
    )
      line.push(run)
    else lines.push([run])
  }
  let out = ''
  let cursor = 0
  for (const line of lines) {
    out += svg.slice(cursor, line[0]!.start) + outline(line, fontsFor)
    cursor = line.at(-1)!.end
  }
  return out + svg.slice(cursor)
}

function parseRun(match: RegExpMatchArray): TextRun {
  const attributes = new Map([...match[1]!.matchAll(ATTRIBUTE)].map(([, name, value]) => [name!, value!]))
  const style = [...attributes]
    .filter(([name]) => !['x', 'y', 'width', 'height'].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ')
  return {
    attributes,
    style,
    y: attributes.get('y') ?? '0',
    x: Number(attributes.get('x') ?? 0),
    width: Number(attributes.get('width') ?? 0),
    content: unescapeXml(match[2]!),
    start: match.index!,
    end: match.index! + match[0].length,
  }
}

function outline(line: TextRun[], fontsFor: (weight: 400 | 700) => readonly MeasuringFont[]): string {
  const inked = line.filter((run) => run.content.trim() !== '')
  if (inked.length === 0) return ''
  const first = line[0]!.attributes
  const weight = ['700', 'bold', '800', '900'].includes(first.get('font-weight') ?? '') ? 700 : 400
  const d = paintLine({
    text: line
      .map((run) => run.content)
      .join('')
      .trim(),
    left: Math.min(...inked.map((run) => run.x)),
    right: Math.max(...inked.map((run) => run.x + run.width)),
    baseline: Number(first.get('y') ?? 0),
    fontSize: Number(first.get('font-size') ?? 16),
    fonts: fontsFor(weight),
  })
  const kept = KEPT.filter((name) => first.has(name)).map((name) => ` ${name}="${first.get(name)}"`)
  return d ? `<path d="${d}"${kept.join('')}/>` : ''
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    if (name[0] !== '#') return named[name.toLowerCase()] ?? entity
    return String.fromCodePoint(
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
    )
  })
}
