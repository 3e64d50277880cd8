import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { afterAll, expect } from 'vitest'
import { describeStepContract, labSh, onboardLabOpenClaw } from '../../../test/helpers/step-contract'
import { runTypingSecret } from '../../../test/helpers/secret-prompt'
import type { Lab } from '../../../test/lab/lab'
import { startPingStandin, type PingStandin } from '../../../test/lab/ping-standin'
import { runStepScript } from '../openclaw-onboard/oc-step-lab'
import { gatewayService } from '../gateway-service/step'
import { evaluateHealthPing, healthPing } from './step'

// The health ping for real on a systemd lab (PID 1 systemd, linger, the account's user manager): the gateway runs as
// the account's user service (the gateway-service step, applied in setup), so `openclaw health --json` passes; the
// account's real systemd user timer runs the job; the real curl pings a healthchecks.io stand-in
// (test/lab/ping-standin.ts) on an address owned by a lab host in its own netns, over HTTPS with a throw-away CA in
// the lab's trust store, so the lab's curl trusts it. The ping URL is a canary: it must appear nowhere but in the
// account's 600 file.
const USER = 'ocss'
const HOME = `/home/${USER}`
const ADDR = '198.51.100.77'
const URL_ = `https://${ADDR}/ping/${randomUUID()}-CANARY${randomBytes(12).toString('hex')}`
const HASH = createHash('sha256').update(URL_).digest('hex')
const URL_FILE = `${HOME}/.config/openclaw-secure-setup/health-ping.curl`
const ENV = { OCSS_OC_USER: USER, OCSS_IN_PING_URL_SHA256: HASH }
const TAG = randomBytes(12).toString('hex')
let gatewayToken = ''
let standin: PingStandin | undefined
/** Pings of the canary's path the stand-in answered so far. */
const pings = () => standin?.pings(URL_) ?? 0
const asUser = (cmd: string) => `XDG_RUNTIME_DIR=/run/user/$(id -u) ${cmd}`

/** The URL file as a person writes it by hand (the value from stdin, 600). */
const writeUrlByHand = (lab: Lab, url: string) =>
  labSh(lab, `umask 077 && mkdir -p ~/.config/openclaw-secure-setup && IFS= read -r u && printf 'url = "%s"\\n' "$u" > ${URL_FILE} && chmod 600 ${URL_FILE}`, { user: USER, input: `${url}\n` })

/** Runs the step's `which` script as root in a pty (python3 in the lab) and answers its PING_URL prompt with `url`. */
async function typed(lab: Lab, which: 'apply' | 'undo', url: string): Promise<{ code: number; out: string }> {
  return runTypingSecret(lab, healthPing.scripts[which], { name: 'PING_URL', value: url, env: ENV, tag: TAG, timeoutMs: 300_000 })
}
/** Every process's argument list sampled every 20 ms until /root/argv-stop appears; prints each hit. */
const ARGV = 'pat=$(cat); rm -f /root/argv-stop; while [ ! -e /root/argv-stop ]; do grep -lsF -f <(printf "%s\\n" "$pat") /proc/[0-9]*/cmdline; sleep 0.02; done; true'
/** Every file holding the value from stdin under the homes, /root, /tmp, the app's folders and the logs. */
const FILES = 'pat=$(cat); grep -rlsF -f <(printf "%s\\n" "$pat") /home /root /tmp /var/lib/openclaw-secure-setup /usr/local/lib /var/log /run/log /etc/systemd; true'
const check = async () => evaluateHealthPing({ exitCode: 0, stdout: (await runStepScript(lab(), healthPing, 'check', ENV)).stdout })
let theLab: Lab | undefined
const lab = (): Lab => {
  if (!theLab) throw new Error('no lab')
  return theLab
}
const testPing = () => runStepScript(lab(), healthPing, 'test-ping', ENV, 120_000)

afterAll(async () => {
  await standin?.stop()
})

