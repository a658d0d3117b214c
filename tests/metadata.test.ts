import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../pipeline/config.ts'
import {
  countWords,
  excerpt,
  textDirection,
  toTimestamp,
  truncateAtWord,
} from '../pipeline/metadata/extract-metadata.ts'
import { parseFixture, parseText } from './helpers/articles.ts'

describe('the shared metadata of a full article', () => {
  it('carries every field from the front matter, normalised', async () => {
    const { article } = await parseFixture('tests/fixtures/every-element/input.md')
    const m = article!.metadata
    expect(m.title).toBe('Every element: a test article for all four formats')
    expect(m.authors).toEqual(['Ada Lovelace', 'Grace Hopper'])
    expect(m.published).toEqual({ iso: '2025-05-14T09:30:00+02:00', hasTime: true, display: 'May 14, 2025' })
    expect(m.modified?.iso).toBe('2025-05-15')
    expect(m.tags).toEqual(['Testing', 'Typography'])
    expect(m.source).toBe('Galley Test Desk')
    expect(m.image).toEqual({
      src: 'valley.png',
      alt: 'A flat illustration of a valley with two mountains and a yellow sun.',
    })
    expect(m.slug).toBe('every-element')
    expect(m.canonicalUrl).toBe('https://news.example.org/every-element/')
    expect(m.cardUrl).toBe('https://news.example.org/every-element/og.png')
    expect(m.card).toEqual({ width: 1200, height: 630, alt: `${m.title} — Galley News` })
    expect(m.descriptionIsExcerpt).toBe(false)
    expect(m.buildDate).toBe('2025-05-15T00:00:00Z')
    expect(Object.isFrozen(m)).toBe(true)
  })

  it('derives a stable name-based UUID (v5) from the canonical URL', async () => {
    const first = (await parseFixture('tests/fixtures/every-element/input.md')).article!.metadata.identifier
    const second = (await parseFixture('tests/fixtures/every-element/input.md')).article!.metadata.identifier
    expect(first).toBe(second)
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    // uuid v5 of the URL namespace, computed independently with Python's uuid.uuid5(NAMESPACE_URL, …)
    expect(first).toBe('b218e1c2-f743-5b39-850f-df3637e6aa25')
  })

  it('takes the description from the first paragraph when none is given, cut at a word', async () => {
    const { article } = await parseFixture('input/ukraine-russia-begin-largest-prisoner-swap-of-the-war.md')
    const m = article!.metadata
    expect(m.descriptionIsExcerpt).toBe(true)
    expect([...m.description].length).toBeLessThanOrEqual(160)
    expect(m.description.endsWith('…')).toBe(true)
    expect(m.description.startsWith('In the largest prisoner exchange since the war began')).toBe(true)
    expect(m.description).not.toMatch(/\s…$/)
  })

  it('counts words and estimates reading time', async () => {
    const { article } = await parseFixture('input/russia-ukraine-largest-prisoner-exchange.md')
    expect(article!.metadata.wordCount).toBeGreaterThan(550)
    expect(article!.metadata.wordCount).toBeLessThan(620)
    expect(article!.metadata.readingMinutes).toBe(Math.round(article!.metadata.wordCount / 230))
  })

  it('keeps links relative without a site URL, and identifies the article by its slug', async () => {
    const config = resolveConfig({}, process.cwd())
    const { article } = await parseText('---\ntitle: No site\n---\n\nText.\n', config)
    expect(article!.metadata.canonicalUrl).toBeUndefined()
    expect(article!.metadata.cardUrl).toBe('og.png')
    expect(article!.metadata.siteName).toBe('Galley')
  })

  it('prefers the canonical URL of the front matter', async () => {
    const { article } = await parseText('---\ntitle: Moved\ncanonical: https://elsewhere.example/story\n---\n\nText.\n')
    expect(article!.metadata.canonicalUrl).toBe('https://elsewhere.example/story')
  })

  it('applies smart typography to the title and description too', async () => {
    const { article } = await parseText(
      `---\ntitle: "It's a \\"test\\" -- really..."\ndescription: "Don't panic"\n---\n\nText.\n`,
    )
    expect(article!.metadata.title).toBe('It’s a “test” — really…')
    expect(article!.metadata.description).toBe('Don’t panic')
  })

  it('uses SOURCE_DATE_EPOCH as the build date when given', async () => {
    const { parseArticle } = await import('../pipeline/source/parse-article.ts')
    const { testConfig } = await import('./helpers/articles.ts')
    const { article } = await parseArticle('x.md', new TextEncoder().encode('# T\n\nx'), {
      config: testConfig,
      sourceDateEpoch: 1_700_000_000,
    })
    expect(article!.metadata.buildDate).toBe('2023-11-14T22:13:20Z')
  })
})

describe('metadata helpers', () => {
  it('finds right-to-left languages', () => {
    expect(textDirection('ar')).toBe('rtl')
    expect(textDirection('he-IL')).toBe('rtl')
    expect(textDirection('fa')).toBe('rtl')
    expect(textDirection('en')).toBe('ltr')
    expect(textDirection('zh-Hans')).toBe('ltr')
  })

  it('counts CJK characters one by one and other words by segmentation', () => {
    expect(countWords('Hello, wide world!', 'en')).toEqual({ words: 3, cjkCharacters: 0 })
    expect(countWords('北京是中国的首都', 'zh')).toEqual({ words: 0, cjkCharacters: 8 })
  })

  it('cuts at a word boundary, never mid-word, within the limit', () => {
    expect(truncateAtWord('one two three four', 12)).toBe('one two…')
    expect(truncateAtWord('short', 10)).toBe('short')
    expect([...truncateAtWord('a'.repeat(300), 160)].length).toBe(160)
  })

  it('gives an empty excerpt for an article without paragraphs', async () => {
    const { article } = await parseText('---\ntitle: Only a list\n---\n\n- one\n- two\n')
    expect(excerpt(article!.tree)).toBe('')
  })

  it('turns dates into UTC timestamps', () => {
    expect(toTimestamp({ iso: '2025-05-14T09:30:00+02:00', hasTime: true, display: '' })).toBe('2025-05-14T07:30:00Z')
    expect(toTimestamp({ iso: '2025-05-14', hasTime: false, display: '' })).toBe('2025-05-14T00:00:00Z')
  })
})
