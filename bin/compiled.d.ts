// Types of bin/compiled.js for the tests that import what its bundle rewrites.
export const FUNCTION_IMPORT: string
export const NAMING_VISITS: string
export const FRANC_MODELS: string
export const FRANC_MODELS_ON_FIRST_USE: string
export const OPTIONAL_PICOMATCH: string
export const PDFKIT_BINARY_STRING: string
export const PDFKIT_BINARY_STRING_NATIVE: string
export const TINY_INFLATE_EXPORT: string
export const TINY_INFLATE_NATIVE: string
export function importCompiled(entry: 'cli' | 'process-article'): Promise<Record<string, unknown> | undefined>
export function saveCodeCaches(): void
