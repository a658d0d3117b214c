/**
 * Write a file so that a reader (or a build killed at any moment) sees either the old whole file or
 * the new whole file: write a temporary sibling, flush it, then rename over the target.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface WriteOptions {
  /**
   * Flush the bytes to disk before the rename. Default true. Without, a killed build still leaves the
   * old or the new file, but a machine that loses power may leave it empty: fine for the build's own
   * records (the cache), whose loss only means building again, and which are written after the
   * files they describe were flushed.
   */
  flush?: boolean
}

export async function writeAtomic(
  target: string,
  data: Uint8Array | string,
  options: WriteOptions = {},
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true })
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  )
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(data)
    if (options.flush !== false) await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

// A build marks the output folder as being written while it runs. A mark left behind means a build
// was killed mid-write (SIGKILL gives no chance to clean up): only then is the whole folder searched
// for its temporary files, a walk that costs tens of milliseconds on a site of 1,000 articles.
const MARK_PREFIX = '.galley-building-'

/**
 * Mark `outDir` as being written by this process, after removing what an unfinished build left
 * there. Returns the function that removes the mark once the build is over.
 */
export async function startWriting(outDir: string): Promise<() => Promise<void>> {
  await mkdir(outDir, { recursive: true })
  const unfinished = (await readdir(outDir)).filter(
    (name) => name.startsWith(MARK_PREFIX) && !running(Number(name.slice(MARK_PREFIX.length))),
  )
  if (unfinished.length > 0) {
    await removeStaleTemporaries(outDir)
    await Promise.all(unfinished.map((name) => rm(path.join(outDir, name), { force: true })))
  }
  const mark = path.join(outDir, `${MARK_PREFIX}${process.pid}`)
  await writeFile(mark, '')
  return () => rm(mark, { force: true })
}

/** Whether another live process has this pid (this process's own mark is a build of it that did not finish). */
function running(pid: number): boolean {
  if (!pid || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Remove temporary files left by a build that was killed mid-write. Files of a build still running
 * (its pid alive) are left alone.
 */
async function removeStaleTemporaries(outDir: string): Promise<number> {
  const { glob } = await import('tinyglobby')
  const stale = (await glob('**/.*.tmp', { cwd: outDir, dot: true, absolute: true })).filter((file) => {
    const pid = Number(/\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(file)?.[1])
    return pid > 0 && !running(pid)
  })
  await Promise.all(stale.map((file) => rm(file, { force: true })))
  return stale.length
}
