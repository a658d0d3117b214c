/**
 * Generators of hostile articles for the fuzz property (tests/fuzz.test.ts, `npm run fuzz`): the
 * CommonMark spec's examples cut and spliced, and documents built from the shapes that broke
 * renderers before — raw HTML tables (blank lines, spans, nesting), nested lists, footnotes, GFM
 * tables with ragged rows, long words, every script the fonts cover (and some they do not), bidi
 * controls, NUL and lone surrogates — under every kind of front matter, in UTF-8 or UTF-16.
 */
import { createRequire } from 'node:module'
import fc from 'fast-check'

const { tests: examples } = createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string }> }

/** The CommonMark spec's examples. */
export const snippets = examples.map((example) => example.markdown)

/** Words in every script the fonts cover, and a few they do not (Thai, Devanagari, Bengali, Ethiopic). */
export const SCRIPT_WORDS = [
  'plain',
  'café',
  'Tiếng Việt',
  'İstanbul’da',
  'Київ',
  'Αθήνα',
  'القاهرة',
  'سلام دنیا',
  'ירושלים',
  '서울특별시',
  '北京是中国的首都',
  '東京タワー・ー',
  'ｆｕｌｌｗｉｄｔｈ',
  'กรุงเทพมหานคร',
  'नमस्ते',
  'বাংলা',
  'ሰላም',
  'e\u0301\u0323',
  '👩🏽‍🚀',
  '🇺🇦',
  '™↩',
  '∑∞≠',
  '\u00ad',
]

/** Bidi controls and marks: LRM, RLM, ALM, embeddings, overrides, isolates and their ends. */
export const BIDI = [
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
]

/** Characters no well-formed text should carry: lone surrogates, non-characters, separators, escapes. */
export const HOSTILE = ['\ud800', '\udfff', '\udc00\ud800', '\ufffe', '\uffff', '\u2028', '\u000c', '\u001b[31m']

/** NUL and C0 controls: a UTF-8 file holding them is refused as binary; UTF-16 carries them through. */
export const CONTROLS = ['\u0000', '\u0007', '\u0001\u0002\u0003']

const longWord = fc
  .tuple(fc.constantFrom('x', 'ab', '北', 'ب', '-', '/', 'https://example.org/'), fc.integer({ min: 40, max: 3000 }))
  .map(([unit, count]) => unit.repeat(Math.ceil(count / unit.length)))

const word = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...SCRIPT_WORDS) },
  { weight: 1, arbitrary: longWord },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...BIDI).chain((mark) => fc.constantFrom(...SCRIPT_WORDS).map((w) => `${mark}${w}`)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
)

/** A run of words with inline Markdown and inline HTML. */
export const inline: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: word },
      { weight: 1, arbitrary: word.map((w) => `*${w}*`) },
      { weight: 1, arbitrary: word.map((w) => `**${w}**`) },
      { weight: 1, arbitrary: word.map((w) => `\`${w}\``) },
      { weight: 1, arbitrary: word.map((w) => `[${w}](https://example.org/${safeEncode(w.slice(0, 20))})`) },
      { weight: 1, arbitrary: fc.constantFrom('[^1]', '[^note]', '[^missing]', '[^1][^1]') },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('b', 'sup', 'sub', 'code', 'bdo dir="rtl"', 'span', 'q', 'kbd', 'mark', 'abbr'), word)
          .map(([tag, w]) => `<${tag}>${w}</${tag.split(' ')[0]}>`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '<br>',
          '<wbr>',
          '  \n',
          '<img src="x.png" alt="a">',
          '![alt](missing.png "title")',
          '![](https://example.org/remote.jpg)',
          '[inside](#user-content-fn-1)',
          '[nowhere](#no-such-id)',
          '<https://example.org/auto>',
          '<!-- a comment -->',
          '<svg><circle r="1"/></svg>',
          '<script>alert(1)</script>',
          '&#0;',
          '&#xD800;',
          '&#x10FFFF;',
          '&#1114112;',
          '&nbsp;',
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.integer({ min: 2, max: 60 }), fc.constantFrom('*', '_', '<sup>', '<em>', '<a href="#x">'), word)
          .map(([depth, mark, w]) =>
            mark.startsWith('<')
              ? `${mark.repeat(depth)}${w}${`</${mark.slice(1, -1).split(' ')[0]}>`.repeat(depth)}`
              : `${mark.repeat(depth)}${w}${mark.repeat(depth)}`,
          ),
      },
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((parts) => parts.join(' '))

