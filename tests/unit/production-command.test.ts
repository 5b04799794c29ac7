import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appNodeArgs } from '../../bench/processes.js'

const repoRoot = resolve(import.meta.dirname, '..', '..')

/** The exec-form CMD of the Dockerfile's final stage, as an argument list. */
function dockerCmd(): string[] {
  const lines = readFileSync(resolve(repoRoot, 'Dockerfile'), 'utf8').split('\n')
  const cmd = lines.filter((line) => line.startsWith('CMD ')).at(-1)
  if (!cmd) throw new Error('the Dockerfile has no CMD')
  return JSON.parse(cmd.slice('CMD '.length)) as string[]
}

describe('the production command', () => {
  it('is the same in the Docker image as in `npm run serve`, which the benchmark measures', () => {
    expect(dockerCmd()).toEqual(['node', ...appNodeArgs(repoRoot)])
  })

  it('keeps V8 young-generation semi-spaces small, so an idle instance gives memory back', () => {
    expect(appNodeArgs(repoRoot)).toContain('--max-semi-space-size=8')
  })

  it('lets the bench add flags before the script, after the shipped ones', () => {
    const args = appNodeArgs(repoRoot, ['--cpu-prof'])
    expect(args.at(-1)).toBe('dist/src/server.js')
    expect(args.at(-2)).toBe('--cpu-prof')
    expect(args.indexOf('--max-semi-space-size=8')).toBeLessThan(args.indexOf('--cpu-prof'))
  })
})
