/**
 * The words every format prints around an article, in the article's language: the same byline,
 * reading time, "Updated" and "page n of N" in the HTML page, the card, the PDF and the EPUB.
 * Numbers, dates, lists of names and units come from CLDR through Intl; the few words Intl has no
 * data for are listed here per language (others fall back to English). Edit them here.
 */
import type { Metadata } from '../../pipeline/types.ts'

/** Phrases with `{0}`, `{1}` slots. */
interface Words {
  by: string
  updated: string
  pageOf: string
  contents: string
  notes: string
  firstPublishedBy: string
  /** `{0}` more people, as the last item of a list of names (`Dan Abramov and 4 others`). */
  others: string
}

const WORDS: Record<string, Words> = {
  en: {
    by: 'By {0}',
    updated: 'Updated {0}',
    pageOf: '{0} of {1}',
    contents: 'Contents',
    notes: 'Notes',
    firstPublishedBy: 'First published by {0}',
    others: '{0} others',
  },
  am: {
    by: 'ጸሐፊ፦ {0}',
    updated: 'የተሻሻለው፦ {0}',
    pageOf: '{0} ከ{1}',
    contents: 'ማውጫ',
    notes: 'ማስታወሻዎች',
    firstPublishedBy: 'መጀመሪያ የታተመው በ{0}',
    others: '{0} ሌሎች',
  },
  ar: {
    by: 'بقلم {0}',
    updated: 'حُدّث في {0}',
    pageOf: '{0} من {1}',
    contents: 'المحتويات',
    notes: 'الحواشي',
    firstPublishedBy: 'نُشر أولًا في {0}',
    others: '{0} آخرين',
  },
  bn: {
    by: 'লেখক: {0}',
    updated: 'হালনাগাদ: {0}',
    pageOf: '{1}-এর মধ্যে {0}',
    contents: 'সূচিপত্র',
    notes: 'টীকা',
    firstPublishedBy: 'প্রথম প্রকাশ: {0}',
    others: 'আরও {0} জন',
  },
  de: {
    by: 'Von {0}',
    updated: 'Aktualisiert am {0}',
    pageOf: '{0} von {1}',
    contents: 'Inhalt',
    notes: 'Anmerkungen',
    firstPublishedBy: 'Zuerst erschienen bei {0}',
    others: '{0} weitere',
  },
  el: {
    by: 'Συντάκτης: {0}',
    updated: 'Ενημερώθηκε {0}',
    pageOf: '{0} από {1}',
    contents: 'Περιεχόμενα',
    notes: 'Σημειώσεις',
    firstPublishedBy: 'Πρώτη δημοσίευση: {0}',
    others: '{0} ακόμη',
  },
  es: {
    by: 'Por {0}',
    updated: 'Actualizado el {0}',
    pageOf: '{0} de {1}',
    contents: 'Índice',
    notes: 'Notas',
    firstPublishedBy: 'Publicado originalmente por {0}',
    others: '{0} más',
  },
  fa: {
    by: 'نوشتهٔ {0}',
    updated: 'به‌روزرسانی: {0}',
    pageOf: '{0} از {1}',
    contents: 'فهرست',
    notes: 'یادداشت‌ها',
    firstPublishedBy: 'نخستین بار در {0} منتشر شد',
    others: '{0} نفر دیگر',
  },
  fr: {
    by: 'Par {0}',
    updated: 'Mis à jour le {0}',
    pageOf: '{0} sur {1}',
    contents: 'Sommaire',
    notes: 'Notes',
    firstPublishedBy: 'Publié d’abord par {0}',
    others: '{0} autres',
  },
  he: {
    by: 'מאת {0}',
    updated: 'עודכן ב־{0}',
    pageOf: '{0} מתוך {1}',
    contents: 'תוכן העניינים',
    notes: 'הערות',
    firstPublishedBy: 'פורסם לראשונה ב־{0}',
    others: '{0} נוספים',
  },
  hi: {
    by: 'लेखक: {0}',
    updated: 'अपडेट: {0}',
    pageOf: '{1} में से {0}',
    contents: 'विषय-सूची',
    notes: 'टिप्पणियाँ',
    firstPublishedBy: 'पहली बार {0} में प्रकाशित',
    others: '{0} अन्य',
  },
  hy: {
    by: 'Հեղինակ՝ {0}',
    updated: 'Թարմացվել է՝ {0}',
    pageOf: '{0} / {1}',
    contents: 'Բովանդակություն',
    notes: 'Ծանոթագրություններ',
    firstPublishedBy: 'Առաջին անգամ հրապարակվել է՝ {0}',
    others: 'ևս {0}',
  },
  it: {
    by: 'Di {0}',
    updated: 'Aggiornato il {0}',
    pageOf: '{0} di {1}',
    contents: 'Indice',
    notes: 'Note',
    firstPublishedBy: 'Pubblicato per la prima volta da {0}',
    others: 'altri {0}',
  },
  ja: {
    by: '{0}',
    updated: '更新：{0}',
    pageOf: '{0} / {1}',
    contents: '目次',
    notes: '注',
    firstPublishedBy: '初出：{0}',
    others: '他{0}名',
  },
  ka: {
    by: 'ავტორი: {0}',
    updated: 'განახლდა: {0}',
    pageOf: '{0} / {1}',
    contents: 'სარჩევი',
    notes: 'შენიშვნები',
    firstPublishedBy: 'პირველად გამოქვეყნდა: {0}',
    others: 'კიდევ {0}',
  },
  ko: {
    by: '글: {0}',
    updated: '업데이트: {0}',
    pageOf: '{0} / {1}',
    contents: '목차',
    notes: '주석',
    firstPublishedBy: '처음 게재: {0}',
    others: '외 {0}명',
  },
  nl: {
    by: 'Door {0}',
    updated: 'Bijgewerkt op {0}',
    pageOf: '{0} van {1}',
    contents: 'Inhoud',
    notes: 'Noten',
    firstPublishedBy: 'Eerder verschenen bij {0}',
    others: '{0} anderen',
  },
  pl: {
    by: 'Autor: {0}',
    updated: 'Zaktualizowano {0}',
    pageOf: '{0} z {1}',
    contents: 'Spis treści',
    notes: 'Przypisy',
    firstPublishedBy: 'Pierwotnie opublikowane przez {0}',
    others: '{0} innych',
  },
  pt: {
    by: 'Por {0}',
    updated: 'Atualizado em {0}',
    pageOf: '{0} de {1}',
    contents: 'Sumário',
    notes: 'Notas',
    firstPublishedBy: 'Publicado originalmente por {0}',
    others: 'mais {0}',
  },
  ru: {
    by: 'Автор: {0}',
    updated: 'Обновлено {0}',
    pageOf: '{0} из {1}',
    contents: 'Содержание',
    notes: 'Примечания',
    firstPublishedBy: 'Впервые опубликовано: {0}',
    others: 'ещё {0}',
  },
  ta: {
    by: 'எழுதியவர்: {0}',
    updated: 'புதுப்பிக்கப்பட்டது: {0}',
    pageOf: '{1} இல் {0}',
    contents: 'பொருளடக்கம்',
    notes: 'குறிப்புகள்',
    firstPublishedBy: 'முதலில் வெளியிட்டது: {0}',
    others: 'மேலும் {0} பேர்',
  },
  th: {
    by: 'โดย {0}',
    updated: 'อัปเดต {0}',
    pageOf: '{0} จาก {1}',
    contents: 'สารบัญ',
    notes: 'หมายเหตุ',
    firstPublishedBy: 'เผยแพร่ครั้งแรกโดย {0}',
    others: 'อีก {0} คน',
  },
  tr: {
    by: 'Yazan: {0}',
    updated: 'Güncellendi: {0}',
    pageOf: '{0} / {1}',
    contents: 'İçindekiler',
    notes: 'Notlar',
    firstPublishedBy: 'İlk yayımlandığı yer: {0}',
    others: '{0} kişi daha',
  },
  uk: {
    by: 'Автор: {0}',
    updated: 'Оновлено {0}',
    pageOf: '{0} з {1}',
    contents: 'Зміст',
    notes: 'Примітки',
    firstPublishedBy: 'Уперше опубліковано: {0}',
    others: 'ще {0}',
  },
  vi: {
    by: 'Tác giả: {0}',
    updated: 'Cập nhật {0}',
    pageOf: '{0} / {1}',
    contents: 'Mục lục',
    notes: 'Ghi chú',
    firstPublishedBy: 'Đăng lần đầu trên {0}',
    others: '{0} người khác',
  },
  zh: {
    by: '作者：{0}',
    updated: '更新于 {0}',
    pageOf: '第 {0} 页，共 {1} 页',
    contents: '目录',
    notes: '注释',
    firstPublishedBy: '首发于 {0}',
    others: '其他 {0} 人',
  },
  'zh-Hant': {
    by: '作者：{0}',
    updated: '更新於 {0}',
    pageOf: '第 {0} 頁，共 {1} 頁',
    contents: '目錄',
    notes: '註釋',
    firstPublishedBy: '首發於 {0}',
    others: '其他 {0} 人',
  },
}

