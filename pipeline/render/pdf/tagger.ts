/**
 * The tagged structure tree (ISO 32000-1 §14.8): a stack of open structure elements under the
 * `Document` root, and at most one open marked-content sequence owned by the innermost element.
 * Page furniture and decoration are drawn as artifacts, outside every sequence.
 */

/** Options of a structure element, as pdfkit takes them. */
export type StructOptions = {
  alt?: string
  lang?: string
  actual?: string
  scope?: 'Row' | 'Column' | 'Both'
  placement?: string
  bbox?: number[]
  /** Table cells: how many rows and columns the cell covers (ISO 32000-1 §14.8.5.7). Default 1. */
  rowSpan?: number
  colSpan?: number
}

/** Builds the structure tree while the document is drawn. */
export class Tagger {
  private readonly stack: PDFKit.PDFStructureElement[]
  private readonly types = new WeakMap<PDFKit.PDFStructureElement, string>()
  private open: { owner: PDFKit.PDFStructureElement; content: PDFKit.PDFStructureContent } | undefined
  private inArtifact = false

  constructor(private readonly doc: PDFKit.PDFDocument) {
    const root = doc.struct('Document')
    this.types.set(root, 'Document')
    doc.addStructure(root)
    this.stack = [root]
  }

  /** The innermost open element. */
  get current(): PDFKit.PDFStructureElement {
    return this.stack[this.stack.length - 1]!
  }

  /** Open a child element of the current one; it becomes current. */
  push(type: string, options: StructOptions = {}): PDFKit.PDFStructureElement {
    const element = this.create(type, options)
    this.stack.push(element)
    return element
  }

  /**
   * Add a child element of the current one without making it current: content is drawn into it
   * later, perhaps in several turns, with `within`. It ends when its parent does.
   */
  create(type: string, options: StructOptions = {}): PDFKit.PDFStructureElement {
    this.endContent()
    const { rowSpan = 1, colSpan = 1, ...rest } = options
    const element = this.doc.struct(type, rest as PDFKit.Mixins.StructureElementOptions)
    if (rowSpan > 1 || colSpan > 1) {
      // pdfkit writes only a cell's Scope; the spans join it in the same Table attribute object.
      const data = (element as unknown as { dictionary: { data: { A?: Record<string, unknown> } } }).dictionary.data
      data.A = {
        ...data.A,
        O: 'Table',
        ...(rowSpan > 1 ? { RowSpan: rowSpan } : {}),
        ...(colSpan > 1 ? { ColSpan: colSpan } : {}),
      }
    }
    this.types.set(element, type)
    this.current.add(element)
    return element
  }

  /** Run `draw` with `element` (made by `create`, not yet ended) as the current element. */
  within<T>(element: PDFKit.PDFStructureElement, draw: () => T): T {
    this.endContent()
    this.stack.push(element)
    try {
      return draw()
    } finally {
      this.endContent()
      this.stack.pop()
    }
  }

  /** Close the current element. */
  pop(): void {
    this.endContent()
    if (this.stack.length === 1) throw new Error('Tried to close the Document structure element')
    this.stack.pop()!.end()
  }

  /** Run `draw` inside a new element of `type`. */
  wrap<T>(type: string, draw: () => T, options: StructOptions = {}): T {
    this.push(type, options)
    try {
      return draw()
    } finally {
      this.pop()
    }
  }

  /** Whether what is drawn now already belongs to the current element (or is an artifact). */
  holdsContent(): boolean {
    return this.inArtifact || this.open?.owner === this.current
  }

  /**
   * Make sure what is drawn next belongs to the current element. `actual` is the text readers
   * extract for it (ActualText on the marked content, which poppler, pdf.js and MuPDF read).
   */
  content(options: { actual?: string } = {}): void {
    if (this.inArtifact) return
    const owner = this.current
    if (this.open?.owner === owner) return
    this.endContent()
    this.open = {
      owner,
      content: this.doc.markStructureContent(this.types.get(owner) ?? 'Span', options as PDFKit.Mixins.MarkingOptions),
    }
  }

  /** Close the open marked-content sequence (before a page break, an artifact or a new element). */
  endContent(): void {
    if (!this.open) return
    this.doc.endMarkedContent()
    this.open.owner.add(this.open.content)
    this.open = undefined
  }

  /** Draw decoration that is not content: rules, backgrounds, running headers and footers. */
  artifact(draw: () => void): void {
    if (this.inArtifact) {
      draw()
      return
    }
    this.endContent()
    this.doc.markContent('Artifact')
    this.inArtifact = true
    try {
      draw()
    } finally {
      this.inArtifact = false
      this.doc.endMarkedContent()
    }
  }

  /** Close everything; the tree is written when the document ends. */
  finish(): void {
    while (this.stack.length > 1) this.pop()
    this.endContent()
    this.stack[0]!.end()
  }
}