const span = fc.oneof(
  fc.constant(''),
  fc
    .tuple(fc.constantFrom('colspan', 'rowspan'), fc.constantFrom('0', '1', '2', '3', '-1', '1000', '99999', 'x', ''))
    .map(([name, value]) => ` ${name}="${value}"`),
)
const gap = fc.constantFrom('', '\n', '\n\n', '\n  ', '\n\t')

/** Raw HTML tables: blank lines between tags, spans, empty rows and cells, nesting, a caption. */
export const htmlTable: fc.Arbitrary<string> = fc.letrec<{ table: string; cell: string }>((tie) => ({
  cell: fc
    .tuple(
      fc.constantFrom('td', 'th'),
      span,
      fc.oneof(
        // Tables nest at most three deep: deeper, a generated document would grow without bound.
        { maxDepth: 3, depthIdentifier: 'table' },
        { weight: 5, arbitrary: inline },
        { weight: 1, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: inline.map((text) => `<p>${text}</p><ul><li>${text}</li></ul>`) },
        { weight: 1, arbitrary: tie('table') },
      ),
    )
    .map(([tag, attributes, content]) => `<${tag}${attributes}>${content}</${tag}>`),
  table: fc
    .tuple(
      fc.option(
        inline.map((text) => `<caption>${text}</caption>`),
        { nil: '' },
      ),
      fc.array(
        fc.tuple(
          fc.constantFrom('', 'thead', 'tbody', 'tfoot'),
          fc.array(fc.array(tie('cell'), { maxLength: 5 }), { maxLength: 4 }),
        ),
        { maxLength: 3 },
      ),
      gap,
    )
    .map(([caption, groups, space]) => {
      const rows = (cells: string[][]) => cells.map((row) => `<tr>${space}${row.join(space)}${space}</tr>`).join(space)
      const body = groups.map(([group, cells]) =>
        group ? `<${group}>${space}${rows(cells)}${space}</${group}>` : rows(cells),
      )
      return `<table>${space}${caption}${body.join(space)}${space}</table>`
    }),
})).table

/** A very wide raw HTML table: more columns than any page holds. */
const wideTable = fc
  .integer({ min: 40, max: 500 })
  .map(
    (columns) =>
      `<table><tr>${Array.from({ length: columns }, (_, index) => `<td>c${index}</td>`).join('')}</tr></table>`,
  )

