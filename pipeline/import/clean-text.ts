/**
 * Raw article text (wire copy, a scraped page saved as text, Markdown-ish notes) → front matter
 * fields and clean paragraphs. Every line it removes, joins or reads as a field is reported on the
 * file, so an editor can check what happened.
 */
import type { VFile } from 'vfile'
import { languageFromName } from './languages.ts'
import { readDate } from './read-date.ts'
import { PLACEHOLDER } from '../lint/placeholder.ts'

/** Fields found in the boilerplate lines. Dates are ISO 8601, or verbatim when unreadable. */
export interface FoundFields {
  title?: string
  date?: string
  updated?: string
  /** Dates that could not be read, kept verbatim for the editor. */
  unreadDates: Array<{ field: 'date' | 'updated'; text: string }>
  source?: string
  lang?: string
  tags: string[]
  authors: string[]
}

/** A body block with the source line it starts on. */
export interface Block {
  text: string
  line: number
}

const SOURCE = 'galley:import'

const HEADING = /^#{1,6}\s+(.+?)\s*#*$/
const PUBLISHED = /^(?:published|posted|date)(?:\s+on)?\s*:?\s+(.+)$/i
const UPDATED = /^(?:document date|updated|last updated|modified)(?:\s+on)?\s*:?\s+(.+)$/i
const CATEGORY = /^(?:categor(?:y|ies)|tags?|section|filed under)\s*:\s*(.*)$/i
const BYLINE = /^by\s+([^.!?]{2,80})$/i
const LINK_ONLY_BOILERPLATE =
  /^(?:show on website|read more|read the full story|share(?: this)?|print|click here|source)\b[^.!?]*$/i
const RULE = /^(?:-{3,}|\*{3,}|_{3,})$/
const DOMAIN = /^(?:[a-z\d-]+\.)+[a-z]{2,}$/i
const TERMINAL = /[.!?…:;)\]”’"'»]$/u
const NON_PROSE = /^(?:[-*+]\s|\d+[.)]\s|#|>|```|~~~|\||<|!\[|\s{4})/

