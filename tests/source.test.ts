import { mkdtempSync, symlinkSync, writeFileSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs'
import { globSync } from 'tinyglobby'
import { createRequire } from 'node:module'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkSmartypants from 'remark-smartypants'
import { unified } from 'unified'
import remarkSmartTypography from '../pipeline/source/remark-smart-typography.ts'
import os from 'node:os'
import path from 'node:path'
import { toHtml } from 'hast-util-to-html'
import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import { parseArticle } from '../pipeline/source/parse-article.ts'
import { validUrl } from '../pipeline/source/rehype-link-targets.ts'
import { parseText, testConfig } from './helpers/articles.ts'

async function bodyHtml(markdown: string) {
  const { article, file } = await parseText(`---\ntitle: T\n---\n\n${markdown}\n`)
  return { html: article ? toHtml(article.tree) : '', file }
}

describe('sanitising raw HTML', () => {
  const hostile: Array<[string, RegExp]> = [
    ['<script>alert(1)</script>', /<script|alert/],
    ['<img src="x.png" alt="x" onerror="alert(1)">', /onerror/],
    ['<a href="javascript:alert(1)">click</a>', /javascript:/],
    ['<a href="vbscript:msgbox(1)">click</a>', /vbscript:/],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', /data:text\/html|<script/],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/],
    ['<object data="x.swf"></object>', /<object/],
    ['<p style="width: expression(alert(1))">styled</p>', /expression|style=/],
    ['[link](javascript:alert(1))', /javascript:/],
    ['<svg><script>alert(1)</script></svg>', /<script|<svg/],
  ]
  for (const [input, forbidden] of hostile) {
    it(`removes the danger from ${input}`, async () => {
      const { html } = await bodyHtml(input)
      expect(html).not.toMatch(forbidden)
    })
  }

  it('keeps safe elements such as figure, sup and details', async () => {
    const { html } = await bodyHtml(
      '<figure><img src="https://x.example/a.png" alt="A"><figcaption>Cap</figcaption></figure>\n\nH<sub>2</sub>O and x<sup>2</sup>\n\n<details><summary>More</summary>Hidden</details>',
    )
    expect(html).toContain('<figure>')
    expect(html).toContain('<figcaption>Cap</figcaption>')
    expect(html).toContain('<sup>2</sup>')
    expect(html).toContain('<sub>2</sub>')
    expect(html).toContain('<details><summary>More</summary>Hidden</details>')
  })
})

describe('the shared tree', () => {
  it('applies smart typography: curly quotes, dashes and ellipses', async () => {
    const { html } = await bodyHtml(`"Quoted" and 'single' -- a dash... it's done`)
    expect(html).toContain('“Quoted” and ‘single’ — a dash… it’s done')
  })

  it('leaves code alone', async () => {
    const { html } = await bodyHtml('`"raw" -- code...`')
    expect(html).toContain('<code>"raw" -- code...</code>')
  })

  it('gives headings ids with github-slugger, unique within the article', async () => {
    const { html } = await bodyHtml('## Plan — Riverside\n\n## Plan — Riverside\n\n## Ünïcode Título')
    expect(html).toContain('<h2 id="plan--riverside">')
    expect(html).toContain('<h2 id="plan--riverside-1">')
    expect(html).toContain('<h2 id="ünïcode-título">')
  })

  it('supports GFM tables, task lists, strikethrough and footnotes', async () => {
    const { html } = await bodyHtml(
      '| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n~~gone~~ and a note[^1]\n\n[^1]: The note.',
    )
    expect(html).toContain('<table>')
    expect(html).toContain('type="checkbox"')
    expect(html).toContain('<del>gone</del>')
    expect(html).toMatch(/<a href="#user-content-fn-1" id="user-content-fnref-1"/)
    expect(html).toContain('<li id="user-content-fn-1">')
  })

  it('drops a first heading that repeats the title', async () => {
    const { article } = await parseText('---\ntitle: Same title\n---\n\n# Same title\n\nBody.')
    expect(toHtml(article!.tree)).not.toContain('<h1')
  })
})

describe('decoding sources', () => {
  it('accepts a byte-order mark and CRLF line endings silently', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('---\r\ntitle: Windows\r\n---\r\n\r\nBody.\r\n'),
    ])
    const { article, file } = await parseText(bytes)
    expect(article?.metadata.title).toBe('Windows')
    expect(file.messages).toEqual([])
  })

  it('reads Latin-1 bytes with a warning that points at the first one, never as mojibake', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('---\ntitle: Caf'),
      0xe9,
      ...new TextEncoder().encode('\n---\n\nNa'),
      0xef,
      ...new TextEncoder().encode('ve “curly”.\n'),
    ])
    const { article, file } = await parseText(bytes)
    expect(article?.metadata.title).toBe('Café')
    expect(toHtml(article!.tree)).toContain('Naïve “curly”.')
    expect(file.messages).toHaveLength(1)
    expect(file.messages[0]!.ruleId).toBe('not-utf8')
    expect([file.messages[0]!.line, file.messages[0]!.column]).toEqual([2, 11])
  })

  it('refuses binary data with a clear error', async () => {
    const { article, file } = await parseText(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    )
    expect(article).toBeUndefined()
    expect(file.messages[0]?.ruleId).toBe('binary-file')
    expect(file.messages[0]?.fatal).toBe(true)
  })
})

