import { randomBytes } from 'node:crypto'

const last = { ms: 0, counter: 0 }

/**
 * A UUID version 7 (RFC 9562), as Prisma's `uuid(7)` default makes them: for rows inserted with
 * SQL of our own. Ids grow with time, also within a millisecond (a 12-bit counter, method 1).
 */
export function uuidv7(): string {
  const bytes = randomBytes(16)
  const ms = Date.now()
  if (ms > last.ms) {
    last.ms = ms
    // A random start, leaving room to count up within the millisecond.
    last.counter = bytes.readUInt16BE(6) & 0x7ff
  } else if (++last.counter > 0xfff) {
    last.ms++
    last.counter = 0
  }
  bytes.writeUIntBE(last.ms, 0, 6)
  bytes[6] = 0x70 | (last.counter >> 8)
  bytes[7] = last.counter & 0xff
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
