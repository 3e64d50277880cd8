import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { execTracer } from './exec-trace'

const dir = mkdtempSync(join(tmpdir(), 'ocss exec-trace '))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('exec-trace (the labs\' execve tracer)', () => {
  it('logs every execve of the whole tree (a backgrounded grandchild too), keeps no_new_privs off and passes the exit status on', () => {
    const log = join(dir, 'a.trace')
    const r = spawnSync(execTracer(), ['-o', log, '--', '/bin/sh', '-c', 'grep NoNewPrivs /proc/self/status; (sleep 0.05; /bin/echo "canary-7 \\"q\\"" >/dev/null) & wait; exit 3'], { encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(3)
    // strace --seccomp-bpf would print 1 here, and sudo would then refuse to run
    expect(r.stdout).toMatch(/^NoNewPrivs:\s+0$/m)
    const lines = readFileSync(log, 'utf8').trim().split('\n')
    expect(lines[0]).toMatch(/^\d+ execve\("\/bin\/sh", \["\/bin\/sh", "-c", "grep NoNewPrivs/)
    expect(lines).toContainEqual(expect.stringMatching(/^\d+ execve\("[^"]*grep", \["grep", "NoNewPrivs", "\/proc\/self\/status"\]\)$/))
    expect(lines).toContainEqual(expect.stringMatching(/^\d+ execve\("\/bin\/echo", \["\/bin\/echo", "canary-7 \\"q\\""\]\)$/))
  })

  it('refuses without a command, and says how to call it', () => {
    const r = spawnSync(execTracer(), ['-o', join(dir, 'b.trace')], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/usage: exec-trace -o FILE -- COMMAND/)
  })
})