describe('images', () => {
  function articleFolder() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-images-'))
    mkdirSync(path.join(dir, 'story'))
    copyFileSync('tests/fixtures/every-element/valley.png', path.join(dir, 'story', 'valley.png'))
    writeFileSync(path.join(dir, 'secret.png'), 'not for you')
    symlinkSync(path.join(dir, 'secret.png'), path.join(dir, 'story', 'link.png'))
    return dir
  }

  it('loads a local image once and refuses paths that leave the article folder', async () => {
    const dir = articleFolder()
    const source = [
      '---\ntitle: Images\n---\n',
      '![Valley](valley.png)',
      '![Up](../secret.png)',
      '![Passwords](/etc/passwd)',
      '![Link](link.png)',
      '![Remote](https://example.org/a.png)',
      '![Gone](missing.png)',
    ].join('\n\n')
    const { article, file } = await parseArticle(
      path.join(dir, 'story', 'index.md'),
      new TextEncoder().encode(source),
      { config: testConfig, cwd: dir, lint: false },
    )
    expect([...article!.assets.keys()]).toEqual(['valley.png'])
    expect(article!.assets.get('valley.png')!.mediaType).toBe('image/png')
    const rules = file.messages.map((message) => message.ruleId)
    // `/etc/passwd` is a site-root path: looked for in the static folders only, and not there.
    expect(rules).toEqual(['unsafe-image-path', 'missing-image', 'unsafe-image-path', 'remote-image', 'missing-image'])
    const html = toHtml(article!.tree)
    expect(html).toContain('<img src="valley.png" alt="Valley">')
    expect(html).toContain('<span class="image-missing">[Remote]</span>')
    expect(html).not.toContain('secret')
    expect(html).not.toContain('/etc/passwd')
  })

  it('resolves a site-root image in the first static folder that has it, never outside the static folders', async () => {
    const dir = articleFolder()
    mkdirSync(path.join(dir, 'static', 'img'), { recursive: true })
    mkdirSync(path.join(dir, 'public', 'img'), { recursive: true })
    copyFileSync('tests/fixtures/every-element/valley.png', path.join(dir, 'public', 'img', 'valley.png'))
    symlinkSync(path.join(dir, 'secret.png'), path.join(dir, 'static', 'img', 'link.png'))
    const config = resolveConfig({ siteName: 'Galley News', staticFolders: ['static', 'public'] }, dir)
    const source = [
      '---\ntitle: Site-root images\nimage: /img/valley.png\n---\n',
      '![Valley](/img/valley.png)',
      '![Up](/../secret.png)',
      '![Link](/img/link.png)',
      '![Gone](/img/missing.png)',
    ].join('\n\n')
    const { article, file } = await parseArticle(
      path.join(dir, 'story', 'index.md'),
      new TextEncoder().encode(source),
      {
        config,
        cwd: dir,
        lint: false,
      },
    )
    expect([...article!.assets.keys()]).toEqual(['img/valley.png'])
    expect(article!.assets.get('img/valley.png')).toMatchObject({ path: 'img/valley.png', mediaType: 'image/png' })
    expect(article!.metadata.image?.src).toBe('img/valley.png')
    expect(toHtml(article!.tree)).toContain('<img src="img/valley.png" alt="Valley">')
    expect(file.messages.map((message) => `${message.ruleId}: ${message.reason}`)).toEqual([
      'unsafe-image-path: Image `/../secret.png` points outside the static folders; Galley only embeds files inside them',
      'unsafe-image-path: Image `/img/link.png` points outside the static folders; Galley only embeds files inside them',
      'missing-image: Image `/img/missing.png` was not found in the static folders (static/, public/); its alt text is used instead',
    ])
  })

  it('warns about an image without an alt attribute, and takes an empty alt as decorative', async () => {
    const missing = await parseText('---\ntitle: T\n---\n\n<img src="https://example.org/x.png">')
    expect(missing.file.messages.map((message) => message.ruleId)).toContain('missing-alt')
    for (const decorative of [
      '![](https://example.org/x.png)',
      '![ ](https://example.org/x.png)',
      '<img src="x.png" alt="">',
    ]) {
      const { file } = await parseText(`---\ntitle: T\n---\n\n${decorative}`)
      expect(file.messages.map((message) => message.ruleId)).not.toContain('missing-alt')
    }
  })
})