/** GFM tables whose rows are shorter and longer than the header. */
export const gfmTable: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(':--', ':-:', '--:', '---'), { minLength: 1, maxLength: 8 }),
    fc.array(fc.array(fc.oneof(inline, fc.constant(''), fc.constant('a \\| b')), { maxLength: 10 }), { maxLength: 8 }),
  )
  .map(([aligns, rows]) =>
    [
      `| ${aligns.map((_, index) => `H${index}`).join(' | ')} |`,
      `| ${aligns.join(' | ')} |`,
      ...rows.map((cells) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`),
    ].join('\n'),
  )

/** Lists nested in Markdown (by indentation) and in raw HTML. */
export const nestedList: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom('-', '*', '1.', '7)', '- [ ]', '- [x]'), inline), {
      minLength: 1,
      maxLength: 12,
    })
    .map((items) => items.map(([depth, marker, text]) => `${'  '.repeat(depth)}${marker} ${text}`).join('\n')),
  fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('ul', 'ol', 'ol start="0"', 'ol start="-5"'), inline)
    .map(([depth, tag, text]) => {
      const name = tag.split(' ')[0]
      return `${`<${tag}><li>${text}`.repeat(depth)}${`</li></${name}>`.repeat(depth)}`
    }),
)

/** Footnote definitions: ordinary, nested, empty, duplicated, with block content. */
export const footnotes: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('1', 'note', 'x', 'dup', 'dup'),
      fc.oneof(
        inline,
        inline.map((text) => `${text}\n\n    > ${text}\n\n    | a | b |\n    |---|---|\n    | 1 |`),
      ),
    ),
    { maxLength: 4 },
  )
  .map((definitions) => definitions.map(([label, text]) => `[^${label}]: ${text} [^1]`).join('\n\n'))

const block: fc.Arbitrary<string> = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'block', withCrossShrink: true },
    { weight: 4, arbitrary: inline },
    { weight: 2, arbitrary: fc.constantFrom(...snippets) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([rank, text]) => `${'#'.repeat(rank)} ${text}`),
    },
    { weight: 2, arbitrary: htmlTable },
    { weight: 1, arbitrary: wideTable },
    { weight: 2, arbitrary: gfmTable },
    { weight: 2, arbitrary: nestedList },
    { weight: 1, arbitrary: footnotes },
    { weight: 1, arbitrary: tie('block').map((inner) => inner.replace(/^/gm, '> ')) },
    { weight: 1, arbitrary: tie('block').map((inner) => `- ${inner.replace(/\n/g, '\n  ')}`) },
    { weight: 1, arbitrary: inline.map((text) => `\`\`\`js\n${text}\n\t${text}\n\`\`\``) },
    { weight: 1, arbitrary: inline.map((text) => `${text}\n${'='.repeat(3)}\n\n${text}\n---`) },
    {
      weight: 1,
      arbitrary: inline.map(
        (text) =>
          `<figure><img src="x.png" alt="${text.replace(/"/g, '')}"><figcaption>${text}</figcaption></figure>\n\n<picture><source srcset="a.webp"><img src="b.png"></picture>`,
      ),
    },
    {
      weight: 1,
      arbitrary: inline.map(
        (text) =>
          `<details><summary>${text}</summary>\n\n${text}\n\n</details>\n\n<dl><dt>${text}</dt><dd>${text}</dd></dl>`,
      ),
    },
  ),
})).block

/** A title YAML reads as plain text: words only. */
const plainTitle = fc
  .array(fc.constantFrom(...SCRIPT_WORDS.filter((w) => /^\p{L}/u.test(w))), { minLength: 1, maxLength: 6 })
  .map((words) => words.join(' '))

/** Front matter of every kind Galley reads: YAML, TOML, fenceless, or none (the title from a heading, or no title). */
export const frontMatter: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: inline }, { weight: 1, arbitrary: fc.constantFrom('Fuzz', '') }),
    plainTitle,
    fc.option(inline, { nil: undefined }),
    fc.option(
      fc.oneof(
        {
          weight: 12,
          arbitrary: fc.constantFrom('en', 'ar', 'he', 'fa', 'ko', 'zh-Hans', 'ja', 'th', 'hi', 'vi', 'tr', 'el', 'ru'),
        },
        { weight: 1, arbitrary: fc.constantFrom('xx-invalid!', '') },
      ),
      { nil: undefined },
    ),
    fc.option(
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('2025-05-14', '1969-12-31T23:59:59Z', '2024-02-29 10:00') },
        { weight: 1, arbitrary: fc.constantFrom('2024-02-30', 'tomorrow', '99999-01-01') },
      ),
      { nil: undefined },
    ),
    fc.constantFrom(
      'yaml-quoted',
      'yaml-quoted',
      'yaml-quoted',
      'yaml-quoted',
      'yaml',
      'yaml',
      'toml',
      'toml',
      'fenceless',
      'fenceless',
      'heading',
      'heading',
      'none',
      'broken',
    ),
  )
  .map(([title, plain, description, lang, date, kind]) => {
    const quoted = (value: string) => JSON.stringify(value)
    const fields = (text: string): Array<[string, string]> => [
      ['title', text],
      ...(description !== undefined ? [['description', description] as [string, string]] : []),
      ...(lang !== undefined ? [['lang', lang] as [string, string]] : []),
      ...(date !== undefined ? [['date', date] as [string, string]] : []),
    ]
    switch (kind) {
      case 'yaml':
        // Unquoted YAML: plain words, so the block parses and the body is reached.
        return `---\n${fields(plain)
          .map(([key, value]) => `${key}: ${key === 'title' ? value : quoted(value)}`)
          .join('\n')}\n---\n\n`
      case 'yaml-quoted':
        return `---\n${fields(title)
          .map(([key, value]) => `${key}: ${quoted(value)}`)
          .join('\n')}\n---\n\n`
      case 'toml':
        return `+++\n${fields(title)
          .map(([key, value]) => `${key} = ${quoted(value)}`)
          .join('\n')}\n+++\n\n`
      case 'fenceless':
        return `${fields(plain)
          .map(([key, value]) => `${key}: ${key === 'title' ? value : quoted(value)}`)
          .join('\n')}\n---\n\n`
      case 'heading':
        return `# ${title}\n\n`
      case 'broken':
        return `---\ntitle: [${title}\n---\n`
      default:
        return ''
    }
  })

