import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SshTarget, sudoPrompt } from '../targets/ssh-target'
import { RUNNER_STARTED } from '../runner/job'
import { promptTag, sudoAnswer } from './sudo-answer'

/** Feeds chunks to a fresh answerer and returns what it typed. */
function typedAfter(chunks: readonly string[], tag = promptTag()): string[] {
  const typed: string[] = []
  const watch = sudoAnswer('s3cret pw', tag, RUNNER_STARTED)
  for (const c of chunks) watch(c, { write: (d) => typed.push(d) })
  return typed
}
const at = (tag: string, user = 'ocss'): string => sudoPrompt(tag).replace('%p', user)

describe('sudoAnswer: the held password only at the app\'s own sudo prompt of this job', () => {
  it('types it once at the prompt with this job\'s tag, also when the prompt arrives in pieces', () => {
    const tag = promptTag()
    expect(typedAfter([at(tag)], tag)).toEqual(['s3cret pw\r'])
    const p = at(tag)
    expect(typedAfter(['Welcome\r\n', p.slice(0, 9), p.slice(9, 40), p.slice(40)], tag)).toEqual(['s3cret pw\r'])
  })

  it('never types at the old fixed prompt text or another job\'s tag (e.g. printed by ~/.bashrc before sudo)', () => {
    const tag = promptTag()
    expect(typedAfter(['[sudo] password for ocss (OpenClaw Secure Setup): '], tag)).toEqual([])
    expect(typedAfter([at(promptTag())], tag)).toEqual([])
    // ...and the real prompt after such a fake one is still answered.
    expect(typedAfter(['[sudo] password for ocss (OpenClaw Secure Setup): ', at(tag)], tag)).toEqual(['s3cret pw\r'])
  })

  it('answers at most once: a second prompt (wrong password) is the person\'s', () => {
    const tag = promptTag()
    expect(typedAfter([at(tag), '\r\nSorry, try again.\r\n', at(tag)], tag)).toEqual(['s3cret pw\r'])
  })

  it('the prompt text followed by more output is not a prompt sudo waits at', () => {
    const tag = promptTag()
    expect(typedAfter([`${at(tag)}and more\r\n`], tag)).toEqual([])
  })

  it('stops for good once the job runner started (sudo did not ask): a root script printing the prompt gets nothing', () => {
    const tag = promptTag()
    expect(typedAfter([`\x1b[2m${RUNNER_STARTED}\x1b[0m\r\n`, '=== apply: x\r\n', at(tag)], tag)).toEqual([])
    // The marker split over chunks counts too.
    expect(typedAfter([`\x1b[2m${RUNNER_STARTED.slice(0, 6)}`, `${RUNNER_STARTED.slice(6)}\x1b[0m\r\n`, at(tag)], tag)).toEqual([])
  })

  it('each job gets a new tag of 24 hex digits; a tag that is not hex is refused', () => {
    const a = promptTag()
    expect(a).toMatch(/^[0-9a-f]{24}$/)
    expect(promptTag()).not.toBe(a)
    expect(() => sudoAnswer('pw', 'x.*', RUNNER_STARTED)).toThrow(/hex digits/)
  })
})

describe("the job's prompt tag in the ssh command (SshTarget.terminalSpawn, nothing spawned)", () => {
  const target = new SshTarget({ kind: 'ssh', user: 'ocss', host: 'vm.lan', port: 2222 }, { hostKey: { type: 'ssh-ed25519', blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIA', fingerprint: `SHA256:${'A'.repeat(43)}` }, stateDir: mkdtempSync(join(tmpdir(), 'ocss-kh-')) })
  const spawnWith = (tag: string) => target.terminalSpawn({ kind: 'root-command', script: 'true', args: ['x'], label: 'job launcher', promptTag: tag })

  it("goes into sudo's -p prompt, but the displayed command shows <tag> instead", () => {
    const tag = promptTag()
    const spec = spawnWith(tag)
    expect(spec.args.at(-1)).toContain(`-p '[sudo] password for %p (OpenClaw Secure Setup, job ${tag}): '`)
    expect(spec.display).not.toContain(tag)
    expect(spec.display).toContain('(OpenClaw Secure Setup, job <tag>)')
  })

  it('refuses a tag that is not 16-64 hex digits (it lands in remote shell text)', () => {
    for (const bad of ["x'; id; '", 'abc', 'A'.repeat(20), '0'.repeat(65)]) expect(() => spawnWith(bad), bad).toThrow(/hex digits/)
  })
})
