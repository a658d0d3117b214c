/** @jsxRuntime automatic */
/** @jsxImportSource satori/jsx */
/**
 * The social card (its size and text boxes in `layout.ts`, 1200 × 630): site name and kicker, the fitted title, the description, and a byline
 * with author, date and reading time; the lead image, when there is one, fills the card under a dark
 * overlay. Satori lays out with flexbox only: every element with more than one child needs
 * `display: 'flex'`. Point `templates.og` in the config at a copy of this folder to replace it.
 *
 * Metadata fields used: title, description, authors, source, published, readingMinutes, tags, lang,
 * dir, siteName, theme (all four colours), image (through the renderer's `backgroundImage`).
 */
import type { CSSProperties } from 'satori/jsx'
import type { CardInput, OgTemplate } from '../../pipeline/render/og/template.ts'
import type { Metadata } from '../../pipeline/types.ts'
import type { Labels } from '../shared/labels.ts'
import { BAR, BYLINE_SIZE, CONTENT_WIDTH, layout, PADDING_X, PADDING_Y, TITLE_LINE_HEIGHT } from './layout.ts'

/** Colours on a photo: light text over the overlay, whatever the theme's text colour. */
const ON_IMAGE = {
  text: '#ffffff',
  muted: 'rgba(255,255,255,0.85)',
  overlay: 'linear-gradient(180deg, rgba(0,0,0,0.45) 0%, rgba(0,0,0,0.78) 100%)',
}

function render({ metadata: m, title, description, backgroundImage, fontFamily, fitLine, labels }: CardInput) {
  const rtl = m.dir === 'rtl'
  const colors = backgroundImage
    ? { ...ON_IMAGE, accent: m.theme.accent }
    : { text: m.theme.text, muted: m.theme.muted, accent: m.theme.accent }
  // Each text aligned to the side it starts from (an English description on an Arabic card is left aligned).
  const align = (text: string): CSSProperties => ({ textAlign: (startsRightToLeft(text) ?? rtl) ? 'right' : 'left' })
  const row = rtl ? 'row-reverse' : 'row'
  const kicker = m.tags[0] ?? m.source
  const byline = fitLine(bylines(m, labels), { width: CONTENT_WIDTH, fontSize: BYLINE_SIZE })

  // The whole card, for the lead image and the shade over it.
  const fill = { position: 'absolute', left: 0, top: 0, width: layout.width, height: layout.height } as const
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: row,
        width: layout.width,
        height: layout.height,
        backgroundColor: m.theme.background,
        fontFamily,
        color: colors.text,
      }}
    >
      {backgroundImage ? (
        <img
          alt=""
          src={backgroundImage}
          width={layout.width}
          height={layout.height}
          style={{ ...fill, objectFit: 'cover' }}
        />
      ) : null}
      {backgroundImage ? <div style={{ ...fill, backgroundImage: ON_IMAGE.overlay }} /> : null}
      {/* Positioned like the image, and later, so satori paints it above (CSS stacking order). */}
      <div style={{ position: 'relative', width: BAR, height: layout.height, backgroundColor: m.theme.accent }} />
      <div
        style={{
          position: 'relative',
          display: 'flex',
          flexDirection: 'column',
          width: layout.width - BAR,
          height: layout.height,
          padding: `${PADDING_Y}px ${PADDING_X}px`,
          boxSizing: 'border-box',
        }}
      >
        <div
          style={{
            display: 'flex',
            flexDirection: row,
            justifyContent: 'space-between',
            alignItems: 'baseline',
            fontSize: 26,
            lineHeight: 1.3,
            marginBottom: 28,
          }}
        >
          <div style={{ fontWeight: 700, color: backgroundImage ? colors.text : colors.accent, letterSpacing: 0.5 }}>
            {m.siteName}
          </div>
          {kicker ? (
            <div
              style={{
                color: colors.muted,
                maxWidth: 480,
                overflow: 'hidden',
                whiteSpace: 'nowrap',
                textOverflow: 'ellipsis',
              }}
            >
              {kicker}
            </div>
          ) : null}
        </div>
        <div
          style={{
            ...align(title.text),
            fontSize: title.fontSize,
            fontWeight: layout.title.weight,
            lineHeight: TITLE_LINE_HEIGHT,
            width: layout.title.width,
            lineClamp: title.maxLines,
            wordBreak: 'break-word',
            flexShrink: 0,
          }}
        >
          {title.text}
        </div>
        {description ? (
          <div
            style={{
              ...align(description.text),
              marginTop: 20,
              fontSize: description.fontSize,
              fontWeight: layout.description.weight,
              lineHeight: 1.4,
              color: colors.muted,
              width: layout.description.width,
              lineClamp: description.maxLines,
              wordBreak: 'break-word',
            }}
          >
            {description.text}
          </div>
        ) : null}
        <div style={{ display: 'flex', flexGrow: 1 }} />
        {/* The rule above the byline: a box of its own, which satori draws as one rectangle (a border is
            a stroke inside three nested clips, each a full-card mask for resvg). */}
        <div
          style={{
            height: 2,
            flexShrink: 0,
            backgroundColor: backgroundImage ? 'rgba(255,255,255,0.5)' : colors.accent,
          }}
        />
        <div
          style={{
            display: 'flex',
            flexDirection: row,
            paddingTop: 18,
            fontSize: BYLINE_SIZE,
            lineHeight: 1.3,
            color: colors.muted,
          }}
        >
          {/* fitLine has made the byline fit: no overflow to hide, and no clip for resvg to mask with. */}
          <div style={{ ...align(byline), width: CONTENT_WIDTH, whiteSpace: 'nowrap' }}>{byline}</div>
        </div>
      </div>
    </div>
  )
}

/** Whether the first strong letter of `text` is right to left (UAX #9 P2); undefined when it has none. */
function startsRightToLeft(text: string): boolean | undefined {
  const letter = /\p{L}/u.exec(text.replace(/[\u2066-\u2069]/g, ''))?.[0]
  return letter === undefined ? undefined : /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.test(letter)
}

/**
 * The byline in the article's language, most complete first, for `fitLine`: whole parts are dropped
 * (names shortened to "Dan Abramov and 4 others", then the reading time, then the date), never cut
 * inside a word. Each part is a bidi isolate, so a Latin name beside an Arabic date keeps its order.
 */
function bylines(m: Metadata, words: Labels): string[] {
  const names =
    m.authors.length === 0
      ? [m.tags.length ? m.source : undefined]
      : [words.names(m.authors), words.someNames(m.authors, 1)]
  const date = m.published?.display
  const read = m.readingMinutes > 0 ? words.readingTime(m.readingMinutes) : undefined
  const line = (...parts: Array<string | undefined>) =>
    parts
      .filter((part): part is string => Boolean(part))
      .map((part) => `\u2068${part}\u2069`)
      .join('  ·  ')
  const variants = [
    ...names.map((who) => line(who, date, read)),
    ...names.map((who) => line(who, date)),
    ...names.map((who) => line(who)),
  ]
  return [...new Set(variants)]
}

const template: OgTemplate = { layout, render }
export default template
