import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { startTelegramStandin, type TelegramStandin } from '../../../test/lab/telegram-standin'
import { labSh, onboardLabOpenClaw } from '../../../test/helpers/step-contract'
import { runTypingSecret } from '../../../test/helpers/secret-prompt'
import { runStepScript } from '../openclaw-onboard/oc-step-lab'
import { channelAllowlist, evaluateChannelAllowlist } from './step'

// The real OpenClaw 2026.9.6 in the lab as user ocss, onboarded with OpenClaw's own CLI. The bot token is typed at the
// job's own prompt the way the app does it (lib/secret.sh's marker line, then the value with echo off), by a small pty
// driver in the lab that reads the value from its stdin: it never is an argument or a file.
const HOME = '/home/ocss'
const TAG = randomBytes(12).toString('hex')
const canary = () => `${700_000_000 + Math.floor(Math.random() * 99_999_999)}:CANARY${randomBytes(26).toString('base64url')}`
const ENV = { OCSS_OC_USER: 'ocss', OCSS_IN_CHANNEL: 'telegram', OCSS_IN_TELEGRAM_IDS: '123456789,987654321' }
let lab: Lab
let gatewayToken = ''
let standin: TelegramStandin | undefined

/** Runs `which` of the step as root in a pty and answers its OCSS-SECRET-REQUEST BOT_TOKEN marker with `token`. */

async function runWithToken(which: 'apply' | 'undo' | 'find-id', token: string, env: Record<string, string> = ENV): Promise<{ code: number; out: string }> {
  const text = which === 'find-id' ? (channelAllowlist.actionScripts?.['find-id'] ?? '') : channelAllowlist.scripts[which]
  return runTypingSecret(lab, text, { name: 'BOT_TOKEN', value: token, env, tag: TAG })
}

const check = async (env: Record<string, string> = ENV) => evaluateChannelAllowlist({ exitCode: 0, stdout: (await runStepScript(lab, channelAllowlist, 'check', env)).stdout })

/** TELEGRAM_BOT_TOKEN's live value in OpenClaw's secret store, read as root ('' when there is none). */
const stored = async () =>
  (await labSh(lab, `/usr/bin/python3 -c 'import sqlite3; r = sqlite3.connect("file:${HOME}/.openclaw/state/openclaw.sqlite?mode=ro", uri=True).execute("SELECT value FROM secret_store_entries WHERE name = ? AND deleted_at_ms IS NULL", ("TELEGRAM_BOT_TOKEN",)).fetchone(); print(r[0] if r else "")'`)).trim()

/** Every file under the homes, /root, /tmp and the app's folders holding the value read from stdin, except the secret store. */
const FILES = 'pat=$(cat); grep -rlsF -f <(printf "%s\\n" "$pat") /home /root /tmp /var/lib/openclaw-secure-setup | grep -v "^/home/ocss/.openclaw/state/openclaw.sqlite" ; true'
/** Samples every process's argument list every 20 ms until /root/argv-stop appears; prints each hit. */
const ARGV = 'pat=$(cat); rm -f /root/argv-stop; while [ ! -e /root/argv-stop ]; do grep -lsF -f <(printf "%s\\n" "$pat") /proc/[0-9]*/cmdline; sleep 0.02; done; true'

beforeAll(async () => {
  lab = await startLab()
  gatewayToken = await onboardLabOpenClaw(lab)
}, 900_000)
afterAll(async () => {
  await standin?.stop()
  await lab?.stop()
})

