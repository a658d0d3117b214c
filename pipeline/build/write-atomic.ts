/**
 * Write a file so that a reader (or a build killed at any moment) sees either the old whole file or
 * the new whole file: write a temporary sibling, flush it, then rename over the target.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'

export async function writeAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true })
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
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

/**
 * Remove temporary files left by a build that was killed mid-write (SIGKILL gives no chance to
 * clean up). Files of a build still running (its pid alive) are left alone.
 */
export async function removeStaleTemporaries(outDir: string): Promise<number> {
  const { glob } = await import('tinyglobby')
  const stale = (await glob('**/.*.tmp', { cwd: outDir, dot: true, absolute: true })).filter((file) => {
    const pid = Number(/\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(file)?.[1])
    if (!pid) return false
    try {
      process.kill(pid, 0)
      return pid === process.pid
    } catch {
      return true
    }
  })
  await Promise.all(stale.map((file) => rm(file, { force: true })))
  return stale.length
}
