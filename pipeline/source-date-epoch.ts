/**
 * `SOURCE_DATE_EPOCH` (reproducible-builds.org): the build's "now" when set, so the same sources give
 * the same bytes. Read in one place, so a build and a digest agree on what a bad value is.
 */
import { UsageError } from './errors.ts'

/** The variable's seconds, undefined when unset; a value that is not a whole number of seconds is a usage error. */
export function parseEpoch(value: string | undefined = process.env.SOURCE_DATE_EPOCH): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not \`${value}\``)
  return seconds
}
