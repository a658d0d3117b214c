/**
 * `galley digest` on ten real posts: the issue's PDF (outline, text in order, contents, tags,
 * mirrored right-to-left pages), its EPUB (epubcheck, nav and NCX), the same bytes twice, stories
 * chosen from the site, errors that name the article, and the digest kept in the site by later builds.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { toText } from 'hast-util-to-text'
import { visit } from 'unist-util-visit'
import { beforeAll, describe, expect, it } from 'vitest'
import { digest, type DigestResult } from '../pipeline/digest/index.ts'
import { UsageError } from '../pipeline/errors.ts'
import { build } from '../pipeline/index.ts'
import { messageLines } from '../pipeline/report.ts'
import { parseArticle } from '../pipeline/source/parse-article.ts'
import type { Article } from '../pipeline/types.ts'
import { CORPUS, config, digestSite, TEN, tenSources } from './helpers/digest.ts'
import { decodeXml, entryText, epubcheck, openEpub } from './helpers/epub.ts'
import { comparable, extractText } from './helpers/extract.ts'
import { pdfOutline, renderArticle, tool } from './helpers/pdf.ts'

const run = promisify(execFile)
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'output', 'manifest.json'), 'utf8')) as {
    articles: unknown[]
    digests?: Array<{
      slug: string
      stories: Array<{ slug: string }>
      artifacts: Record<string, { path: string; bytes: number }>
    }>
  }

describe('a digest of ten real posts', () => {
  let dir: string
  let result: DigestResult
  let pdf: string
  let stories: Article[]
  const issue = (extra: Partial<Parameters<typeof digest>[0]> = {}) =>
    digest({ targets: tenSources(), title: 'Weekly #12', date: '2026-12-04', cwd: dir, config: config(dir), ...extra })

  /** The page number the contents gives the story titled `title` (pdftotext -raw, white space collapsed). */
  const contentsNumber = async (title: string) => {
    const plain = (text: string) => text.replace(/\p{Cf}/gu, '').replace(/\s+/g, ' ')
    const contents = plain(await tool('pdftotext', ['-raw', '-f', '2', '-l', '2', pdf, '-']))
    const escaped = plain(title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return Number(new RegExp(`${escaped} (\\d+) `).exec(contents)?.[1])
  }

  beforeAll(async () => {
    dir = await digestSite()
    result = await issue({ targets: [...tenSources(), 'posts/hexo-no-title.md', 'posts/gone.md'] })
    pdf = path.join(dir, 'output', 'digests', 'weekly-12', 'weekly-12.pdf')
    stories = []
    for (const source of tenSources())
      stories.push(
        (await parseArticle(source, readFileSync(path.join(dir, source)), { ...config(dir), cwd: dir, lint: false }))
          .article!,
      )
  }, 240_000)

  it('names the article that failed and the one that is not there, exits 1, and makes the issue of the others', () => {
    expect(result.exitCode).toBe(1)
    const errors = messageLines(result.files[0]!, true)
    expect(errors).toEqual([
      expect.stringMatching(/`posts\/gone\.md`.*\(digest-no-article\)$/),
      expect.stringMatching(/`posts\/hexo-no-title\.md` failed \(Expected a title.*\(digest-article-failed\)$/),
    ])
    expect(result.written.map((file) => file.path)).toEqual([
      'digests/weekly-12/weekly-12.pdf',
      'digests/weekly-12/cover.png',
      'digests/weekly-12/weekly-12.epub',
      'digests/weekly-12/email.html',
      'digests/weekly-12/email.txt',
    ])
    const listed = manifestOf(dir).digests!.find((entry) => entry.slug === 'weekly-12')!
    expect(listed.stories.map((story) => story.slug)).toEqual(TEN)
    // The email links the issue's PDF and EPUB where they are published, beside it.
    const email = readFileSync(path.join(dir, 'output', 'digests', 'weekly-12', 'email.html'), 'utf8')
    for (const name of ['weekly-12.pdf', 'weekly-12.epub'])
      expect(email).toContain(`<a href="https://news.example.org/desk/digests/weekly-12/${name}"`)
    expect(readFileSync(path.join(dir, 'output', 'digests', 'weekly-12', 'email.txt'), 'utf8')).toMatch(
      /^PDF \([\d.]+ kB\): https:\/\/news\.example\.org\/desk\/digests\/weekly-12\/weekly-12\.pdf$/m,
    )
  })

  it('gives the PDF one outline: cover, contents, then each story with the headings of its own PDF; qpdf finds no error', async () => {
    const expected = ['0 Weekly #12', '0 Contents']
    for (const article of stories) {
      const own = path.join(dir, `${article.metadata.slug}.pdf`)
      writeFileSync(own, await renderArticle(article, config(dir).config))
      expected.push(...(await pdfOutline(own)))
    }
    expect(await pdfOutline(pdf)).toEqual(expected)
    expect(expected.filter((entry) => entry.startsWith('1 ')).length).toBeGreaterThan(30)
    const { stdout } = await run('qpdf', ['--check', pdf])
    expect(stdout).toContain('No syntax or stream encoding errors found')
  }, 120_000)

  it("holds every story's paragraphs in order, each one its own PDF holds (pdftotext -raw)", async () => {
    const digestText = comparable(await extractText(pdf, 'pdftotext-raw'))
    let cursor = 0
    let paragraphs = 0
    let checked = 0
    for (const article of stories) {
      const ownText = comparable(await extractText(path.join(dir, `${article.metadata.slug}.pdf`), 'pdftotext-raw'))
      visit(article.tree, 'element', (node) => {
        if (node.tagName !== 'p') return undefined
        const block = comparable(toText(node))
        if (!block) return 'skip'
        paragraphs++
        // A paragraph its own PDF shows otherwise (a formula as TeX, a note's back arrow) is not asked of the digest.
        if (!ownText.includes(block)) return 'skip'
        checked++
        const at = digestText.indexOf(block, cursor)
        expect(at, `${article.sourcePath}: ${block.slice(0, 60)}`).toBeGreaterThanOrEqual(0)
        cursor = at + block.length
        return 'skip'
      })
    }
    expect(checked).toBeGreaterThan(paragraphs * 0.9)
  }, 120_000)

  it('numbers the contents with the page each story starts on, and links each entry to that story', async () => {
    // Each entry's link goes to the named destination at its story's top, which the document names.
    const json = JSON.parse(await tool('qpdf', ['--json=2', pdf])) as {
      pages: Array<{ object: string }>
      qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>]
    }
    const object = (ref: string) => json.qpdf[1][`obj:${ref}`]!.value!
    const targets = (object(json.pages[1]!.object)['/Annots'] as string[]).map(
      (annotation) => object(object(annotation)['/A'] as string)['/D'],
    )
    expect(targets).toEqual(TEN.map((_, index) => `u:galley-story-${index + 1}`))
    // The destinations the document names: walk the catalog's /Dests name tree.
    const trailer = json.qpdf[1].trailer!.value!
    const catalog = object(trailer['/Root'] as string)
    const named: unknown[] = []
    // qpdf writes a direct dictionary inline and an indirect one as "n 0 R".
    const resolve = (value: unknown) => (typeof value === 'string' ? object(value) : value) as Record<string, unknown>
    const walk = (node: Record<string, unknown>): void => {
      const pairs = (node['/Names'] as unknown[] | undefined) ?? []
      for (let index = 0; index < pairs.length; index += 2) named.push(pairs[index])
      for (const kid of (node['/Kids'] as unknown[] | undefined) ?? []) walk(resolve(kid))
    }
    walk(resolve(resolve(catalog['/Names'])['/Dests']))
    for (const target of targets) expect(named).toContain(target)
    let last = 2
    for (const article of stories) {
      const number = await contentsNumber(article.metadata.title)
      expect(number, article.metadata.title).toBeGreaterThan(last)
      const page = comparable(await tool('pdftotext', ['-raw', '-f', String(number), '-l', String(number), pdf, '-']))
      expect(
        page.startsWith(comparable(article.metadata.siteName.toUpperCase()) + comparable(article.metadata.title)),
      ).toBe(true)
      last = number
    }
  })

  it('is tagged as one document: a TOC of ten entries, then an Art element per story in its language', async () => {
    const struct = await tool('pdfinfo', ['-struct', pdf])
    expect(struct.split('\n').filter((line) => /^ {4}TOCI/.test(line))).toHaveLength(10)
    expect(struct.split('\n').filter((line) => /^ {2}Art/.test(line))).toHaveLength(10)
    const qdf = (
      await run('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 64 << 20, encoding: 'latin1' })
    ).stdout
    const languages = [...qdf.matchAll(/\/Lang \(([^)]*)\)\s*\/P \d+ 0 R\s*\/S \/Art/g)].map((match) => match[1])
    expect(languages).toEqual(stories.map((article) => article.metadata.lang))
  })

  it("mirrors the right-to-left story's pages: its page number at the left, the site's name at the right", async () => {
    const page = await contentsNumber(stories[TEN.indexOf('react-ar-canaries')]!.metadata.title)
    const words = (first: number) =>
      tool('pdftotext', ['-bbox', '-f', String(first), '-l', String(first), pdf, '-']).then((html) =>
        [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)]
          .filter((match) => Number(match[2]) > 780)
          .map((match) => ({ x: Number(match[1]), text: match[3] })),
      )
    const sides = async (number: number) => {
      const footer = await words(number)
      const site = footer.filter((word) => word.text === 'Desk')
      const label = footer.filter((word) => word.text !== 'Desk')
      expect(site).toHaveLength(1)
      expect(label.length).toBeGreaterThan(0)
      return { site: site[0]!.x, label: Math.max(...label.map((word) => word.x)) }
    }
    // The story's second page, and an English story's page, for comparison.
    const arabic = await sides(page + 1)
    expect(arabic.site).toBeGreaterThan(300)
    expect(arabic.label).toBeLessThan(150)
    const english = await sides(3)
    expect(english.site).toBeLessThan(150)
    expect(english.label).toBeGreaterThan(300)
  })

  it('makes an EPUB epubcheck passes, a chapter per story, every story and heading in the nav and the NCX', async () => {
    const epub = path.join(dir, 'output', 'digests', 'weekly-12', 'weekly-12.epub')
    const [check] = await epubcheck([epub])
    expect(check!.problems).toEqual([])
    expect(check!.exitCode).toBe(0)
    const zip = await openEpub(readFileSync(epub))
    const nav = decodeXml(await entryText(zip, 'OEBPS/toc.xhtml'))
    const ncx = decodeXml(await entryText(zip, 'OEBPS/toc.ncx'))
    for (const [index, article] of stories.entries()) {
      const href = `story-${index + 1}.xhtml`
      const chapter = await entryText(zip, `OEBPS/${href}`)
      expect(chapter).toContain(`lang="${article.metadata.lang}"`)
      expect(nav).toContain(`<a href="${href}">${article.metadata.title}</a>`)
      expect(ncx).toContain(`<content src="${href}"/>`)
      const ids = [...chapter.matchAll(/<h[2-6][^>]* id="([^"]+)"/g)].map((match) => `${href}#${match[1]}`)
      for (const target of ids) {
        expect(nav, target).toContain(`href="${target}"`)
        expect(ncx, target).toContain(`src="${target}"`)
      }
    }
    expect(zip.file('OEBPS/images/cover-image.png')).not.toBeNull()
  }, 120_000)

  it('writes the same bytes when made again', async () => {
    const before = result.written.map((file) => sha(path.join(dir, 'output', file.path)))
    const again = await issue()
    expect(again.written.map((file) => sha(path.join(dir, 'output', file.path)))).toEqual(before)
  }, 120_000)

  it('chooses stories from the built site with --since (newest first) and --tag', async () => {
    const since = await issue({ targets: [], since: '2021-01-01', slug: 'since' })
    expect(since.exitCode).toBe(0)
    const listed = (slug: string) =>
      manifestOf(dir)
        .digests!.find((entry) => entry.slug === slug)!
        .stories.map((story) => story.slug)
    expect(listed('since')).toEqual([
      'react-ar-canaries',
      'react-zh-hans-canaries',
      'astro-markdown-style-guide',
      'react-ja-plan-for-react-18',
    ])
    await issue({ targets: [], tag: 'ANOTHER TAG', slug: 'tagged' })
    expect(listed('tagged')).toEqual(['eleventy-firstpost'])
  }, 120_000)

  it('leaves the email out without a site URL, says so, and refuses to make only the email', async () => {
    const bare = await issue({ config: config(dir, null), slug: 'no-url', formats: ['pdf', 'email'] }).catch(
      (error) => error,
    )
    expect(bare).toBeInstanceOf(UsageError)
    const noUrl = await issue({ config: config(dir, null), slug: 'no-url', formats: ['pdf', 'epub'] })
    expect(noUrl.written.map((file) => file.kind)).toEqual(['pdf', 'cover', 'epub'])
    const warned = await issue({ config: config(dir, null), slug: 'no-url' })
    expect(warned.exitCode).toBe(0)
    expect(messageLines(warned.files[0]!)).toEqual([expect.stringMatching(/^1:1: No email: .*\(digest-no-site-url\)$/)])
    expect(existsSync(path.join(dir, 'output', 'digests', 'no-url', 'email.html'))).toBe(false)
  }, 120_000)

  it('stays listed through later builds, never counted as an article folder, until its files are gone', async () => {
    const rebuild = () =>
      build({
        targets: ['posts'],
        cwd: dir,
        outDir: 'output',
        config: config(dir),
        formats: ['html', 'og'],
        concurrency: 2,
      })
    const slugs = () => manifestOf(dir).digests?.map((entry) => entry.slug)
    expect(slugs()).toEqual(['no-url', 'since', 'tagged', 'weekly-12'])
    await rebuild()
    expect(slugs()).toEqual(['no-url', 'since', 'tagged', 'weekly-12'])
    // With the record beside the cache lost, the manifest still lists them, and digests/ is no unlisted article.
    rmSync(path.join(dir, 'output', '.galley-cache'), { recursive: true })
    const lost = await rebuild()
    expect(lost.buildFile.messages.map((message) => message.ruleId)).not.toContain('unlisted-folder')
    expect(slugs()).toEqual(['no-url', 'since', 'tagged', 'weekly-12'])
    rmSync(path.join(dir, 'output', 'digests', 'since'), { recursive: true })
    await rebuild()
    expect(slugs()).toEqual(['no-url', 'tagged', 'weekly-12'])
    expect(existsSync(path.join(dir, 'output', 'digests', 'weekly-12', 'weekly-12.pdf'))).toBe(true)
  }, 180_000)
})

