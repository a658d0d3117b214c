// Puppeteer (pulled in by @daisy/ace-cli) must not download a browser at install: only the package
// registries are reachable here. It drives Debian's Chromium instead (PUPPETEER_EXECUTABLE_PATH wins).
module.exports = { skipDownload: true, executablePath: '/usr/bin/chromium' }
