/**
 * Folders no source publishes any more: those of vanished sources and the old folder of an article
 * whose slug changed are removed, each with a message.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { VFile } from 'vfile'
import type { ArticleResult } from '../types.ts'
import type { BuildCache } from './cache.ts'
import type { BuildPlan, Plan } from './plan.ts'
import { type SiteRecord, unlistedFolders } from './site-record.ts'

/**
 * Remove the folders no source publishes any more: those of vanished sources and the old folder of
 * an article whose slug changed, each with a message; drop the vanished sources from the cache.
 * When neither the manifest nor the cache could be read, folders no article claims are named instead.
 */
export async function removeStaleFolders(
  outDir: string,
  plans: Plan[],
  articles: ArticleResult[],
  vanished: BuildPlan['vanished'],
  record: SiteRecord,
  cache: BuildCache,
  buildFile: VFile,
): Promise<void> {
  const claimed = new Set(articles.flatMap((result) => (result.slug ? [result.slug] : [])))
  const folder = (slug: string) => `${path.basename(outDir)}/${slug}/`
  const removals: Array<Promise<void>> = []
  for (const { sourcePath, slug } of vanished) {
    delete cache.articles[sourcePath]
    if (!slug || claimed.has(slug)) continue
    removals.push(rm(path.join(outDir, slug), { recursive: true, force: true }))
    buildFile.info(`Removed \`${folder(slug)}\`: its source \`${sourcePath}\` no longer exists`, {
      ruleId: 'removed-article',
      source: 'galley:build',
    })
  }
  for (const [index, plan] of plans.entries()) {
    const slug = articles[index]?.slug
    if (!plan.listedSlug || !slug || plan.listedSlug === slug || claimed.has(plan.listedSlug)) continue
    removals.push(rm(path.join(outDir, plan.listedSlug), { recursive: true, force: true }))
    buildFile.info(
      `Removed \`${folder(plan.listedSlug)}\`: \`${plan.sourcePath}\` is now published as \`${folder(slug)}\``,
      { ruleId: 'removed-article', source: 'galley:build' },
    )
  }
  await Promise.all(removals)
  if (record.unrecorded)
    for (const name of unlistedFolders(outDir, claimed))
      buildFile.message(
        `Expected every folder of the output to be an article of the site, found \`${folder(name)}\`, which neither \`manifest.json\` nor the build cache lists; build its source again to list it`,
        { ruleId: 'unlisted-folder', source: 'galley:build' },
      )
}
