/**
 * Guards for Galley's patches of its dependencies' internals (docs/dependencies.md): each check
 * names the patch and what it relies on, so a new release that changes the shape fails loudly with
 * a sentence saying where to look, not with a wrong PDF or a slower build.
 */
import { expect } from 'vitest'

/** Expect `holds`, failing with "`patch` relies on `what`" and where the patches are listed. */
export function reliesOn(patch: string, what: string, holds: boolean): void {
  expect(
    holds,
    `${patch} relies on ${what}, which no longer holds: the dependency changed shape; see docs/dependencies.md`,
  ).toBe(true)
}

/** Whether `object[name]` is a function. */
export function hasMethod(object: unknown, name: string): boolean {
  return typeof (object as Record<string, unknown> | null | undefined)?.[name] === 'function'
}
