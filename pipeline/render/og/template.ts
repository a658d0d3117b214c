/**
 * The contract between the card renderer and `templates/og/` (or a user's replacement): the template
 * gives its canvas and text boxes (so the renderer can fit the text) and draws a satori element tree
 * from the fitted input.
 */
import type { JSXNode } from 'satori/jsx'
import type { Labels } from '../../../templates/shared/labels.ts'
import type { Metadata } from '../../types.ts'
import type { FitStep, FittedText } from './fit-text.ts'

/** Where the card's fitted texts go: sizes in px. */
export interface CardLayout {
  /** Canvas size. Default 1200 × 630 (Open Graph's recommended 1.91:1). */
  width: number
  height: number
  /** The title box width, and the sizes to try from the largest down, each with its line budget. */
  title: { width: number; weight: 400 | 700; steps: FitStep[] }
  /** The description box width, its size and line budget (cut with an ellipsis beyond it). */
  description: { width: number; weight: 400 | 700; fontSize: number; maxLines: number }
}

/** What the template draws from: the metadata and the texts already fitted to the layout. */
export interface CardInput {
  metadata: Metadata
  title: FittedText
  /** Undefined when the article has no description. */
  description?: FittedText
  /** The lead image as a data URI, when the article has one satori can draw. */
  backgroundImage?: string
  /** The main family name; satori falls back through every loaded face for other scripts. */
  fontFamily: string
  /** The words around the article (byline, reading time) in its language, shared by every format. */
  labels: Labels
  /**
   * The first of `candidates` (one line each, most complete first) that fits `width` at `fontSize`;
   * the last one cut at a word with an ellipsis when none does. Default weight 400.
   */
  fitLine(candidates: readonly string[], options: { width: number; fontSize: number; weight?: 400 | 700 }): string
}

/** A social card template: its layout and a function from fitted input to satori's element tree. */
export interface OgTemplate {
  layout: CardLayout
  render(input: CardInput): JSXNode
}
