/**
 * Realistic benchmark articles, the same every run (a seeded generator): varied length, headings,
 * lists, tables, code, quotes, footnotes, and a few in Cyrillic, CJK and Arabic.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** mulberry32: a tiny seeded generator, so every run benchmarks the same articles. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS =
  'council budget river bridge harbour minister election schools report water energy transport hospital farmers market prices weather storm police court museum festival workers union housing rent station train airport university students research climate coast village city region government opposition vote agreement talks exchange prisoners border ceasefire families officials statement announced confirmed expected according said week month year'.split(
    ' ',
  )
const SCRIPTS = [
  {
    lang: 'ru',
    title: 'Городской совет утвердил бюджет на следующий год',
    text: 'Депутаты обсудили расходы на транспорт, школы и жильё. Решение вступит в силу в январе.',
  },
  { lang: 'zh', title: '市议会批准明年的预算', text: '议员们讨论了交通、学校和住房方面的支出。该决定将于一月生效。' },
  {
    lang: 'ar',
    title: 'المجلس البلدي يوافق على ميزانية العام المقبل',
    text: 'ناقش الأعضاء الإنفاق على النقل والمدارس والإسكان. يدخل القرار حيز التنفيذ في يناير.',
  },
]

export function generateArticles(folder: string, count: number, seed = 2026): string[] {
  const next = random(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 14) }, () => pick(WORDS))
    return `${words[0]!.charAt(0).toUpperCase()}${words[0]!.slice(1)} ${words.slice(1).join(' ')}.`
  }
  // News prose quotes people, uses apostrophes and the odd typed dash: smart typography has work to do.
  const spoken = () => {
    const roll = next()
    if (roll < 0.2) return `"${sentence().slice(0, -1)}," said the ${pick(WORDS)} minister's office.`
    if (roll < 0.3) return `${sentence().slice(0, -1)} -- and it's not over, officials said.`
    return sentence()
  }
  const paragraph = () => Array.from({ length: 2 + Math.floor(next() * 4) }, spoken).join(' ')
  mkdirSync(folder, { recursive: true })
  const files: string[] = []
  for (let index = 0; index < count; index++) {
    const script = index % 25 === 7 ? SCRIPTS[index % SCRIPTS.length] : undefined
    const title = script?.title ?? `${sentence().slice(0, -1).split(' ').slice(0, 8).join(' ')} (${index + 1})`
    const body: string[] = []
    const sections = 2 + Math.floor(next() * 5)
    for (let section = 0; section < sections; section++) {
      body.push(`## ${sentence().slice(0, -1).split(' ').slice(0, 5).join(' ')}`)
      for (let p = 0; p < 2 + Math.floor(next() * 5); p++) body.push(script && p === 0 ? script.text : paragraph())
      const extra = next()
      if (extra < 0.25)
        body.push(Array.from({ length: 3 + Math.floor(next() * 4) }, () => `- ${sentence()}`).join('\n'))
      else if (extra < 0.4)
        body.push(
          `| Item | Value | Change |\n| :-- | --: | --: |\n${Array.from({ length: 4 + Math.floor(next() * 8) }, (_, row) => `| ${pick(WORDS)} | ${Math.floor(next() * 10000)} | ${row % 2 ? '+' : '−'}${(next() * 9).toFixed(1)}% |`).join('\n')}`,
        )
      else if (extra < 0.5) body.push(`> ${paragraph()}`)
      else if (extra < 0.55)
        body.push(
          '```js\nconst total = items.reduce((sum, item) => sum + item.value, 0)\nconsole.log(`Total: ${total}`)\n```',
        )
    }
    if (next() < 0.3) body.push(`A claim that needs a source.[^1]\n\n[^1]: ${sentence()}`)
    const day = String(1 + (index % 28)).padStart(2, '0')
    const front = [
      `title: "${title.replace(/"/g, '\\"')}"`,
      `description: "${sentence()}"`,
      `author: Bench Writer`,
      `date: 2025-0${1 + (index % 9)}-${day}`,
      `lang: ${script?.lang ?? 'en'}`,
      `tags: [${pick(WORDS)}, ${pick(WORDS)}]`,
    ]
    const file = path.join(folder, `article-${String(index + 1).padStart(4, '0')}.md`)
    writeFileSync(file, `---\n${front.join('\n')}\n---\n\n${body.join('\n\n')}\n`)
    files.push(file)
  }
  return files
}
