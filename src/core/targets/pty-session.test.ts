import { describe, expect, it } from 'vitest'
import { HIGH_WATER, PtySession } from './pty-session'

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('PtySession (real node-pty)', () => {
  it('runs a program, passes keystrokes and reports its exit code', async () => {
    let out = ''
    const s = new PtySession({ file: 'bash', args: ['--norc', '--noprofile', '-c', 'read -r x; echo "got:$x"; exit 3'], display: '' }, { onData: (d) => (out += d), onExit: () => undefined })
    s.write('hello\r')
    expect(await s.exitPromise).toBe(3)
    expect(out).toContain('got:hello')
  })

  it('batches output and pauses the PTY when the renderer stops acknowledging', async () => {
    const total = 3_000_000
    let received = 0
    let batches = 0
    const s = new PtySession(
      // The short sleep keeps the program alive until the last paused chunk is read (see the note in pty-session.ts).
      { file: 'bash', args: ['--norc', '--noprofile', '-c', `head -c ${total} /dev/zero | tr '\\0' a; echo; sleep 0.5`], display: '' },
      { onData: (d) => { received += d.length; batches++ }, onExit: () => undefined },
    )
    await wait(1500)
    expect(s.isPaused).toBe(true)
    expect(received).toBeLessThan(total)
    expect(received).toBeGreaterThanOrEqual(HIGH_WATER)
    // Acknowledge everything, as xterm's write callback does, until the program ends.
    while (s.exitCode === null) {
      s.ack(received)
      await wait(20)
    }
    expect(received).toBeGreaterThanOrEqual(total)
    expect(batches).toBeLessThan(received / 1000)
  }, 30_000)
})