/** How the article's text becomes bytes: UTF-8, or UTF-16 with a byte-order mark (which keeps NUL). */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be'

/** A generated article: its text and the encoding it is saved in. */
export interface FuzzDocument {
  markdown: string
  encoding: Encoding
}

/** Markdown built from spec examples: concatenated, cut, with random characters spliced in. */
const mutatedSpec = fc
  .tuple(
    fc.array(fc.constantFrom(...snippets), { minLength: 1, maxLength: 6 }),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.constantFrom(
            '*',
            '_',
            '`',
            '[',
            ']',
            '(',
            ')',
            '<',
            '>',
            '|',
            '#',
            '-',
            '\n',
            '\n\n',
            '---\n',
            '"',
            "'",
            '\\',
            '\t',
          ),
          fc.constantFrom(...HOSTILE, ...BIDI, ...CONTROLS),
        ),
      ),
      { maxLength: 8 },
    ),
  )
  .map(([parts, edits]) => splice(parts.join('\n'), edits))

/** Articles built from blocks. */
const built = fc
  .tuple(fc.array(block, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n\n', '\n', '\n\n\n'))
  .map(([blocks, separator]) => blocks.join(separator))

/** A whole article: front matter, a body, and now and then a few characters spliced in anywhere. */
export const fuzzDocument: fc.Arbitrary<FuzzDocument> = fc
  .tuple(
    frontMatter,
    fc.oneof({ weight: 1, arbitrary: mutatedSpec }, { weight: 2, arbitrary: built }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE, ...BIDI, ...CONTROLS, '\n', '|', '<')), { maxLength: 2 }),
    fc.constantFrom<Encoding>('utf-8', 'utf-8', 'utf-8', 'utf-8', 'utf-8', 'utf-16le', 'utf-16be'),
  )
  .map(([front, body, edits, encoding]) => ({ markdown: splice(front + body, edits), encoding }))

/** A URL path segment for any text, lone surrogates included (which `encodeURIComponent` refuses). */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    return text
  }
}

function splice(text: string, edits: Array<[number, string]>): string {
  let result = text
  for (const [position, insert] of edits) {
    const at = position % (result.length + 1)
    result = result.slice(0, at) + insert + result.slice(at)
  }
  return result
}

/** The bytes of a document as a file would hold them (UTF-16 with its byte-order mark, code units as they are). */
export function encodeDocument({ markdown, encoding }: FuzzDocument): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(markdown)
  const bytes = new Uint8Array(2 + markdown.length * 2)
  const view = new DataView(bytes.buffer)
  const little = encoding === 'utf-16le'
  view.setUint16(0, 0xfeff, little)
  for (let index = 0; index < markdown.length; index++)
    view.setUint16(2 + index * 2, markdown.charCodeAt(index), little)
  return bytes
}