/** The words of one language, with Intl's numbers, lists and units. */
export interface Labels {
  /** The language the words are in (the article's, or `en` when none is listed for it). */
  lang: string
  /** `By Ada Lovelace and Grace Hopper`: the names joined as the language joins a list. */
  byline(authors: readonly string[]): string
  /** The names alone, joined (`Ada Lovelace and Grace Hopper`, `Ада и Грейс`). */
  names(authors: readonly string[]): string
  /** The first `keep` names and how many more (`Dan Abramov and 4 others`); all names when that is no shorter. */
  someNames(authors: readonly string[], keep: number): string
  /** `4 min read` in English; elsewhere the duration as CLDR writes it (`4 минуты`, `٤ دقائق`). */
  readingTime(minutes: number): string
  updated(date: string): string
  /** `2 of 7` (`٢ من ٧`): page numbers in the language's digits. */
  pageOf(page: number, pages: number): string
  contents: string
  notes: string
  firstPublishedBy(source: string): string
  /** The text before and after the slot of a phrase (`By ` and `` for `By {0}`), for markup around the value. */
  around(phrase: 'by' | 'updated' | 'firstPublishedBy'): [string, string]
}

const fill = (pattern: string, ...values: string[]) =>
  pattern.replace(/\{(\d)\}/g, (_, index: string) => values[Number(index)] ?? '')

