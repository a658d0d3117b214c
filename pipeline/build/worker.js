// A build worker (piscina). Plain JavaScript so it starts without a loader; it then registers tsx,
// as bin/galley.js does, and stays warm: fonts, templates and the unified processor load once per
// worker for every article it is given.
import { register } from 'tsx/esm/api'

register()
const { processArticle } = await import('./process-article.ts')

export default function work(task) {
  return processArticle(task)
}
