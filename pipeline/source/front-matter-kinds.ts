/**
 * Every way Galley reads front matter, listed once: the two fenced kinds remark-frontmatter finds
 * (their mdast node types), the fenceless ones front-matter-blocks.ts finds, and how each writes a
 * title (the missing-title message shows it in the article’s own syntax). docs/front-matter.md
 * describes each; tests/front-matter.test.ts reads a source of every kind.
 */

export const FRONT_MATTER_KINDS = {
  /** `---` fenced YAML: most tools. */
  yaml: { fenced: true, title: 'title: …' },
  /** `+++` fenced TOML: Hugo, Zola. */
  toml: { fenced: true, title: 'title = "…"' },
  /** A JSON object from the first line to a `}` line: Hugo. */
  json: { fenced: false, title: '"title": "…"' },
  /** `key: value` lines down to a `---` line, no opening fence: Hexo. */
  hexo: { fenced: false, title: 'title: …' },
  /** `Key: value` header lines down to the first blank line: Pelican, MultiMarkdown. */
  pelican: { fenced: false, title: 'Title: …' },
  /** `export const metadata = {…}`: MDX pages. */
  mdx: { fenced: false, title: "title: '…'" },
} as const

/** How a front matter block was written. */
export type BlockKind = keyof typeof FRONT_MATTER_KINDS

/** The kinds between fences, which remark-frontmatter finds and makes mdast nodes of that type. */
export const FENCED_KINDS = ['yaml', 'toml'] as const satisfies ReadonlyArray<BlockKind>
export type FencedKind = (typeof FENCED_KINDS)[number]

/** Whether an mdast node is a fenced front matter block (no prose, no body). */
export function isFrontMatterNode(node: { type: string }): boolean {
  return (FENCED_KINDS as readonly string[]).includes(node.type)
}
