import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { AppError } from '../app-error'
import { channelPreamble, ControlChannel, MAX_REPLY_BYTES } from './control-channel'
import { BOOTSTRAP, newMarker } from './stdin-protocol'

/** The channel's far end in a local bash, started exactly as over ssh (bootstrap + marker + server script on stdin). */
function localChannel(): ControlChannel {
  return new ControlChannel(
    () => {
      const marker = newMarker()
      return { file: 'bash', args: ['-c', BOOTSTRAP, marker], preamble: channelPreamble({ marker }) }
    },
    (stderr, code) => new AppError('CONNECTION_FAILED', `channel ended (${code}): ${stderr}`, 'Reconnect.'),
  )
}

describe('ControlChannel (real bash far end)', () => {
  it('runs many requests over one process, with parameters, exit codes and separate stderr', async () => {
    const ch = localChannel()
    for (let i = 0; i < 20; i++) {
      const r = await ch.request('printf "%s|%s" "$OCSS_A" "$OCSS_B"; echo oops >&2; exit $((OCSS_N % 3))', { A: `a${i} $(id) 'q'`, B: 'ünïcödé\n2nd', N: String(i) })
      expect(r).toEqual({ exitCode: i % 3, stdout: `a${i} $(id) 'q'|ünïcödé\n2nd`, stderr: 'oops\n' })
    }
    expect(ch.starts).toBe(1)
    ch.close()
  })

  it('serialises concurrent requests and keeps large outputs intact', async () => {
    const ch = localChannel()
    const results = await Promise.all([1, 2, 3].map((n) => ch.request(`head -c ${n * 300_000} /dev/zero | tr '\\0' ${n}`)))
    results.forEach((r, i) => {
      expect(r.stdout.length).toBe((i + 1) * 300_000)
      expect(r.stdout[0]).toBe(String(i + 1))
    })
    ch.close()
  })

  it('keeps parameters out of every argument list', async () => {
    const ch = localChannel()
    const secret = `canary-${newMarker()}`
    const running = ch.request('sleep 1; echo done', { SECRET: secret })
    await new Promise((r) => setTimeout(r, 400))
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(secret)
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(Buffer.from(secret).toString('base64'))
    expect((await running).stdout).toBe('done\n')
    ch.close()
  })

  it('fails the request in flight when the far end dies, then starts again', async () => {
    const ch = localChannel()
    const pid = (await ch.request('echo $PPID')).stdout.trim()
    const inFlight = ch.request('sleep 5').then(() => new Error('resolved'), (e: unknown) => e)
    await new Promise((r) => setTimeout(r, 300))
    process.kill(Number(pid), 'SIGKILL')
    expect(String(await inFlight)).toMatch(/channel ended/)
    expect((await ch.request('echo back')).stdout).toBe('back\n')
    expect(ch.starts).toBe(2)
    ch.close()
  })

  it('times out a hung request, closes the channel and recovers', async () => {
    const ch = localChannel()
    await expect(ch.request('sleep 10', {}, 500)).rejects.toThrow(/did not finish within 1 s|did not finish within 0 s/)
    expect((await ch.request('echo ok')).stdout).toBe('ok\n')
    expect(ch.starts).toBe(2)
    ch.close()
  })

  it('refuses a reply above the cap with a clear error, closes the channel and starts a fresh one for the next request', async () => {
    const ch = localChannel()
    expect((await ch.request(`head -c ${MAX_REPLY_BYTES} /dev/zero`)).stdout.length).toBe(MAX_REPLY_BYTES) // at the cap: fine
    await expect(ch.request(`head -c ${MAX_REPLY_BYTES + 1} /dev/zero`)).rejects.toThrow(/sent a reply of 8\.0 MiB, more than the 8\.0 MiB the app accepts .* connection closed/)
    // stdout and stderr count together.
    await expect(ch.request(`head -c ${MAX_REPLY_BYTES / 2 + 1} /dev/zero; head -c ${MAX_REPLY_BYTES / 2} /dev/zero >&2`)).rejects.toMatchObject({ code: 'COMMAND_FAILED', hint: /next command reconnects/ })
    expect((await ch.request('echo back')).stdout).toBe('back\n')
    expect(ch.starts).toBe(3)
    ch.close()
  }, 60_000)

  it('refuses a far end that announces a huge reply or floods the channel without a reply header', async () => {
    // A hostile far end (a real bash that is not channel-server.sh): it says READY, then misbehaves on every request.
    const hostile = (answer: string) =>
      new ControlChannel(
        () => ({ file: 'bash', args: ['-c', `echo OCSS-READY $$; while IFS= read -r l; do ${answer}; done`], preamble: Buffer.alloc(0) }),
        (stderr, code) => new AppError('CONNECTION_FAILED', `channel ended (${code}): ${stderr}`, 'Reconnect.'),
      )
    const huge = hostile(`case $l in REQ*) printf 'OCSS-RESP %s 0 999999999999 0\\n' "\${l:4:1}";; esac`)
    await expect(huge.request('true', {}, 20_000)).rejects.toThrow(/sent a reply of 953674\.3 MiB, more than the 8\.0 MiB/)
    huge.close()
    const flood = hostile("case $l in REQ*) head -c 300000 /dev/zero | tr '\\0' x;; esac")
    await expect(flood.request('true', {}, 20_000)).rejects.toThrow(/KB that are not a reply \(no reply header\)/)
    expect(flood.starts).toBe(1)
    flood.close()
  })
})
