import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { messageLines } from '../pipeline/report.ts'
import { normaliseDate } from '../pipeline/source/front-matter.ts'
import { readMdxExport } from '../pipeline/source/front-matter-mdx.ts'
import { splitList } from '../pipeline/source/front-matter-values.ts'
import { VFile } from 'vfile'
import { detachFencelessFrontMatter, readFrontMatter } from '../pipeline/source/front-matter.ts'
import { type BlockKind, FRONT_MATTER_KINDS } from '../pipeline/source/front-matter-kinds.ts'
import { parseMarkdown } from '../pipeline/source/processor.ts'
import { parseFixture, parseText } from './helpers/articles.ts'
import { expectGolden } from './helpers/golden.ts'

const root = 'tests/fixtures/front-matter'

describe('front matter fixtures', () => {
  for (const name of readdirSync(root).sort()) {
    it(`reports the expected messages for ${name}`, async () => {
      const { article, file } = await parseFixture(path.join(root, name, 'input.md'))
      const lines = file.messages.map(
        (message) =>
          `${message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'} ${messageLines({ messages: [message] } as never)[0]}`,
      )
      const summary = [
        `built: ${article ? 'yes' : 'no'}`,
        ...(article
          ? [
              `title: ${article.metadata.title}`,
              `date: ${article.metadata.published?.iso ?? '-'}`,
              `tags: ${article.metadata.tags.join(', ')}`,
            ]
          : []),
        ...lines,
      ].join('\n')
      expectGolden(path.join(root, name, 'messages.txt'), `${summary}\n`)
    })
  }
})

describe('front matter positions', () => {
  it('points a wrong type at the value’s line and column', async () => {
    const { file } = await parseFixture(path.join(root, 'wrong-type', 'input.md'))
    const author = file.messages.find((message) => message.reason.includes('`author`'))
    expect(author?.fatal).toBe(true)
    expect([author?.line, author?.column]).toEqual([5, 9])
  })

  it('points an unknown field at its line and warns instead of failing', async () => {
    const { article, file } = await parseFixture(path.join(root, 'unknown-field', 'input.md'))
    expect(article).toBeDefined()
    const layout = file.messages.find((message) => message.reason.includes('`layout`'))
    expect(layout?.fatal).toBeFalsy()
    expect([layout?.line, layout?.column]).toEqual([3, 1])
    expect(layout?.ruleId).toBe('unknown-field')
  })

  it('names the file in every message', async () => {
    const { file } = await parseFixture(path.join(root, 'impossible-date', 'input.md'))
    expect(file.messages.length).toBeGreaterThan(0)
    for (const message of file.messages) expect(message.file).toBe(path.join(root, 'impossible-date', 'input.md'))
  })
})

describe('normaliseDate', () => {
  it('keeps a date without a time as a date', () => expect(normaliseDate('2025-05-23')).toBe('2025-05-23'))
  it('keeps the time zone the author gave', () =>
    expect(normaliseDate('2025-05-23 14:05+0200')).toBe('2025-05-23T14:05:00+02:00'))
  it('refuses a day that does not exist', () => expect(normaliseDate('2023-02-29')).toBeUndefined())
  it('accepts the leap day of a leap year', () => expect(normaliseDate('2024-02-29')).toBe('2024-02-29'))
  it('refuses an hour past 23', () => expect(normaliseDate('2024-02-01T24:00:00Z')).toBeUndefined())
  it('refuses text that is not a date', () => expect(normaliseDate('last Tuesday')).toBeUndefined())
})

describe('readMdxExport', () => {
  it('reads the literal values of a metadata export, stops at its closing brace, and leaves code out', () => {
    const text = [
      "import {Note} from './note.jsx'",
      'export const info = {',
      "  title: `A ${'template'} is code`,",
      "  author: [{name: 'Titus Wormer', github: 'wooorm'}],",
      "  published: new Date('2022-02-01'),",
      '  count: -2,',
      '}',
      '',
      '<Note type="legacy">',
      '  **Note**: {2 * Math.PI}',
      '</Note>',
    ].join('\n')
    const found = readMdxExport(text)!
    expect(found.name).toBe('info')
    expect(Object.fromEntries([...found.entries].map(([key, entry]) => [key, entry.value]))).toEqual({
      author: [{ name: 'Titus Wormer', github: 'wooorm' }],
      published: '2022-02-01',
      count: -2,
    })
    expect(found.skipped).toEqual(['title'])
    expect(text.slice(found.start, found.end)).toMatch(/^export const info = \{[\s\S]*\n\}$/)
  })

  it('ignores an export inside fenced code, and one that is not an object literal', () => {
    expect(readMdxExport('```mdx\nexport const meta = {title: "x"}\n```\n')).toBeUndefined()
    expect(readMdxExport('export const meta = makeMeta()\n')).toBeUndefined()
  })
})

describe('splitList', () => {
  it('splits a header value on commas, or on semicolons when it has one (Pelican)', () => {
    expect(splitList('pelican, publishing')).toEqual(['pelican', 'publishing'])
    expect(splitList('Metaireau, Alexis; Doyle, Conan')).toEqual(['Metaireau, Alexis', 'Doyle, Conan'])
  })
})

describe('front matter kinds', () => {
  // A source of every kind in FRONT_MATTER_KINDS, with a title and without one.
  const sources: Record<BlockKind, (title?: string) => string> = {
    yaml: (title) => `---\n${title ? `title: ${title}\n` : ''}lang: en\n---\n\nThe body.\n`,
    toml: (title) => `+++\n${title ? `title = "${title}"\n` : ''}lang = "en"\n+++\n\nThe body.\n`,
    json: (title) => `{\n${title ? `  "title": "${title}",\n` : ''}  "lang": "en"\n}\n\nThe body.\n`,
    hexo: (title) => `${title ? `title: ${title}\n` : ''}lang: en\n---\n\nThe body.\n`,
    pelican: (title) => `Title: ${title ?? ''}\nLang: en\n\nThe body.\n`,
    mdx: (title) => `export const metadata = { ${title ? `title: '${title}', ` : ''}lang: 'en' }\n\nThe body.\n`,
  }

  for (const kind of Object.keys(FRONT_MATTER_KINDS) as BlockKind[]) {
    it(`reads ${kind} front matter, and asks for a title in its syntax`, async () => {
      const file = new VFile({ path: 'inline.md', value: sources[kind]('A title') })
      const frontMatter = readFrontMatter(parseMarkdown(file), file, detachFencelessFrontMatter(file))
      expect([frontMatter.format, frontMatter.title]).toEqual([kind, 'A title'])
      // Pelican's header is one only when it has a title line.
      if (kind === 'pelican') return
      const { file: untitled } = await parseText(sources[kind]())
      const missing = untitled.messages.find((message) => message.ruleId === 'missing-title')
      expect(missing?.reason).toContain(`\`${FRONT_MATTER_KINDS[kind].title}\``)
    })
  }
})
