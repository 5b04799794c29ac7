import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { Spool } from '../../../../../src/modules/imports/readers/spool.js'

const PREFIX = `spool-test-${process.pid}-`
const leftovers = async () => (await readdir(tmpdir())).filter((name) => name.startsWith(PREFIX))

describe('Spool', () => {
  it('gives back what was added, in order, and removes its file', async () => {
    const spool = new Spool<{ n: number; text: string }>(PREFIX)
    for (let n = 0; n < 1000; n++) await spool.add({ n, text: `line\n${n} “quoted”` })
    const back: { n: number; text: string }[] = []
    for await (const value of spool.drain()) back.push(value)
    await spool.close()
    expect(back).toHaveLength(1000)
    expect(back[999]).toEqual({ n: 999, text: 'line\n999 “quoted”' })
    expect(await leftovers()).toEqual([])
  })

  it('removes its file when reading stops half-way, and makes none when unused', async () => {
    const spool = new Spool<number>(PREFIX)
    await spool.add(1)
    await spool.add(2)
    for await (const value of spool.drain()) if (value === 1) break
    await spool.close()
    const unused = new Spool<number>(PREFIX)
    expect([...(await collectAll(unused))]).toEqual([])
    await unused.close()
    expect(await leftovers()).toEqual([])
  })
})

async function collectAll(spool: Spool<number>): Promise<number[]> {
  const all: number[] = []
  for await (const value of spool.drain()) all.push(value)
  return all
}
