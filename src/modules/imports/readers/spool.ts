import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

/**
 * Values set aside on disk, one JSON line each, to be read back in order once the rest of an
 * export has been seen: what a reader cannot finish yet stays out of memory whatever its size.
 */
export class Spool<T> {
  private dir: string | undefined
  private out: ReturnType<typeof createWriteStream> | undefined
  private failed: Error | undefined
  count = 0

  constructor(private readonly prefix = 'cms-import-') {}

  async add(value: T): Promise<void> {
    if (!this.out) {
      this.dir = await mkdtemp(join(tmpdir(), this.prefix))
      this.out = createWriteStream(join(this.dir, 'spool.ndjson'))
      // Without a listener, a write still queued when close() destroys the stream (the import
      // stopped before the file was open) would be an uncaught exception; add() reports the rest.
      this.out.on('error', (err) => {
        this.failed ??= err
      })
    }
    if (this.failed) throw this.failed
    this.count++
    if (!this.out.write(`${JSON.stringify(value)}\n`)) await once(this.out, 'drain')
  }

  /** The values in the order they were added; the file is removed once they are read. */
  async *drain(): AsyncGenerator<T> {
    if (!this.out || !this.dir) return
    this.out.end()
    await once(this.out, 'finish')
    const lines = createInterface({ input: createReadStream(join(this.dir, 'spool.ndjson')) })
    for await (const line of lines) yield JSON.parse(line) as T
  }

  /** Removes the file, also when reading stopped half-way. */
  async close(): Promise<void> {
    this.out?.destroy()
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
    this.dir = undefined
    this.out = undefined
  }
}
