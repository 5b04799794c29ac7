/** The time every test starts at: the test clock is set to it before each test. */
export const NOW = '2026-06-01T12:00:00.000Z'
export const MINUTE = 60 * 1000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** NOW moved by `offsetMs`, as an ISO string. */
export const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString()

/** A well-formed UUID v7 that no row has. */
export const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000'