const cache = new Map<string, Labels>()

/** The labels for `lang` (a BCP 47 tag), matched by language and script, then by language. */
export function labelsFor(lang: string): Labels {
  let labels = cache.get(lang)
  if (labels) return labels
  let key = 'en'
  let locale = 'en'
  try {
    const maximized = new Intl.Locale(lang).maximize()
    const scripted = `${maximized.language}-${maximized.script}`
    key = WORDS[scripted] ? scripted : WORDS[maximized.language] ? maximized.language : 'en'
    locale = lang
  } catch {}
  const words = WORDS[key]!
  const number = new Intl.NumberFormat(locale)
  const list = new Intl.ListFormat(locale, { type: 'conjunction' })
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' })
  labels = {
    lang: key,
    byline: (authors) => fill(words.by, list.format(authors)),
    names: (authors) => list.format(authors),
    someNames: (authors, keep) => {
      const more = authors.length - keep
      if (more < 2) return list.format(authors)
      const others = key === 'en' ? `${number.format(more)} others` : fill(words.others, number.format(more))
      return list.format([...authors.slice(0, keep), others])
    },
    readingTime: (count) => (key === 'en' ? `${number.format(count)} min read` : minutes.format(count)),
    updated: (date) => fill(words.updated, date),
    pageOf: (page, pages) => fill(words.pageOf, number.format(page), number.format(pages)),
    contents: words.contents,
    notes: words.notes,
    firstPublishedBy: (source) => fill(words.firstPublishedBy, source),
    around: (phrase) => {
      const [before = '', after = ''] = words[phrase].split('{0}')
      return [before, after]
    },
  }
  cache.set(lang, labels)
  return labels
}

/** The labels of an article's language. */
export const labelsOf = (m: Pick<Metadata, 'lang'>): Labels => labelsFor(m.lang)
