/**
 * The config's theme checked against WCAG 2 AA (1.4.3): every theme colour Galley's templates draw
 * text in must contrast 4.5:1 with every surface that text lands on. Bylines, captions and the
 * kicker are small, so the normal-text ratio applies throughout.
 */
import { colord, extend, type RgbaColor } from 'colord'
import a11y from 'colord/plugins/a11y'
import type { VFile } from 'vfile'
import type { Theme } from './types.ts'

extend([a11y])

/** WCAG 2 AA's minimum contrast for text below 18pt (14pt bold). */
export const MIN_CONTRAST = 4.5

/** One theme colour that falls short, on the surface where it falls shortest. */
export interface ContrastProblem {
  colour: keyof Theme
  surface: string
  ratio: number
}

// What each text colour is used for, for the message.
const USES: Record<Exclude<keyof Theme, 'background'>, string> = {
  text: 'the body text',
  muted: 'bylines, captions and the standfirst',
  accent: 'links and the kicker',
}

/**
 * The surfaces text is drawn on: the page and card background; inline code's tint on the page
 * (`style.css`: the text colour mixed 7% into the background, in sRGB); and white, the PDF's paper
 * and an e-reader's default page, which ignore the theme's background.
 */
function surfaces(theme: Theme): Array<{ name: string; colour: string }> {
  return [
    { name: `\`background\` (${theme.background})`, colour: theme.background },
    { name: 'the inline code tint on the page', colour: mix(theme.text, theme.background, 0.07) },
    { name: "the PDF's white paper", colour: '#ffffff' },
  ]
}

/** The theme's text colours that fall below `MIN_CONTRAST` on some surface; none for a good theme. */
export function themeContrastProblems(theme: Theme): ContrastProblem[] {
  const problems: ContrastProblem[] = []
  for (const colour of Object.keys(USES) as Array<keyof typeof USES>) {
    const worst = surfaces(theme)
      .map((surface) => ({ surface: surface.name, ratio: colord(theme[colour]).contrast(surface.colour) }))
      .sort((a, b) => a.ratio - b.ratio)[0]!
    if (worst.ratio < MIN_CONTRAST) problems.push({ colour, ...worst })
  }
  return problems
}

/** Warn on `file` (the build's file: the config) for each theme colour too faint to read. */
export function checkThemeContrast(theme: Theme, file: VFile): void {
  for (const problem of themeContrastProblems(theme)) {
    const colour = problem.colour as keyof typeof USES
    file.message(
      `Expected theme colour \`${colour}\` (${theme[colour]}) to contrast ${MIN_CONTRAST}:1 with ${problem.surface}, as WCAG AA asks of text, found ${problem.ratio}:1, hard to read in ${USES[colour]}`,
      { ruleId: 'theme-contrast', source: 'galley:config' },
    )
  }
}

/** `a` mixed into `b` by `amount`, channel by channel in sRGB, as CSS `color-mix(in srgb, a p%, b)`. */
function mix(a: string, b: string, amount: number): string {
  const x = colord(a).toRgb()
  const y = colord(b).toRgb()
  const channel = (key: keyof RgbaColor) => Math.round(x[key] * amount + y[key] * (1 - amount))
  return colord({ r: channel('r'), g: channel('g'), b: channel('b') }).toHex()
}
