import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { chineseScript, detectLanguage } from '../pipeline/metadata/detect-language.ts'
import { messageLines } from '../pipeline/report.ts'
import { quotationMarks } from '../pipeline/source/quotation-marks.ts'
import { parseFixture, parseText } from './helpers/articles.ts'
import { expectGolden } from './helpers/golden.ts'

const root = 'tests/fixtures/language'

describe('language fixtures (real sentences, most without `lang`)', () => {
  for (const name of readdirSync(root).sort()) {
    it(`decides the language and direction of ${name}`, async () => {
      const { article, file } = await parseFixture(path.join(root, name, 'input.md'), undefined, { lint: true })
      const m = article!.metadata
      const summary = [
        `lang: ${m.lang} (${m.langSource})`,
        `dir: ${m.dir}`,
        `title: ${m.title}`,
        ...file.messages.map((message) => messageLines({ messages: [message] } as never)[0]),
      ].join('\n')
      expectGolden(path.join(root, name, 'expected.txt'), `${summary}\n`)
    })
  }
})

describe('language detection', () => {
  it('reads lorem ipsum filler as no language (franc has no Latin and called it French)', async () => {
    const filler =
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Pellentesque ligula commodo viverra vehicula. Morbi a euismod nibh. Interdum et malesuada fames ac ante ipsum primis in faucibus. Donec tellus sapien, sodales eget ante vitae, feugiat ullamcorper urna.'
    const { article } = await parseText(
      `---\ntitle: Elements\n---\n\nThe purpose of this post is to show every element.\n\n## Paragraph\n\n${filler}\n\n${filler}\n`,
    )
    expect(article!.metadata.lang).toBe('en')
  })

  it('leaves a text too short to tell undecided, and the site language is used', async () => {
    expect(detectLanguage('Hello there')).toBeUndefined()
    const { article } = await parseText('---\ntitle: Hi\n---\n\nOK.\n')
    expect(article!.metadata.lang).toBe('en')
    expect(article!.metadata.langSource).toBe('default')
  })

  it('tells Traditional from Simplified Chinese by the characters used', () => {
    expect(chineseScript('這個國家的發展')).toBe('Hant')
    expect(chineseScript('这个国家的发展')).toBe('Hans')
  })

  it('reads Chinese technical prose full of Latin words as Chinese', () => {
    const text =
      '在 Markdown 中，你可以使用 **bold** 和 *italic* 来强调文字。使用 React 和 TypeScript 开发的时候，我们通常会用 npm install 安装依赖，然后运行 npm run build 构建项目。'
    expect(detectLanguage(text)).toBe('zh-Hans')
  })

  it('keeps a declared language the text agrees with, without a warning', async () => {
    const { article, file } = await parseFixture(
      '../shared/corpus/more/opensource-guide-el-how-to-contribute.md',
      undefined,
      {
        lint: true,
      },
    )
    expect(article!.metadata.lang).toBe('el')
    expect(article!.metadata.langSource).toBe('front-matter')
    expect(file.messages.filter((message) => message.ruleId === 'lang-mismatch')).toEqual([])
  })
})

describe('quotation marks by language (CLDR delimiters)', () => {
  it('curls double quotes into the marks of the article’s language', async () => {
    const cases: Array<[string, string]> = [
      ['ru', '«Мы катаемся»'],
      ['uk', '«Ми катаємося»'],
      ['fr', '«Nous patinons»'],
      ['de', '„Wir fahren“'],
      ['ja', '「私たちは」'],
      ['en', '“We skate”'],
    ]
    for (const [lang, expected] of cases) {
      const body = `"${expected.slice(1, -1)}" it's here.`
      const { article } = await parseText(`---\ntitle: Quotes\nlang: ${lang}\n---\n\n${body}\n`)
      const paragraph = article!.tree.children.find((node) => node.type === 'element' && node.tagName === 'p')
      expect(JSON.stringify(paragraph)).toContain(expected)
      // Apostrophes stay apostrophes whatever the language.
      expect(JSON.stringify(paragraph)).toContain('it’s')
    }
  })

  it('falls back to English marks for a language not listed', () => {
    expect(quotationMarks('sw').primary).toEqual(['“', '”'])
    expect(quotationMarks('zh-TW').primary).toEqual(['「', '」'])
    expect(quotationMarks('not a tag').primary).toEqual(['“', '”'])
  })
})