describe('smart typography', () => {
  // Galley's plugin skips the passes that cannot change a node; it must give what remark-smartypants gives.
  const options = { dashes: true, backticks: false } as const
  const reference = unified().use(remarkParse).use(remarkGfm).use(remarkSmartypants, options)
  const galley = unified().use(remarkParse).use(remarkGfm).use(remarkSmartTypography, options)
  const { tests: examples } = createRequire(import.meta.url)('commonmark-spec') as {
    tests: Array<{ markdown: string }>
  }
  const fixtures = [
    ...globSync('tests/fixtures/**/*.md'),
    ...globSync('input/*.md'),
    ...globSync('../shared/corpus/articles/*.md'),
  ].map((file) => readFileSync(file, 'utf8'))
  const samples = [
    ...examples.map((example) => example.markdown),
    ...fixtures,
    'She said "it\'s *fine*" -- then left... . . . and "[a link](https://x.example)" \'quoted\'.',
    'No marks at all here.',
    '| a "b" | c -- d |\n| --- | --- |\n| e... | `"code"` |',
    // Quotes whose neighbours sit across a heading or a paragraph with no full stop between them.
    '# Why\n\n\'s and \'80s and "\'Quoted\' words in a larger quote."\n\nHe said "no\n\n" and left',
    '"\n\n\'\n\n"A" "B."\' \'"C" D\'s" -- \'"',
  ]

  // 2-3 s alone; over 5 s (vitest's default limit) when the whole suite shares two busy cores.
  it(`gives the same tree as remark-smartypants for ${samples.length} samples (CommonMark spec, fixtures, edge cases)`, {
    timeout: 30_000,
  }, () => {
    for (const markdown of samples) {
      const expected = reference.runSync(reference.parse(markdown))
      expect(galley.runSync(galley.parse(markdown)), markdown).toEqual(expected)
    }
  })

  it('curls quotes across emphasis and makes dashes and ellipses', async () => {
    const { html } = await bodyHtml('"It\'s *done*," she said -- twice... really.')
    expect(html).toContain('“It’s <em>done</em>,” she said — twice… really.')
  })
})

describe('link targets', () => {
  it('percent-encodes what a URL may not hold, and leaves a valid URL as it is', () => {
    expect(validUrl('https://matrix.to/#/#room:matrix.org')).toBe('https://matrix.to/#/%23room:matrix.org')
    expect(validUrl('https://example.org/a b?q=[1]#x"y')).toBe('https://example.org/a%20b?q=%5B1%5D#x%22y')
    expect(validUrl('https://[::1]:8080/ok%20already?x=1&y=2#frag')).toBe(
      'https://[::1]:8080/ok%20already?x=1&y=2#frag',
    )
    expect(validUrl('/wiki/Café 100%')).toBe('/wiki/Caf%C3%A9%20100%25')
  })

  it('turns Word’s <a name> anchors into ids, so the links to them resolve', async () => {
    const { article, file } = await parseText(
      '---\ntitle: Notes\n---\n\nText.<a href="#_ftn1" name="_ftnref1">[1]</a>\n\n<a href="#_ftnref1" name="_ftn1">[1]</a> The note.\n\n## Notes\n\n<a name="notes">dup</a>',
    )
    const html = toHtml(article!.tree)
    expect(html).toContain('<a href="#_ftn1" id="_ftnref1">[1]</a>')
    expect(html).toContain('<a href="#_ftnref1" id="_ftn1">[1]</a>')
    expect(html).not.toContain('name=')
    expect(file.messages.map((message) => message.ruleId)).toEqual(['unusable-anchor'])
  })
})