describeStepContract(healthPing, {
  lab: { systemd: true },
  params: { OC_USER: USER },
  inputs: { PING_URL_SHA256: HASH },
  setup: async (l) => {
    theLab = l
    gatewayToken = await onboardLabOpenClaw(l, USER)
    const g = await runStepScript(l, gatewayService, 'apply', { OCSS_OC_USER: USER }, 600_000)
    if (g.code !== 0) throw new Error(`gateway-service apply failed: ${g.stdout}${g.stderr}`)
    standin = await startPingStandin(l, ADDR)
    // The person keeps the URL in the curl config already (written by hand): apply keeps it, undo leaves it.
    await writeUrlByHand(l, URL_)
    expect(pings()).toBe(0)
  },
  touched: (l) =>
    labSh(
      l,
      `P="/usr/local/lib/openclaw-secure-setup ${HOME}/.config/openclaw-secure-setup ${HOME}/.config/systemd ${HOME}/.local/state/openclaw-secure-setup /var/lib/openclaw-secure-setup"
       # The job machinery's own folders (results, run) change with every job: not the step's.
       X="-path /var/lib/openclaw-secure-setup/results -prune -o -path /var/lib/openclaw-secure-setup/run -prune -o"
       find $P $X -printf '%p %y %m %u\\n' 2>/dev/null | sort; stat -c '%n %F %a %U' ${HOME}/.local/state 2>&1 || true
       find $P $X -type f ! -name health-ping.status -print0 2>/dev/null | sort -z | xargs -0r sha256sum
       runuser -u ${USER} -- env XDG_RUNTIME_DIR=/run/user/$(id -u ${USER}) systemctl --user is-enabled ocss-health-ping.timer 2>&1 || true
       crontab -l -u ${USER} 2>&1 || true`,
    ),
  afterApply: (run) => {
    expect(run.stdout).toMatch(/The ping URL file already holds the address you entered/)
    expect(run.stdout).toMatch(/First run: OpenClaw's health check passed and the ping got through \(HTTP 200\)/)
    expect(run.stdout + run.stderr).not.toContain(URL_)
    // The check's pass below rests on a real ping: the stand-in counted it.
    expect(pings()).toBeGreaterThanOrEqual(1)
  },
  hardenByHand: async (l) => {
    // The app's own prompt path: the URL typed at the job's prompt (no file yet), sampled in every argv meanwhile.
    const t0 = Date.now()
    await labSh(l, `rm -f ${URL_FILE}`)
    const sampler = l.exec(['bash', '-c', ARGV], { input: URL_, timeoutMs: 600_000 })
    const r = await typed(l, 'apply', URL_)
    await l.exec(['touch', '/root/argv-stop'])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/OCSS-SECRET-REQUEST PING_URL/)
    expect(r.out).toMatch(/Writing the ping URL to/)
    expect(r.out).not.toContain(URL_)
    expect((await sampler).stdout).toBe('')
    expect(await labSh(l, `stat -c '%a %U' ${URL_FILE}`)).toBe(`600 ${USER}\n`)
    expect(await labSh(l, FILES, { input: URL_ })).toBe(`${URL_FILE}\n`)
    expect(await labSh(l, `stat -c '%a %U %G' /usr/local/lib/openclaw-secure-setup/health-ping`)).toBe('755 root root\n')
    // The account's journal of its runs holds no URL either.
    expect(await labSh(l, asUser('journalctl --user -u ocss-health-ping.service --no-pager -q 2>/dev/null; true'), { user: USER })).not.toContain(URL_)
    // "Send a test ping now": one more ping reaches the stand-in, and the action says so.
    const n = pings()
    const t = await testPing()
    expect(t.code, t.stdout + t.stderr).toBe(0)
    expect(t.stdout).toMatch(/Test ping sent: OpenClaw's health check passed and the monitor answered HTTP 200/)
    expect(t.stdout + t.stderr).not.toContain(URL_)
    expect(pings()).toBeGreaterThan(n)
    // Undo removes the URL file this apply wrote (and everything else); applied again, it is typed again.
    const u = await typed(l, 'undo', '')
    expect(u.code, u.out).toBe(0)
    expect(await labSh(l, `ls ${URL_FILE} /usr/local/lib/openclaw-secure-setup ${HOME}/.config/systemd/user/ocss-health-ping.timer 2>&1 || true`)).not.toMatch(/^\//m)
    const again = await typed(l, 'apply', URL_)
    expect(again.code, again.out).toBe(0)
    expect(again.out).toMatch(/OCSS-SECRET-REQUEST PING_URL/)
    console.log(`health-ping: typed apply, test ping, undo, apply: ${Date.now() - t0} ms`)
  },
  breakByHand: (l) => labSh(l, asUser(`systemctl --user disable --now ocss-health-ping.timer 2>/dev/null && rm ${HOME}/.config/systemd/user/ocss-health-ping.timer`), { user: USER }).then(() => undefined),
  alsoFails: [
    {
      what: 'the URL file holds another address (hash mismatch)',
      make: async (l) => {
        await writeUrlByHand(l, `https://${ADDR}/ping/${randomUUID()}`)
        expect((await check()).summary).toMatch(/holds a different address than the one you entered/)
      },
      unmake: (l) => writeUrlByHand(l, URL_).then(() => undefined),
    },
    {
      what: 'the ping endpoint unreachable: the last run failed',
      make: async () => {
        await standin?.host.unroute(ADDR)
        const t = await testPing()
        expect(t.code).toBe(1)
        expect(t.stderr).toMatch(/the ping failed \(curl exit 7/)
        expect((await check()).summary).toMatch(/At the last run the ping did not get through \(curl exit 7/)
      },
      unmake: async () => {
        await standin?.host.route(ADDR)
        expect((await testPing()).code).toBe(0)
      },
    },
    {
      // A hung gateway (every process of its unit stopped with SIGSTOP): health --timeout 2000 fails at once, and
      // SIGCONT brings it back without the ~50 s of a restart.
      what: 'the gateway hung: the health check fails, nothing is pinged',
      make: async (l) => {
        await labSh(l, asUser('systemctl --user kill --signal=SIGSTOP openclaw-gateway.service'), { user: USER })
        const n = pings()
        expect((await testPing()).code).toBe(1)
        expect(pings()).toBe(n)
        expect((await check()).summary).toMatch(/OpenClaw's health check failed/)
      },
      unmake: async (l) => {
        await labSh(l, asUser('systemctl --user kill --signal=SIGCONT openclaw-gateway.service'), { user: USER })
        const t = await testPing()
        expect(t.code, t.stdout + t.stderr).toBe(0)
      },
    },
  ],
  siblings: ['gateway-service'],
  canaries: () => [URL_, gatewayToken],
  timeoutMs: 900_000,
})
