import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { toString } from '/work/main/node_modules/hast-util-to-string/index.js'
import { parseArticle } from '/work/main/pipeline/source/parse-article.ts'
import { resolveConfig } from '/work/main/pipeline/config.ts'
import { isEmoji } from '/work/main/pipeline/fonts/emoji.ts'
const dir = '/tmp/prof/a100'
const config = resolveConfig({ siteName: 'Bench News', siteUrl: 'https://bench.example.org' }, '/work/main')
let n = 0, tt = 0, tr = 0, ts = 0
for (const f of readdirSync(dir).sort()) {
  const { article } = await parseArticle(path.join(dir, f), readFileSync(path.join(dir, f)), { config, cwd: dir })
  let t = performance.now(); const text = `${article!.metadata.title} ${toString(article!.tree)}`; tt += performance.now() - t
  t = performance.now(); const has = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(text); tr += performance.now() - t
  if (has) { n++; t = performance.now(); for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) isEmoji(segment); ts += performance.now() - t; if (n < 3) console.log(f, [...text.matchAll(/\p{Extended_Pictographic}|\p{Regional_Indicator}/gu)].map(m=>m[0]+' U+'+m[0].codePointAt(0).toString(16)).slice(0,5)) }
}
console.log({ n, tt, tr, ts })
