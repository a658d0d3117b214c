/**
 * The words a digest prints around its stories, per language (others fall back to English). The
 * contents heading comes from the words every format shares (templates/shared/labels.ts).
 */
import type { DigestWords } from '../../pipeline/digest/template.ts'
import type { Labels } from '../shared/labels.ts'

type Own = Omit<DigestWords, 'contents' | 'stories'> & { stories: Partial<Record<Intl.LDMLPluralRule, string>> }

const WORDS: Record<string, Own> = {
  en: {
    inThisIssue: 'In this issue',
    intro: 'From the editors',
    readMore: 'Read more',
    download: 'This issue as',
    stories: { one: '{0} story', other: '{0} stories' },
  },
  ar: {
    inThisIssue: 'في هذا العدد',
    intro: 'كلمة التحرير',
    readMore: 'اقرأ المزيد',
    download: 'هذا العدد بصيغة',
    stories: { zero: '{0} قصة', one: 'قصة واحدة', two: 'قصتان', few: '{0} قصص', many: '{0} قصة', other: '{0} قصة' },
  },
  de: {
    inThisIssue: 'In dieser Ausgabe',
    intro: 'Von der Redaktion',
    readMore: 'Weiterlesen',
    download: 'Diese Ausgabe als',
    stories: { one: '{0} Beitrag', other: '{0} Beiträge' },
  },
  es: {
    inThisIssue: 'En este número',
    intro: 'De la redacción',
    readMore: 'Seguir leyendo',
    download: 'Este número en',
    stories: { one: '{0} artículo', other: '{0} artículos' },
  },
  fr: {
    inThisIssue: 'Dans ce numéro',
    intro: 'Le mot de la rédaction',
    readMore: 'Lire la suite',
    download: 'Ce numéro en',
    stories: { one: '{0} article', other: '{0} articles' },
  },
  he: {
    inThisIssue: 'בגיליון הזה',
    intro: 'דבר המערכת',
    readMore: 'להמשך קריאה',
    download: 'הגיליון בפורמט',
    stories: { one: 'כתבה אחת', two: 'שתי כתבות', other: '{0} כתבות' },
  },
  ja: {
    inThisIssue: '今号の内容',
    intro: '編集部より',
    readMore: '続きを読む',
    download: '今号のダウンロード：',
    stories: { other: '{0}本の記事' },
  },
  ru: {
    inThisIssue: 'В этом выпуске',
    intro: 'От редакции',
    readMore: 'Читать дальше',
    download: 'Этот выпуск в формате',
    stories: { one: '{0} статья', few: '{0} статьи', many: '{0} статей', other: '{0} статьи' },
  },
  zh: {
    inThisIssue: '本期内容',
    intro: '编者按',
    readMore: '阅读全文',
    download: '下载本期：',
    stories: { other: '{0} 篇文章' },
  },
}

/** The digest's words in `lang`, matched by language; English when none are listed for it. */
export function digestWords(lang: string, shared: Labels): DigestWords {
  const language = lang.split('-')[0]!.toLowerCase()
  const own = WORDS[language] ?? WORDS.en!
  const locale = WORDS[language] ? lang : 'en'
  const plural = new Intl.PluralRules(locale)
  const number = new Intl.NumberFormat(locale)
  return {
    inThisIssue: own.inThisIssue,
    contents: shared.contents,
    intro: own.intro,
    readMore: own.readMore,
    download: own.download,
    stories: (count) =>
      (own.stories[plural.select(count)] ?? own.stories.other ?? '{0}').replace('{0}', number.format(count)),
  }
}
