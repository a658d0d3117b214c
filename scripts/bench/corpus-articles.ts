/**
 * Benchmark articles made from real posts: the corpus cycled through until there are enough, each copy
 * with a title and slug of its own, the rest of its bytes as found. Also what the batch is made of:
 * words and scripts, so a reader can tell what the figures were measured on.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface BenchArticle {
  file: string
  /** The corpus post it copies. */
  post: string
  /** Which copy of that post (0: the post's own bytes). */
  copy: number
}

/** `count` articles in `folder` from the posts of `corpus`; the first copy of each post is the post itself. */
export function corpusArticles(folder: string, count: number, corpus: string): BenchArticle[] {
  const posts = readdirSync(corpus)
    .filter((name) => /\.(?:md|markdown)$/.test(name))
    .sort()
  mkdirSync(folder, { recursive: true })
  const articles: BenchArticle[] = []
  for (let index = 0; index < count; index++) {
    const post = posts[index % posts.length]!
    const copy = Math.floor(index / posts.length)
    const stem = post.replace(/\.(?:md|markdown)$/, '')
    const file = path.join(folder, copy === 0 ? post : `${stem}-${copy + 1}.md`)
    if (copy === 0) copyFileSync(path.join(corpus, post), file)
    else writeFileSync(file, retitled(readFileSync(path.join(corpus, post), 'utf8'), copy + 1))
    articles.push({ file, post, copy })
  }
  return articles
}

/** The post with ` (n)` after its title and `-n` after a slug it sets, whatever its front matter's syntax. */
function retitled(text: string, n: number): string {
  let found = false
  const once = (pattern: RegExp, replace: (...groups: string[]) => string) => {
    text = text.replace(pattern, (...match) => {
      found = true
      return replace(...(match as string[]))
    })
  }
  once(/^(title\s*[:=]\s*)(["']?)(.*?)\2\s*$/m, (_, key, quote, title) => `${key}${quote}${title} (${n})${quote}`)
  if (!found) once(/^(#\s+)(.+)$/m, (_, mark, title) => `${mark}${title} (${n})`)
  text = text.replace(
    /^(slug\s*[:=]\s*)(["']?)(.*?)\2\s*$/m,
    (_, key, quote, slug) => `${key}${quote}${slug}-${n}${quote}`,
  )
  return text
}

// Scripts worth telling apart in a report, by Unicode script property.
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Arabic',
  'Hebrew',
  'Thai',
  'Devanagari',
  'Bengali',
] as const
const LETTER = /\p{L}/gu
const BY_SCRIPT = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const)

/** The letters of `files` by script, as shares of all letters; words by `Intl.Segmenter`. */
export function corpusMix(files: string[]): { words: number[]; scripts: Array<[string, number]> } {
  const counts = new Map<string, number>()
  const words: number[] = []
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    let count = 0
    for (const segment of segmenter.segment(text)) if (segment.isWordLike) count++
    words.push(count)
    for (const [letter] of text.matchAll(LETTER)) {
      const script = BY_SCRIPT.find(([, pattern]) => pattern.test(letter))?.[0] ?? 'other'
      const name = script === 'Hiragana' || script === 'Katakana' ? 'Kana' : script
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
  }
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0)
  const scripts = [...counts]
    .map(([script, count]): [string, number] => [script, count / total])
    .sort((a, b) => b[1] - a[1])
  return { words, scripts }
}

/** The real-post corpus beside the project, if it is there. */
export function findCorpus(root: string): string | undefined {
  const folder = path.resolve(root, '../shared/corpus/articles')
  return existsSync(folder) ? folder : undefined
}