/** Split `text` into front matter fields and body blocks, reporting each decision on `file`. */
export function cleanText(text: string, file: VFile): { fields: FoundFields; blocks: Block[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const fields: FoundFields = { unreadDates: [], tags: [], authors: [] }
  let index = 0
  for (; index < lines.length; index++) {
    const line = lines[index]!.trim()
    const place = { line: index + 1, column: 1 }
    if (!line) continue
    if (!readBoilerplate(line, fields, file, place)) break
  }
  return { fields, blocks: tidyBlocks(toBlocks(lines, index), file) }
}

/** Read one header line into `fields`; false when the line is the start of the body. */
function readBoilerplate(
  line: string,
  fields: FoundFields,
  file: VFile,
  place: { line: number; column: number },
): boolean {
  let match: RegExpExecArray | null
  if ((match = HEADING.exec(line)) && !fields.title) {
    fields.title = match[1]!.replace(/[*_`]/g, '').trim()
    file.info(`Took the headline from this line: “${fields.title}”`, { place, ruleId: 'headline', source: SOURCE })
  } else if ((match = PUBLISHED.exec(line)) && !fields.date) {
    readDateField('date', match[1]!, fields, file, place)
  } else if ((match = UPDATED.exec(line)) && !fields.updated) {
    readDateField('updated', match[1]!, fields, file, place)
  } else if ((match = CATEGORY.exec(line))) {
    for (const part of match[1]!.split(/\s*(?:,|;|\s-\s|\|)\s*/)) {
      const name = part.replace(/^[\s-]+|[\s-]+$/g, '')
      if (!name) continue
      const lang = languageFromName(name)
      if (lang && !fields.lang) fields.lang = lang
      else if (!lang && !fields.tags.includes(name)) fields.tags.push(name)
    }
    file.info(
      `Read the category line as ${fields.lang ? `language \`${fields.lang}\` and ` : ''}tags ${fields.tags.map((tag) => `“${tag}”`).join(', ') || '(none)'}`,
      { place, ruleId: 'category-line', source: SOURCE },
    )
  } else if ((match = BYLINE.exec(line)) && fields.authors.length === 0) {
    fields.authors = match[1]!.split(/\s*(?:,|\band\b|&)\s*/).filter(Boolean)
    file.info(`Read the byline as ${fields.authors.join(', ')}`, { place, ruleId: 'byline', source: SOURCE })
  } else if (LINK_ONLY_BOILERPLATE.test(line) || RULE.test(line) || /^(?:\[[^\]]*\]\(#?\)\s*)+$/.test(line)) {
    file.info(`Removed a boilerplate line: “${line}”`, { place, ruleId: 'boilerplate', source: SOURCE })
  } else if (DOMAIN.test(line) && !fields.source) {
    fields.source = line
    file.info(`Read the bare line “${line}” as the outlet (source)`, { place, ruleId: 'outlet-line', source: SOURCE })
  } else return false
  return true
}

function readDateField(
  field: 'date' | 'updated',
  text: string,
  fields: FoundFields,
  file: VFile,
  place: { line: number; column: number },
): void {
  const iso = readDate(text)
  if (iso) {
    fields[field] = iso
    file.info(`Read \`${field}\` ${iso} from “${text}”`, { place, ruleId: 'date-line', source: SOURCE })
  } else {
    fields.unreadDates.push({ field, text })
    file.message(`Could not read a date in “${text}”; kept it verbatim as a comment in the front matter`, {
      place,
      ruleId: 'unreadable-date',
      source: SOURCE,
    })
  }
}

/**
 * Blank lines separate blocks. Inside a prose block, lines that each end a sentence are separate
 * paragraphs (wire copy puts one paragraph on a line); other lines are soft wraps and are joined.
 */
function toBlocks(lines: string[], start: number): Block[] {
  const blocks: Block[] = []
  let current: Block[] = []
  const flush = () => {
    if (current.length === 0) return
    const prose = current.every((line) => !NON_PROSE.test(line.text))
    if (!prose) blocks.push({ text: current.map((line) => line.text).join('\n'), line: current[0]!.line })
    else if (current.length > 1 && current.slice(0, -1).every((line) => TERMINAL.test(line.text.trim())))
      blocks.push(...current)
    else blocks.push({ text: current.map((line) => line.text.trim()).join(' '), line: current[0]!.line })
    current = []
  }
  for (let index = start; index < lines.length; index++) {
    const text = lines[index]!.replace(/\s+$/, '')
    if (text.trim() === '') flush()
    else current.push({ text, line: index + 1 })
  }
  flush()
  return blocks
}

/** Drop placeholder paragraphs and join paragraphs split mid-sentence. */
export function tidyBlocks(blocks: Block[], file: VFile): Block[] {
  return joinSplitParagraphs(dropPlaceholders(blocks, file), file)
}

function dropPlaceholders(blocks: Block[], file: VFile): Block[] {
  return blocks.filter((block) => {
    if (!PLACEHOLDER.test(block.text)) return true
    file.info(`Removed placeholder text: “${block.text.slice(0, 60)}…”`, {
      place: { line: block.line, column: 1 },
      ruleId: 'placeholder',
      source: SOURCE,
    })
    return false
  })
}

/** A paragraph that stops mid-sentence and one that carries on in lower case are one paragraph. */
function joinSplitParagraphs(blocks: Block[], file: VFile): Block[] {
  const joined: Block[] = []
  for (const block of blocks) {
    const previous = joined.at(-1)
    if (
      previous &&
      isProse(previous) &&
      isProse(block) &&
      !TERMINAL.test(previous.text.trim()) &&
      /^\p{Ll}/u.test(block.text.trim())
    ) {
      file.info(
        `Joined a paragraph split mid-sentence: “…${previous.text.slice(-30)}” + “${block.text.slice(0, 30)}…”`,
        {
          place: { line: block.line, column: 1 },
          ruleId: 'joined-paragraph',
          source: SOURCE,
        },
      )
      previous.text = `${previous.text.trim()} ${block.text.trim()}`
    } else joined.push({ ...block })
  }
  return joined
}

const isProse = (block: Block) => !block.text.includes('\n') && !NON_PROSE.test(block.text)
