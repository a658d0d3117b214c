/**
 * Every rule id a Galley message can carry, with the stage that reports it, how severe it is and
 * what it means: the one list the table in docs/messages.md is written from (`UPDATE=1 npx vitest
 * run tests/rules.test.ts` rewrites it). tests/rules.test.ts fails when the code uses an id that is
 * not here, or when one here is no longer used.
 */

/** How a rule's messages are reported. `lint` warnings become errors with `--strict`. */
export type Severity = 'error' | 'warning' | 'info' | 'lint'

export interface Rule {
  id: string
  /** The vfile message source, `galley:<stage>`; `galley:<format>` for a renderer's. */
  source: string
  severity: Severity
  /** What the message says, in a phrase. */
  meaning: string
}

/** The rules by source: id, severity, meaning. */
const BY_SOURCE = {
  /** Reading and parsing the source. */
  'galley:source': [
    ['empty-file', 'error', 'the file is empty: nothing to build'],
    ['binary-file', 'error', 'the source is not text'],
    ['not-utf8', 'warning', 'bytes that are not UTF-8 were read as Windows-1252'],
    ['source-too-large', 'error', 'the source is over the size limit'],
    ['too-deep', 'error', 'block quotes and lists nested deeper than the limit'],
    ['empty-body', 'error', 'front matter and no article body'],
    ['parse-failed', 'error', 'the source could not be read or parsed at all'],
    ['not-mdx', 'info', 'a source that looks like MDX is not valid MDX: read as Markdown'],
    ['mdx-removed', 'warning', 'MDX that Galley cannot run (imports, exports, expressions) removed'],
    ['title-from-heading', 'info', 'the title was taken from the one level-1 heading, after other content'],
    ['title-from-file-name', 'warning', 'no title: one was made from a dated (Jekyll) file name'],
    ['unknown-element', 'warning', 'raw HTML outside the allowed schema: content kept, once per tag'],
    ['unknown-component', 'warning', 'a component Galley does not know: its content is kept, or it is removed'],
    ['unsafe-html', 'warning', '`<script>`, `<iframe>`, `<object>`… removed with their content'],
    ['unlabelled-control', 'warning', 'a form control from raw HTML with no label: removed'],
    ['unknown-shortcode', 'warning', 'a Hugo, Liquid or Zola shortcode Galley does not know: its text is kept'],
    ['media-as-link', 'warning', 'audio or video replaced by a link to the file (or removed without an address)'],
    ['math-error', 'warning', 'TeX MathJax cannot read: it is shown as code'],
    ['unusable-anchor', 'warning', 'an `<a name>` anchor with spaces or the id of another element'],
  ],
  /** The front matter. */
  'galley:front-matter': [
    ['invalid-yaml', 'error', 'the YAML front matter does not parse'],
    ['invalid-toml', 'error', 'the TOML front matter does not parse'],
    ['fenceless-front-matter', 'warning', 'Hexo-style front matter without its opening `---` (read anyway)'],
    ['front-matter-dialect', 'info', 'another tool’s field or header read as Galley’s (how it was mapped)'],
    ['unknown-field', 'warning', 'a front matter field Galley does not use'],
    ['duplicate-field', 'warning', 'two fields that give the same value: one is ignored'],
    ['invalid-field', 'error', 'a field of the wrong type, an impossible date or a bad URL'],
    ['ignored-field', 'warning', 'an optional field (or part of one) that cannot be used is left out'],
    ['invalid-lang', 'warning', 'a language tag that is not BCP 47: the language is detected instead'],
    ['lenient-date', 'warning', 'a date that is not ISO 8601, read as the one it shows'],
    ['unsafe-slug', 'warning', 'a slug that is not a safe folder name, made into one'],
    ['draft', 'info', 'a draft: skipped until its draft field changes'],
  ],
  /** Images and other local files. */
  'galley:assets': [
    ['missing-alt', 'warning', 'an image without alt text'],
    ['remote-image', 'warning', 'a remote image is not fetched; its alt text is used'],
    ['unsafe-image-path', 'warning', 'an image path leaving the article’s folder is refused'],
    ['missing-image', 'warning', 'a local image that is not there'],
    ['unreadable-image', 'warning', 'a local image that cannot be read'],
    ['unsupported-image', 'warning', 'an image of a type no format can embed'],
    ['image-too-large', 'warning', 'an image over the size limit is not embedded'],
  ],
  /** The metadata step. */
  'galley:metadata': [
    ['missing-title', 'error', 'neither a `title` nor a leading `# Heading`'],
    ['unknown-lang', 'warning', 'a `lang` that names no known language: the language is detected instead'],
  ],
  /** Editorial lint: warnings that `--strict` makes errors. */
  'galley:lint': [
    ['lang-mismatch', 'lint', 'the text reads as another language than the one declared'],
    ['placeholder-text', 'lint', 'lorem ipsum, TODO or TK left in the text'],
    ['split-paragraph', 'lint', 'a paragraph broken in the middle of a sentence'],
    ['straight-quotes', 'lint', 'straight quote marks: curled in the output, but better curled in the source'],
    ['doubled-space', 'lint', 'two or more spaces in a row'],
    ['empty-link', 'lint', 'a link with no text or no address'],
    ['missing-description', 'lint', 'no description: an excerpt is used in the card and the page'],
    ['title-too-long', 'lint', 'a title longer than social previews show'],
    ['near-duplicate', 'lint', 'two articles that tell the same story'],
  ],
  /** The build, its cache and the output folder. */
  'galley:build': [
    ['duplicate-slug', 'error', 'a second source with a slug already used; the first is kept'],
    ['worker-failed', 'error', 'a worker thread stopped while it held the article'],
    ['no-sources', 'warning', 'a target that names no Markdown source'],
    ['removed-article', 'info', 'an article whose source is gone (or whose slug changed) was removed from the site'],
    ['unlisted-folder', 'warning', 'a folder of the output that no record names (every record was lost)'],
    ['damaged-manifest', 'warning', 'the site’s manifest could not be read; it is made again'],
    ['damaged-cache', 'warning', 'the build cache could not be read; the articles are built again'],
    ['reserved-slug', 'error', 'a slug Galley keeps for its own folders (`digests`)'],
  ],
  /** `galley digest`. */
  'galley:digest': [
    ['digest-no-article', 'error', 'a path or glob names no Markdown source, or a story chosen from the site is gone'],
    ['digest-article-failed', 'error', 'a story failed to build (its own error is reported beside it); left out'],
    ['digest-no-stories', 'error', 'no story could be used; nothing is written'],
    ['digest-draft', 'warning', 'a named source is a draft; left out'],
    ['digest-render-failed', 'error', 'one output of the issue could not be made; the others are written'],
    ['digest-no-site-url', 'warning', 'no site URL: the email is skipped'],
    ['digest-story-not-on-site', 'warning', 'the email links a story whose page or card is not in `--out`'],
    ['digest-email-intro-image', 'warning', 'an image of the introduction is left out of the email'],
    ['digest-pdf-too-large', 'warning', 'the issue’s PDF is above 10 MB'],
    ['digest-email-too-large', 'warning', 'the email’s HTML is above 102 KB (Gmail clips it)'],
  ],
  /** The social card. */
  'galley:og': [
    ['og-image-format', 'warning', 'a lead image the card cannot draw: the card is drawn without it'],
    ['og-image-unreadable', 'warning', 'a damaged lead image: the card is drawn without it'],
    ['og-missing-emoji', 'warning', 'an emoji Twemoji has no picture for: left out of the card'],
    ['og-missing-glyph', 'warning', 'a character no card font can draw (it would show as a box)'],
  ],
  /** The PDF. */
  'galley:pdf': [
    ['pdf-missing-glyph', 'warning', 'a character no bundled font can draw (shown as a box)'],
    ['pdf-relative-link', 'warning', 'a relative link with no canonical URL to resolve it against'],
    ['pdf-broken-anchor', 'warning', 'a link to an element the article does not have'],
    ['pdf-unsupported-element', 'warning', 'an element the PDF cannot show as such: its text is kept'],
    ['pdf-inline-image', 'warning', 'an image inside a line of text: its alt text is shown'],
    ['pdf-missing-image', 'warning', 'an image that was not loaded: its alt text is shown'],
    ['pdf-image-unreadable', 'warning', 'a damaged image: its alt text is shown'],
    ['pdf-image-format', 'warning', 'an image neither PNG nor JPEG: its alt text is shown'],
    ['pdf-math', 'warning', 'a formula MathJax cannot draw: its TeX is shown'],
    ['pdf-nested-table', 'warning', 'a table inside a table cell, drawn as lines of text'],
    ['pdf-table-too-wide', 'warning', 'a table too wide for the page, drawn as a list of its rows'],
  ],
  /** The EPUB. */
  'galley:epub': [
    ['epub-relative-link', 'warning', 'a relative link with no canonical URL to resolve it against'],
    ['epub-broken-anchor', 'warning', 'a link to an element the article does not have: its text is kept'],
    ['epub-unusable-image', 'warning', 'an image the EPUB cannot embed: its alt text is shown'],
    ['epub-unusable-cover', 'warning', 'the social card is not a PNG the EPUB can use as its cover'],
    ['epub-dropped-attribute', 'warning', 'an attribute of the article’s raw HTML that EPUB XHTML cannot keep'],
  ],
  /** Any renderer (the source names its format). */
  'galley:<format>': [['render-failed', 'error', 'a renderer failed; the article’s other formats are still written']],
  /** The site config. */
  'galley:config': [
    ['missing-site-url', 'warning', 'no site URL: relative links, no feeds or sitemap'],
    ['theme-contrast', 'warning', 'a theme colour pair used for text below WCAG AA contrast (4.5:1)'],
  ],
  /** `galley import`. */
  'galley:import': [
    ['unreadable-file', 'error', 'the file to import cannot be read'],
    ['file-exists', 'error', 'the Markdown file to write exists; `--force` overwrites it'],
    ['write-failed', 'error', 'the Markdown file could not be written'],
    ['missing-headline', 'error', 'no headline found in the text'],
    ['html-body', 'info', 'which element of the HTML page was read as the article'],
    ['headline', 'info', 'which line was taken as the headline'],
    ['byline', 'info', 'the line read as the byline'],
    ['category-line', 'info', 'the line read as the language and tags'],
    ['date-line', 'info', 'a line read as the date'],
    ['unreadable-date', 'warning', 'a date line that names no date Galley can read'],
    ['outlet-line', 'info', 'a bare line read as the outlet (the source)'],
    ['boilerplate', 'info', 'a boilerplate line (share, subscribe…) removed'],
    ['placeholder', 'info', 'placeholder text removed'],
    ['joined-paragraph', 'info', 'lines broken mid-sentence joined into one paragraph'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, Severity, string]>>

/** A rule id Galley uses. */
export type RuleId = (typeof BY_SOURCE)[keyof typeof BY_SOURCE][number][0]

/** Every rule, grouped by source in the order of a build. */
export const RULES: readonly Rule[] = Object.entries(BY_SOURCE).flatMap(([source, rules]) =>
  rules.map(([id, severity, meaning]) => ({ id, source, severity, meaning })),
)
