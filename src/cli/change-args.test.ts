import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { parseCli } from './args'
import { readChangeStdin } from './change-stdin'

const T = ['--target', 'ssh://ocss@10.0.0.2']

describe('CLI apply / undo / run arguments', () => {
  it('parses apply with steps in order, repeated --input and --inputs', () => {
    expect(parseCli(['apply', 'ufw-firewall', 'ssh-password-login', ...T, '--input', 'PORT=22', '--input', 'NOTE=a=b', '--inputs', 'in.json', '--sudo-password-stdin'])).toEqual({
      ok: true,
      command: { name: 'change', verb: 'apply', target: { kind: 'ssh', user: 'ocss', host: '10.0.0.2', port: 22 }, sudoPasswordStdin: true, steps: ['ufw-firewall', 'ssh-password-login'], all: false, inputs: { PORT: '22', NOTE: 'a=b' }, inputsFile: 'in.json' },
    })
  })

  it('parses apply --all, undo STEP and run STEP ACTION', () => {
    expect(parseCli(['apply', '--all', ...T])).toMatchObject({ ok: true, command: { verb: 'apply', all: true, steps: [] } })
    expect(parseCli(['undo', 'ufw-firewall', ...T])).toMatchObject({ ok: true, command: { verb: 'undo', steps: ['ufw-firewall'] } })
    expect(parseCli(['run', 'gateway-token', 'rotate', ...T])).toMatchObject({ ok: true, command: { verb: 'run', steps: ['gateway-token'], action: 'rotate' } })
  })

  it('refuses what makes no sense, never echoing a stray argument', () => {
    expect(parseCli(['apply', ...T])).toMatchObject({ ok: false, message: expect.stringMatching(/needs step ids/) })
    expect(parseCli(['apply', '--all', 'ufw-firewall', ...T])).toMatchObject({ ok: false, message: expect.stringMatching(/not both/) })
    expect(parseCli(['undo', 'a-b', 'c-d', ...T])).toMatchObject({ ok: false, message: 'undo takes exactly one step.' })
    expect(parseCli(['undo', '--all', ...T])).toMatchObject({ ok: false, message: '--all belongs to apply.' })
    expect(parseCli(['run', 'gateway-token', ...T])).toMatchObject({ ok: false, message: expect.stringMatching(/run STEP ACTION/) })
    expect(parseCli(['run', 'gateway-token', 'apply', ...T])).toMatchObject({ ok: false })
    expect(parseCli(['apply', 'ufw-firewall'])).toMatchObject({ ok: false, message: expect.stringMatching(/needs --target/) })
    const secretish = parseCli(['apply', 'S3cr3t!Value', ...T])
    expect(secretish.ok).toBe(false)
    expect(JSON.stringify(secretish)).not.toContain('S3cr3t')
    const badInput = parseCli(['apply', 'ufw-firewall', ...T, '--input', 'lower=S3cr3t'])
    expect(JSON.stringify(badInput)).not.toContain('S3cr3t')
    expect(parseCli(['verify', ...T, '--input', 'A=b'])).toMatchObject({ ok: false, message: expect.stringMatching(/belong to apply/) })
  })
})

const stream = (text: string) => Object.assign(Readable.from([text]), { isTTY: false }) as unknown as NodeJS.ReadStream

describe('the stdin rule of apply/undo/run', () => {
  it('reads the sudo password first, then NAME=value lines for secret inputs', async () => {
    expect(await readChangeStdin({ password: true, secretNames: ['TOKEN'] }, stream('pw\nTOKEN=abc=def\n'))).toEqual({ password: 'pw', secrets: { TOKEN: 'abc=def' } })
    expect(await readChangeStdin({ password: false, secretNames: ['TOKEN', 'BOT'] }, stream('TOKEN=t\r\nBOT=b'))).toEqual({ secrets: { TOKEN: 't', BOT: 'b' } })
    expect(await readChangeStdin({ password: true, secretNames: [] }, stream('pw\n'))).toEqual({ password: 'pw', secrets: {} })
  })

  it('reads nothing when neither is needed', async () => {
    expect(await readChangeStdin({ password: false, secretNames: [] }, stream('ignored'))).toEqual({ secrets: {} })
  })

  it('refuses a name that is not a secret input of the run, and lines that are not NAME=value, without their text', async () => {
    await expect(readChangeStdin({ password: false, secretNames: ['TOKEN'] }, stream('PORT=22\n'))).rejects.toThrow(/line 1 of stdin names PORT, which is not a secret input/)
    const err = await readChangeStdin({ password: true, secretNames: ['TOKEN'] }, stream('pw\nS3cr3tWithoutName\n')).catch((e: Error) => e.message)
    expect(err).toMatch(/line 2 of stdin is not NAME=value/)
    expect(err).not.toContain('S3cr3t')
    await expect(readChangeStdin({ password: true, secretNames: [] }, stream(''))).rejects.toThrow(/stdin is empty/)
  })
})