describe('channel-allowlist: the bot token at the job\'s prompt (real OpenClaw in the lab)', () => {
  it('a typed value that is not a bot token is refused: nothing stored, openclaw.json unchanged, the value not echoed', async () => {
    const before = await labSh(lab, `sha256sum ${HOME}/.openclaw/openclaw.json`)
    const bad = `not a token ${randomBytes(8).toString('hex')}`
    const r = await runWithToken('apply', bad)
    expect(r.code, r.out).toBe(1)
    expect(r.out).toMatch(/does not look like a bot token from @BotFather.*Nothing was stored or changed\./)
    expect(r.out).not.toContain(bad)
    expect(await stored()).toBe('')
    expect(await labSh(lab, `sha256sum ${HOME}/.openclaw/openclaw.json`)).toBe(before)
  }, 600_000)

  it('apply stores the typed token in the secret store only: not in the output, openclaw.json, any other file or any argv', async () => {
    const token = canary()
    const sampler = lab.exec(['bash', '-c', ARGV], { input: token, timeoutMs: 600_000 })
    const r = await runWithToken('apply', token)
    await lab.exec(['touch', '/root/argv-stop'])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/OCSS-SECRET-REQUEST BOT_TOKEN/)
    expect(r.out).toMatch(/Stored: TELEGRAM_BOT_TOKEN, \d+ characters/)
    expect(r.out).not.toContain(token)
    expect((await sampler).stdout).toBe('')
    expect(await stored()).toBe(token)
    expect(await labSh(lab, FILES, { input: token })).toBe('')
    const v = await check()
    expect(v, JSON.stringify(v)).toMatchObject({ status: 'pass' })
    expect(v.evidence).toContain(`botToken: in the secret store (TELEGRAM_BOT_TOKEN), ${token.length} characters`)
    expect(v.evidence).toContain('allowFrom: 2 entries (2 numeric)')
    expect(JSON.stringify(v)).not.toContain(token)
    expect(JSON.stringify(v)).not.toContain(gatewayToken)
  }, 600_000)

  it('apply again asks for nothing and changes nothing; undo removes the token the step stored and the keys', async () => {
    const token = await stored()
    const bytes = await labSh(lab, `sha256sum ${HOME}/.openclaw/openclaw.json*`)
    const again = await runWithToken('apply', 'never-typed')
    expect(again.code, again.out).toBe(0)
    expect(again.out).not.toMatch(/OCSS-SECRET-REQUEST/)
    expect(again.out).toMatch(/keeping it/)
    expect(await labSh(lab, `sha256sum ${HOME}/.openclaw/openclaw.json*`)).toBe(bytes)
    const undo = await runWithToken('undo', '')
    expect(undo.code, undo.out).toBe(0)
    expect(undo.out).toMatch(/Removing the bot token this step stored/)
    expect(undo.out).not.toContain(token)
    expect(await stored()).toBe('')
    expect(await labSh(lab, `ls -A ${HOME}/.openclaw/.ocss-undo 2>/dev/null || echo gone`)).toBe('gone\n')
    expect(await labSh(lab, `grep -c telegram ${HOME}/.openclaw/openclaw.json || true`)).toBe('0\n')
  }, 600_000)

  it('a token the person stored by hand is kept by apply and by undo', async () => {
    const token = canary()
    await labSh(lab, 'openclaw secrets store set TELEGRAM_BOT_TOKEN --kind secret --value-file - >/dev/null', { user: 'ocss', input: token })
    expect((await runWithToken('apply', 'never-typed')).out).toMatch(/already in OpenClaw's secret store .*keeping it/)
    const undo = await runWithToken('undo', '')
    expect(undo.code, undo.out).toBe(0)
    expect(undo.out).not.toMatch(/Removing the bot token/)
    expect(await stored()).toBe(token)
  }, 600_000)

  it('"I use no chat channel": apply writes nothing, the check reads not applicable, and fails once a channel appears', async () => {
    const none = { OCSS_OC_USER: 'ocss', OCSS_IN_CHANNEL: 'none' }
    const bytes = await labSh(lab, `sha256sum ${HOME}/.openclaw/openclaw.json`)
    const r = await runWithToken('apply', '', none)
    expect(r.code, r.out).toBe(0)
    expect(r.out).not.toMatch(/OCSS-SECRET-REQUEST/)
    expect(await labSh(lab, `sha256sum ${HOME}/.openclaw/openclaw.json`)).toBe(bytes)
    expect(await check(none)).toMatchObject({ status: 'not-applicable', evidence: expect.arrayContaining(['your answer in this step: "I use no chat channel"']) })
    await labSh(lab, 'openclaw config set channels.telegram.enabled true --strict-json >/dev/null', { user: 'ocss' })
    expect((await check(none)).summary).toMatch(/^You said you use no chat channel, but openclaw.json sets up telegram/)
  }, 600_000)

  it('"Find my Telegram id" for real: the gateway gets a DM through the Bot API stand-in, the action shows the sender\'s numeric id, and Apply with it passes', async () => {
    standin = await startTelegramStandin(lab, '555000111', 'Test')
    await labSh(lab, `openclaw config set channels.telegram.apiRoot ${standin.apiRoot} >/dev/null`, { user: 'ocss' })
    const token = await stored()
    const action = runWithToken('find-id', 'never-typed', { ...ENV, OCSS_FIND_ID_SECONDS: '600' })
    // The person's gateway runs (here by hand: the lab has no systemd): started once the action turned pairing on.
    for (let i = 0; i < 600 && !(await labSh(lab, `grep -c '"pairing"' ${HOME}/.openclaw/openclaw.json || true`)).startsWith('1'); i++) await new Promise((r) => setTimeout(r, 500))
    await labSh(lab, 'cd && (nohup openclaw gateway run >/tmp/ocss-gateway.log 2>&1 </dev/null & echo $! >/tmp/ocss-gateway.pid)', { user: 'ocss' })
    const r = await action
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/Now send your bot any message/)
    expect(r.out).toMatch(/Telegram user id: 555000111 \(Test\)/)
    expect(r.out).not.toMatch(/OCSS-SECRET-REQUEST/)
    expect(r.out).not.toContain(token)
    expect(standin.calls()).toEqual(expect.arrayContaining(['getMe', 'getUpdates', 'sendMessage']))
    // Nobody was approved: the pairing store still has no sender, and the check says so.
    expect((await check()).summary).toMatch(/nobody is approved in the pairing store yet/)
    const apply = await runWithToken('apply', 'never-typed', { ...ENV, OCSS_IN_TELEGRAM_IDS: '555000111' })
    expect(apply.code, apply.out).toBe(0)
    const v = await check({ ...ENV, OCSS_IN_TELEGRAM_IDS: '555000111' })
    expect(v, JSON.stringify(v)).toMatchObject({ status: 'pass', evidence: expect.arrayContaining(['allowFrom: 1 entry (1 numeric)']) })
    expect(await labSh(lab, `grep -rlsF -f <(printf "%s\\n" "$(cat)") /tmp/ocss-gateway.log /tmp/openclaw-* || true`, { input: token })).toBe('')
    await labSh(lab, 'kill "$(cat /tmp/ocss-gateway.pid)" || true')
  }, 1_200_000)
})
