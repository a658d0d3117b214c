/**
 * TeX → MathML (for the HTML page and the EPUB) and TeX → SVG outlines (for the PDF), both by
 * MathJax 3 (mathjax-full), so every format draws the same formula from the same parse. Loaded on
 * first use: an article without math never pays for it.
 */
import type { LiteElement } from 'mathjax-full/js/adaptors/lite/Element.js'

/** A converted formula, or the TeX error that stopped it. */
export type Converted<T> = { ok: true; value: T } | { ok: false; error: string }

interface Engine {
  mathml(tex: string, display: boolean): Converted<string>
  svg(tex: string, display: boolean): Converted<LiteElement>
}

// Names writers use that MathJax lacks: the logos (in articles about KaTeX and LaTeX).
const MACROS = {
  KaTeX: '\\mathrm{K\\kern-.3em\\raise.2em{\\scriptstyle A}\\kern-.15em T\\kern-.1667em\\lower.5ex{E}\\kern-.125em X}',
  LaTeX: '\\mathrm{L\\kern-.36em\\raise.2em{\\scriptstyle A}\\kern-.15em T\\kern-.1667em\\lower.5ex{E}\\kern-.125em X}',
}

let engine: Promise<Engine> | undefined

/** The MathJax engine, loaded once per process. */
export function mathjax(): Promise<Engine> {
  engine ??= load()
  return engine
}

async function load(): Promise<Engine> {
  const [
    { mathjax: core },
    { TeX },
    { SVG },
    { liteAdaptor },
    { RegisterHTMLHandler },
    { AllPackages },
    { SerializedMmlVisitor },
    { STATE },
  ] = await Promise.all([
    import('mathjax-full/js/mathjax.js'),
    import('mathjax-full/js/input/tex.js'),
    import('mathjax-full/js/output/svg.js'),
    import('mathjax-full/js/adaptors/liteAdaptor.js'),
    import('mathjax-full/js/handlers/html.js'),
    import('mathjax-full/js/input/tex/AllPackages.js'),
    import('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js'),
    import('mathjax-full/js/core/MathItem.js'),
  ])
  const adaptor = liteAdaptor()
  RegisterHTMLHandler(adaptor)
  // Without `noundefined` an unknown command is an error we report, not red text in the output.
  const tex = new TeX({
    packages: AllPackages.filter((name: string) => name !== 'noundefined'),
    macros: MACROS,
    formatError: (_jax: unknown, error: Error) => {
      throw error
    },
  })
  // No font cache: every glyph is a path of its own, which the PDF can draw without `<use>`.
  const svg = new SVG({ fontCache: 'none' })
  const document = core.document('', { InputJax: tex, OutputJax: svg })
  const visitor = new SerializedMmlVisitor()
  const attempt = <T>(convert: () => T): Converted<T> => {
    try {
      return { ok: true, value: convert() }
    } catch (error) {
      return { ok: false, error: (error as Error).message }
    }
  }
  return {
    mathml: (source, display) =>
      attempt(() => visitor.visitTree(document.convert(source, { display, end: STATE.CONVERT }))),
    svg: (source, display) => attempt(() => adaptor.firstChild(document.convert(source, { display })) as LiteElement),
  }
}
