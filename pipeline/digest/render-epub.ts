/**
 * The digest EPUB: the issue's cover (its card) and title page, then one chapter per story, each in
 * its own language and direction, with its header, body and footer as the article's book has them.
 * The navigation document and the NCX list every story with its headings. Written by the article
 * book's last step (pipeline/render/epub/book.ts): offline, reproducible.
 */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'
import { labelsFor } from '../../templates/shared/labels.ts'
import { withBlockDirections } from '../render/dir-auto.ts'
import { chapter, writeBook } from '../render/epub/book.ts'
import { epubBody } from '../render/epub/epub-body.ts'
import { COVER_KEY, imageProblem, type BookImage } from '../render/epub/images.ts'
import { leadImage } from '../render/epub/index.ts'
import type { GalleyChapter } from '../render/epub/offline-epub.ts'
import { headingOutline, type OutlineEntry } from '../render/epub/outline.ts'
import { packageMetadata } from '../render/epub/package-metadata.ts'
import type { EpubTemplate } from '../render/epub/template.ts'
import { inlineContent } from '../render/styled-text.ts'
import type { DigestTemplate, StoryEntry } from './template.ts'
import type { DigestIssue } from './types.ts'

const COVER_PAGE = 'cover.xhtml'
const TITLE_PAGE = 'title.xhtml'
const storyPage = (index: number) => `story-${index + 1}.xhtml`

/** Render the issue as an EPUB; `cover` is the issue's card (PNG), when one was drawn. */
export async function renderDigestEpub(
  issue: DigestIssue,
  template: EpubTemplate,
  digest: DigestTemplate,
  cover: Uint8Array | undefined,
): Promise<Uint8Array> {
  const m = issue.metadata
  const labels = template.labels(m.lang, labelsFor(m.lang))
  const images = new Map<string, BookImage>()
  const altTexts: string[] = []
  const chapters: GalleyChapter[] = []
  const outline: OutlineEntry[] = [{ label: m.title, href: TITLE_PAGE, children: [] }]
  const usableCover = cover && !imageProblem(cover, 'image/png') ? cover : undefined
  if (usableCover) {
    images.set(COVER_KEY, { data: usableCover, mediaType: 'image/png' })
    altTexts.push(m.card.alt)
    chapters.push(
      chapter(
        { id: 'cover', filename: COVER_PAGE, title: labels.cover, epubType: 'cover', dir: m.dir },
        template.coverPage({ src: COVER_KEY, alt: m.card.alt }),
      ),
    )
  }

  let intro: ElementContent[] | undefined
  const mathml: string[] = []
  if (issue.intro) {
    const body = epubBody(issue.intro.tree, issue.intro.assets, issue.intro.file, labels.footnotes, m.canonicalUrl)
    addImages(body, 'intro', images, altTexts)
    intro = withBlockDirections(body.tree.children as ElementContent[], m.dir)
    mathml.push(...body.mathml)
  }
  const entries: StoryEntry[] = issue.stories.map((story, index) => ({
    metadata: story.article.metadata,
    byline: story.byline,
    href: storyPage(index),
  }))
  chapters.push(
    chapter(
      {
        id: 'title-page',
        filename: TITLE_PAGE,
        title: m.title,
        epubType: 'frontmatter titlepage',
        dir: m.dir,
        ...(mathml.length ? { properties: 'mathml', mathml } : {}),
      },
      digest.epub.titlePage({ issue: m, words: issue.words, stories: entries, ...(intro ? { intro } : {}) }),
    ),
  )

  for (const [index, story] of issue.stories.entries()) {
    const { tree, metadata: sm, assets, file } = story.article
    const storyLabels = template.labels(sm.lang, labelsFor(sm.lang))
    const body = epubBody(tree, assets, file, storyLabels.footnotes, sm.canonicalUrl)
    const prefix = `story-${index + 1}`
    addImages(body, prefix, images, altTexts)
    const lead = leadImage(sm, assets, undefined)
    if (lead) {
      images.set(`galley:${prefix}/${lead.ref.src}`, lead.image)
      altTexts.push(lead.ref.alt)
    }
    const href = storyPage(index)
    outline.push({ label: sm.title, href, children: headingOutline(body.tree, href) })
    chapters.push(
      chapter(
        {
          id: prefix,
          filename: href,
          title: sm.title,
          epubType: 'bodymatter chapter',
          dir: sm.dir,
          bodyClass: 'story',
          ...(sm.lang === m.lang ? {} : { lang: sm.lang }),
          ...(body.mathml.length ? { properties: 'mathml', mathml: body.mathml } : {}),
        },
        [
          ...digest.epub.storyHeader({
            metadata: sm,
            titleMarkup: inlineContent(sm.title, sm.titleRuns),
            descriptionMarkup: inlineContent(sm.description, sm.descriptionRuns),
            labels: storyLabels,
            byline: story.byline,
          }),
          ...(lead
            ? [h('figure.lead-image', [h('img', { src: `galley:${prefix}/${lead.ref.src}`, alt: lead.ref.alt })])]
            : []),
          ...withBlockDirections(body.tree.children as ElementContent[], sm.dir),
          ...template.articleFooter({ metadata: sm, labels: storyLabels }),
        ],
      ),
    )
  }

  const pkg = packageMetadata(
    m,
    { images: altTexts.length, imagesWithoutAlt: altTexts.filter((alt) => !alt.trim()).length },
    labels,
  )
  return writeBook({
    metadata: m,
    pkg,
    template: { ...template, stylesheet: (theme) => `${template.stylesheet(theme)}\n${digest.epub.stylesheet}\n` },
    labels,
    outline,
    landmarks: [
      ...(usableCover ? [{ type: 'cover', href: COVER_PAGE, label: labels.cover }] : []),
      { type: 'titlepage', href: TITLE_PAGE, label: labels.titlePage },
      ...(issue.stories.length ? [{ type: 'bodymatter', href: storyPage(0), label: labels.bodymatter }] : []),
    ],
    chapters,
    images,
    ...(usableCover ? { coverSrc: COVER_KEY } : {}),
    file: issue.file,
  })
}

/**
 * Take a body's images into the book under `galley:<prefix>/<src>`: two stories may each have a
 * `cover.png` of their own. The scheme keeps the keys apart from any article's `src`.
 */
function addImages(
  body: { tree: Root; images: Map<string, BookImage>; altTexts: string[] },
  prefix: string,
  images: Map<string, BookImage>,
  altTexts: string[],
): void {
  visit(body.tree, 'element', (node: Element) => {
    if (node.tagName === 'img' && typeof node.properties.src === 'string' && body.images.has(node.properties.src))
      node.properties.src = `galley:${prefix}/${node.properties.src}`
  })
  for (const [src, image] of body.images) images.set(`galley:${prefix}/${src}`, image)
  altTexts.push(...body.altTexts)
}
