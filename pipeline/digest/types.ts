/**
 * What the digest's renderers share: the issue (its metadata, words, introduction and messages)
 * and its stories, each parsed by the article pipeline.
 */
import type { VFile } from 'vfile'
import type { Article, Metadata } from '../types.ts'
import type { Intro } from './issue.ts'
import type { DigestWords } from './template.ts'

/** One story of the issue: the article as parsed for the site, and its byline in its own language. */
export interface DigestStory {
  article: Article
  /** Authors, date and reading time, joined, each a bidi isolate (`⁨By Ada Lovelace⁩ · ⁨May 23, 2025⁩ · ⁨4 min read⁩`). */
  byline: string
}

/** The issue being rendered. */
export interface DigestIssue {
  metadata: Metadata
  words: DigestWords
  stories: DigestStory[]
  intro?: Intro
  /** The digest's own messages (sizes, skipped outputs). */
  file: VFile
}

/** The name of the PDF destination at the top of story `index` (from 0): the cover and contents link there. */
export const storyDestination = (index: number): string => `galley-story-${index + 1}`
