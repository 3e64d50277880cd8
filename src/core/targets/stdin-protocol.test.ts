import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { BOOTSTRAP, buildStdin, encodeParams, newMarker } from './stdin-protocol'

/** Runs the real bootstrap in a local bash, as the remote side would. */
function runBootstrap(stdin: Buffer, marker: string) {
  return spawnSync('bash', ['-c', BOOTSTRAP, marker], { input: stdin, encoding: 'utf8' })
}

describe('stdin protocol (real bash)', () => {
  it('delivers parameters as environment variables without shell interpretation', () => {
    const marker = newMarker()
    const nasty = `$(touch /tmp/ocss-pwned) ' " \` ; | & \\ \n second line`
    const r = runBootstrap(buildStdin({ marker, script: 'printf "%s" "$OCSS_VALUE"; echo; echo "$OCSS_N"', params: { VALUE: nasty, N: '42' } }), marker)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`${nasty}\n42\n`)
  })

  it('runs the script with bash -s so it can read the rest of stdin', () => {
    const marker = newMarker()
    const r = runBootstrap(buildStdin({ marker, script: 'echo one\nexit 7' }), marker)
    expect(r.stdout).toBe('one\n')
    expect(r.status).toBe(7)
  })

  it('refuses to run anything when the first line is not the marker (a password sudo did not consume)', () => {
    const marker = newMarker()
    const r = runBootstrap(buildStdin({ marker, script: 'echo ran', sudoPassword: 'echo LEAKED' }), marker)
    expect(r.status).toBe(98)
    expect(r.stdout).toBe('')
    expect(r.stderr).not.toContain('LEAKED')
  })

  it('works as a first stdin line too (the WSL form)', () => {
    const marker = newMarker()
    const input = buildStdin({ marker, script: 'echo "$OCSS_X"', params: { X: 'a$HOME' }, bootstrapLine: true })
    const r = spawnSync('bash', ['-s'], { input, encoding: 'utf8' })
    expect(r.stdout).toBe('a$HOME\n')
  })

  it('rejects bad parameter names and multi-line passwords', () => {
    expect(() => encodeParams({ 'A;B': 'x' })).toThrow(/Invalid parameter name/)
    expect(() => encodeParams({ lower: 'x' })).toThrow(/Invalid parameter name/)
    expect(() => buildStdin({ marker: 'm', script: '', sudoPassword: 'a\nb' })).toThrow(/single line/)
  })
})
