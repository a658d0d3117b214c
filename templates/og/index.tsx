/** @jsxRuntime automatic */
/** @jsxImportSource satori/jsx */
/**
 * The social card (1200 × 630): site name and kicker, the fitted title, the description, and a byline
 * with author, date and reading time; the lead image, when there is one, fills the card under a dark
 * overlay. Satori lays out with flexbox only: every element with more than one child needs
 * `display: 'flex'`. Point `templates.og` in the config at a copy of this folder to replace it.
 *
 * Metadata fields used: title, description, authors, source, published, readingMinutes, tags, lang,
 * dir, siteName, theme (all four colours), image (through the renderer's `backgroundImage`).
 */
import type { CSSProperties } from 'satori/jsx'
import type { CardInput, CardLayout, OgTemplate } from '../../pipeline/render/og/template.ts'
import type { Metadata } from '../../pipeline/types.ts'

const PADDING_X = 64
const PADDING_Y = 56
const BAR = 14
/** The measure every text box shares: the canvas less its padding and the accent bar. */
const CONTENT_WIDTH = 1200 - 2 * PADDING_X - BAR
const TITLE_LINE_HEIGHT = 1.1

/** Sizes of the card and its fitted text boxes. */
export const layout: CardLayout = {
  width: 1200,
  height: 630,
  // Each step fits the box above the description: lines × size × line height ≤ about 270 px.
  title: {
    width: CONTENT_WIDTH,
    weight: 700,
    steps: [
      { fontSize: 80, maxLines: 3 },
      { fontSize: 68, maxLines: 3 },
      { fontSize: 58, maxLines: 4 },
      { fontSize: 48, maxLines: 5 },
    ],
  },
  description: { width: CONTENT_WIDTH, weight: 400, fontSize: 28, maxLines: 2 },
}

/** Colours on a photo: light text over the overlay, whatever the theme's text colour. */
const ON_IMAGE = {
  text: '#ffffff',
  muted: 'rgba(255,255,255,0.85)',
  overlay: 'linear-gradient(180deg, rgba(0,0,0,0.45) 0%, rgba(0,0,0,0.78) 100%)',
}

function render({ metadata: m, title, description, backgroundImage, fontFamily }: CardInput) {
  const rtl = m.dir === 'rtl'
  const colors = backgroundImage
    ? { ...ON_IMAGE, accent: m.theme.accent }
    : { text: m.theme.text, muted: m.theme.muted, accent: m.theme.accent }
  const align: CSSProperties = { textAlign: rtl ? 'right' : 'left' }
  const row = rtl ? 'row-reverse' : 'row'
  const kicker = m.tags[0] ?? m.source
  const byline = [authorsOf(m), m.published?.display, readingTime(m)].filter((part): part is string => Boolean(part))

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
          style={{
            position: 'absolute',
            left: 0,
            top: 0,
            width: layout.width,
            height: layout.height,
            objectFit: 'cover',
          }}
        />
      ) : null}
      {backgroundImage ? (
        <div
          style={{
            position: 'absolute',
            left: 0,
            top: 0,
            width: layout.width,
            height: layout.height,
            backgroundImage: ON_IMAGE.overlay,
          }}
        />
      ) : null}
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
            ...align,
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
              ...align,
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
        <div
          style={{
            display: 'flex',
            flexDirection: row,
            borderTop: `2px solid ${backgroundImage ? 'rgba(255,255,255,0.5)' : colors.accent}`,
            paddingTop: 18,
            fontSize: 24,
            lineHeight: 1.3,
            color: colors.muted,
          }}
        >
          <div
            style={{
              ...align,
              width: CONTENT_WIDTH,
              overflow: 'hidden',
              whiteSpace: 'nowrap',
              textOverflow: 'ellipsis',
            }}
          >
            {byline.join('  ·  ')}
          </div>
        </div>
      </div>
    </div>
  )
}

/** "Ada Lovelace and Grace Hopper", in the article's language; the outlet when no author is named. */
function authorsOf(m: Metadata): string | undefined {
  if (m.authors.length === 0) return m.tags.length ? m.source : undefined
  return new Intl.ListFormat(m.lang, { type: 'conjunction' }).format(m.authors)
}

/** "4 min read" in English; the unit in the article's language otherwise. */
function readingTime(m: Metadata): string | undefined {
  if (m.readingMinutes <= 0) return undefined
  if (m.lang.startsWith('en')) return `${m.readingMinutes} min read`
  return new Intl.NumberFormat(m.lang, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(m.readingMinutes)
}

const template: OgTemplate = { layout, render }
export default template
