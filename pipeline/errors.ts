/**
 * Errors about how Galley was called, as opposed to problems in an article (those are messages).
 */

/** A problem with how Galley was called: an option, a config, a template, shards (exit code 2). */
export class UsageError extends Error {}

/** A config file that cannot be read or does not validate (a usage error: exit code 2). */
export class ConfigError extends UsageError {}
