import { defineConfig } from './pipeline/config.ts'

export default defineConfig({
  siteName: 'Galley News',
  siteUrl: 'https://news.example.org',
  defaultLanguage: 'en',
  theme: { accent: '#b3261e' },
})
