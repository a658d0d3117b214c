#!/usr/bin/env node
// Runs before `npm test`: the tests call Java tools (the Nu HTML Checker from npm, epubcheck from
// Debian), poppler/qpdf, MuPDF and Chromium (axe-core, Ace by DAISY and the preview drive it). Install
// the Debian ones when missing and we are root; otherwise stop with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const needed = [
  { package: 'epubcheck', present: () => existsSync('/usr/share/java/epubcheck.jar') },
  { package: 'poppler-utils', present: () => has('pdftotext') && has('pdfinfo') },
  { package: 'qpdf', present: () => has('qpdf') },
  // The PDF's text is read back with MuPDF too; right-to-left pages are measured in Chromium.
  { package: 'mupdf-tools', present: () => has('mutool') },
  { package: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { package: 'default-jre-headless', present: () => has('java') },
  { package: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  {
    package: 'python3-feedparser',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0,
  },
]

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

const missing = needed.filter((tool) => !tool.present()).map((tool) => tool.package)
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`
  if (process.getuid?.() !== 0) {
    console.error(`The tests need ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`)
    process.exit(1)
  }
  console.error(`Installing test tools: ${missing.join(', ')}`)
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' })
}
