import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { firstInputIssue, inputSchema } from '../../shared/step-inputs'
import { CHANNEL_INPUTS, channelAllowlist, evaluateChannelAllowlist } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateChannelAllowlist({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('channel-allowlist check (fixtures)', () => {
  it('one numeric id in allowFrom passes, and the evidence shows shapes and the token length, never the ids or the token', () => {
    const v = read('allowlist-one-id.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.summary).toBe('Telegram direct messages reach the agent from only the one numeric user id in allowFrom; groups need the allowlist.')
    expect(v.evidence).toContain('allowFrom: 1 entry (1 numeric)')
    expect(v.evidence).toContain('botToken: in the secret store (TELEGRAM_BOT_TOKEN), 46 characters')
    expect(v.evidence).toContain('dmPolicy: allowlist')
    expect(JSON.stringify(v)).not.toContain('123456789')
  })

  it('numbers and digit strings both count as numeric ids; groups disabled passes', () => {
    expect(read('allowlist-two-ids-number.pass.txt')).toMatchObject({ status: 'pass', evidence: expect.arrayContaining(['allowFrom: 2 entries (2 numeric)']) })
    expect(read('groups-disabled.pass.txt')).toMatchObject({ status: 'pass', evidence: expect.arrayContaining(['groupPolicy: disabled']) })
  })

  it('pairing passes with an approved numeric sender in the pairing store, and fails with nobody, "*", or an unreadable store', () => {
    expect(read('pairing-approved.pass.txt')).toMatchObject({ status: 'pass', evidence: expect.arrayContaining(['pairing store: 1 entry (1 numeric) approved, 1 pending']) })
    expect(read('pairing-nobody.fail.txt').summary).toMatch(/nobody is approved in the pairing store yet/)
    expect(read('pairing-star.fail.txt').summary).toMatch(/the pairing store approves "\*"/)
    expect(read('pairing-unreadable.fail.txt').summary).toMatch(/pairing store could not be read/)
  })

  it('dmPolicy open fails, with or without "*"', () => {
    expect(read('dm-open.fail.txt').summary).toBe('dmPolicy is open: anyone who finds the bot can talk to the agent.')
    expect(read('dm-open-star.fail.txt').summary).toMatch(/allowFrom holds "\*".*dmPolicy is open/)
  })

  it('an empty or missing allowFrom fails (OpenClaw would drop every message); "*" and a @username fail', () => {
    expect(read('allowlist-empty.fail.txt').summary).toMatch(/^dmPolicy is allowlist but allowFrom is empty, so OpenClaw silently drops every message/)
    expect(read('allowlist-unset.fail.txt').summary).toMatch(/^dmPolicy is allowlist but allowFrom is empty/)
    expect(read('allowlist-star.fail.txt').summary).toMatch(/^allowFrom holds "\*"/)
    expect(read('allowlist-username.fail.txt')).toMatchObject({ status: 'fail', evidence: expect.arrayContaining(['allowFrom: 1 entry (0 numeric, 1 not numeric)']) })
    expect(JSON.stringify(read('allowlist-username.fail.txt'))).not.toContain('someuser')
  })

  it('groupPolicy open fails; a plaintext token or a reference to a missing store entry fails', () => {
    expect(read('groups-open.fail.txt').summary).toMatch(/^groupPolicy is open/)
    const plain = read('token-plaintext.fail.txt')
    expect(plain.summary).toMatch(/the bot token is in plain text in openclaw.json/)
    expect(plain.evidence).toContain('botToken: in plain text in openclaw.json, 46 characters')
    expect(read('token-ref-missing.fail.txt').summary).toMatch(/refers to TELEGRAM_BOT_TOKEN, which OpenClaw's secret store does not hold/)
  })

  it('no Telegram and no answer fails with what to do', () => {
    expect(read('no-telegram.fail.txt').summary).toMatch(/^Telegram is not set up yet .* or choose "I use no chat channel"/)
  })

  it('"I use no chat channel": not applicable with the reason while none is set up (or it is switched off); a channel appearing fails', () => {
    const na = read('none-no-channel.na.txt')
    expect(na).toMatchObject({ status: 'not-applicable', summary: 'Not applicable: you use no chat channel, and openclaw.json sets up none.' })
    expect(na.evidence).toContain('your answer in this step: "I use no chat channel"')
    expect(read('none-channel-off.na.txt').status).toBe('not-applicable')
    expect(read('none-but-channel.fail.txt').summary).toMatch(/^You said you use no chat channel, but openclaw.json sets up telegram/)
  })
})

describe('channel-allowlist inputs', () => {
  const parse = (values: Record<string, string>) => inputSchema(CHANNEL_INPUTS).safeParse(values)
  const issue = (values: Record<string, string>) => {
    const r = parse(values)
    if (r.success) throw new Error('expected a refusal')
    return firstInputIssue(r.error)
  }

  it('ids are normalised to one comma-separated list; the token is a secret input, never staged', () => {
    expect(parse({ TELEGRAM_IDS: ' 123456789, 987654321 ' })).toMatchObject({ success: true, data: { CHANNEL: 'telegram', TELEGRAM_IDS: '123456789,987654321' } })
    expect(CHANNEL_INPUTS.find((i) => i.name === 'BOT_TOKEN')?.kind).toBe('secret')
    // No ids needed without a chat channel, nor for undo and checks (requireAll off).
    expect(parse({ CHANNEL: 'none' })).toMatchObject({ success: true, data: { CHANNEL: 'none' } })
    expect(inputSchema(CHANNEL_INPUTS, { requireAll: false }).safeParse({}).success).toBe(true)
  })

  it('refuses a non-numeric id, a @username, metacharacters, a huge paste and an empty list with a clear message', () => {
    expect(issue({ TELEGRAM_IDS: '12345abc' })).toBe('Your numeric Telegram user id(s): every id must be a positive whole number (separate them with commas or spaces).')
    expect(issue({ TELEGRAM_IDS: '@someuser' })).toMatch(/every id must be a positive whole number/)
    expect(issue({ TELEGRAM_IDS: '123456789;rm -rf /' })).toMatch(/every id must be a positive whole number/)
    expect(issue({ TELEGRAM_IDS: '$(reboot)' })).toMatch(/every id must be a positive whole number/)
    expect(issue({ TELEGRAM_IDS: '1'.repeat(5000) })).toMatch(/is longer than/)
    expect(issue({ TELEGRAM_IDS: ', ,' })).toBe('Your numeric Telegram user id(s) needs at least one Telegram user id.')
    expect(issue({})).toBe('Your numeric Telegram user id(s) is required when Chat channel is "Telegram".')
    expect(issue({ CHANNEL: 'telegram', TELEGRAM_IDS: '  ' })).toBe('Your numeric Telegram user id(s) is required when Chat channel is "Telegram".')
    expect(issue({ CHANNEL: 'whatsapp' })).toMatch(/^Chat channel must be one of: telegram, none\.$/)
  })

  it('the script refuses the same input again before it looks at the machine (nothing runs)', () => {
    const run = (env: Record<string, string>) => spawnSync('bash', ['--norc', '--noprofile', '-c', channelAllowlist.scripts.apply], { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', OCSS_OC_USER: 'nobody-such-account', ...env }, encoding: 'utf8' })
    for (const ids of ['', '123;id', '12 34', '0123', `${'1,'.repeat(60)}1`]) {
      const r = run({ OCSS_IN_TELEGRAM_IDS: ids })
      expect(r.status, ids).toBe(1)
      expect(r.stderr, ids).toMatch(ids === '' ? /No Telegram user id was given: an empty allowlist drops every message/ : /must be positive whole numbers separated by commas/)
      expect(r.stderr).toMatch(/Nothing was changed\./)
    }
    expect(run({ OCSS_IN_CHANNEL: 'irc', OCSS_IN_TELEGRAM_IDS: '1' }).stderr).toMatch(/Channel "irc" is not one this step knows/)
  })
})