describe('a digest with an introduction', () => {
  it('opens the PDF, the EPUB and the email with it; the email leaves its image out and makes its links absolute', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-digest-intro-'))
    mkdirSync(path.join(dir, 'posts'))
    for (const name of ['eleventy-firstpost', 'gatsby-hello-world'])
      cpSync(path.join(CORPUS, `${name}.md`), path.join(dir, 'posts', `${name}.md`))
    cpSync('tests/fixtures/every-element/valley.png', path.join(dir, 'valley.png'))
    writeFileSync(
      path.join(dir, 'intro.md'),
      'Two stories this week, and [last week’s issue](../weekly-11/).\n\n![A valley at dawn](valley.png)\n',
    )
    const made = await digest({
      targets: ['posts/eleventy-firstpost.md', 'posts/gatsby-hello-world.md'],
      title: 'Weekly #12',
      date: '2026-12-04',
      intro: 'intro.md',
      cwd: dir,
      config: config(dir),
    })
    const folder = path.join(dir, 'output', 'digests', 'weekly-12')
    const outline = await pdfOutline(path.join(folder, 'weekly-12.pdf'))
    expect(outline.filter((entry) => entry.startsWith('0 '))).toEqual([
      '0 Weekly #12',
      '0 Contents',
      '0 From the editors',
      '0 This is my first post.',
      '0 Hello World',
    ])
    const text = comparable(await extractText(path.join(folder, 'weekly-12.pdf'), 'pdftotext-raw'))
    expect(text).toContain(comparable('Two stories this week, and last week’s issue'))
    const zip = await openEpub(readFileSync(path.join(folder, 'weekly-12.epub')))
    expect(await entryText(zip, 'OEBPS/title.xhtml')).toContain('Two stories this week')
    expect(Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/images/'))).toHaveLength(3)
    const email = readFileSync(path.join(folder, 'email.html'), 'utf8')
    expect(email).toContain('Two stories this week')
    expect(email).toContain('href="https://news.example.org/desk/digests/weekly-11/"')
    expect(email.match(/<img /g)).toHaveLength(2)
    expect(email).toContain('A valley at dawn')
    const intro = made.files.find((file) => file.path === 'intro.md')!
    expect(messageLines(intro)).toEqual([expect.stringMatching(/^3:1: .*`valley\.png`.*\(digest-email-intro-image\)$/)])
  }, 120_000)
})

describe('galley digest, asked wrongly', () => {
  it('is a usage error (exit 2) without a title, and an article may not take the slug `digests`', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-digest-bad-'))
    mkdirSync(path.join(dir, 'posts'))
    writeFileSync(path.join(dir, 'posts', 'a.md'), '---\ntitle: A\nslug: digests\n---\n\nText of the article.\n')
    const cli = await run(process.execPath, [path.resolve('bin/galley.js'), 'digest', 'posts/a.md'], {
      cwd: dir,
    }).catch((error: { code: number; stderr: string }) => error)
    expect((cli as { code: number }).code).toBe(2)
    expect((cli as { stderr: string }).stderr).toContain('needs the issue’s title')
    const built = await build({
      targets: ['posts'],
      cwd: dir,
      outDir: 'output',
      config: config(dir),
      formats: ['html'],
    })
    expect(built.articles[0]!.errors).toEqual([expect.stringMatching(/slug other than `digests`.*\(reserved-slug\)$/)])
  }, 60_000)
})
