import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { STEPS } from '..'
import { inputProblem } from '../../shared/step-inputs'
import { evaluateHealthPing, healthPing, PING_INPUTS } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateHealthPing({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('health-ping check (fixtures)', () => {
  it('passes with the timer enabled and active, the app\'s units and script, a 600 URL file whose hash matches, and a fresh good run', () => {
    const v = read('running.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.summary).toBe('Every 5 minutes openclaw\'s timer runs OpenClaw\'s health check and pings your monitor (hc-ping.com) when it passes; the last run, 100 s ago, got through.')
    expect(v.evidence).toContain('ping URL file: mode 600 openclaw; host hc-ping.com; hash: match')
    expect(v.evidence).toContain('last run: 100 s ago; health ok; HTTP 200; curl exit 0')
  })

  it.each([
    ['timer-removed.fail.txt', /^The health ping timer is not installed/],
    ['timer-disabled.fail.txt', /^The health ping timer is disabled and inactive/],
    ['url-changed.fail.txt', /holds a different address than the one you entered/],
    ['no-kept-hash.fail.txt', /keeps no hash of your ping URL/],
    ['url-readable.fail.txt', /must be openclaw's with mode 600 \(it is 644 openclaw\)/],
    ['script-writable.fail.txt', /not root's with mode 755/],
    ['script-changed.fail.txt', /missing, changed, or not root's/],
    ['stale.fail.txt', /last ran 17 min ago: the timer runs every 5 minutes/],
    ['endpoint-down.fail.txt', /ping did not get through \(curl exit 7, HTTP 000\)/],
    ['health-failed.fail.txt', /OpenClaw's health check failed/],
    ['no-account.fail.txt', /No OpenClaw account "openclaw"/],
  ])('%s fails and says why', (f, why) => {
    const v = read(f)
    expect(v.status).toBe('fail')
    expect(v.summary).toMatch(why)
  })

  it('output without its sections is an error, not a fail', () => {
    expect(read('garbage.error.txt').status).toBe('error')
  })

  it('no fixture and no verdict holds a ping path (only the host is shown)', () => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
      const text = readFileSync(join(dir, f), 'utf8')
      expect(text, f).not.toMatch(/https?:\/\//)
      expect(JSON.stringify(read(f)), f).not.toMatch(/https?:\/\/|\/ping\//)
    }
  })
})

describe('health-ping step', () => {
  it('sits after channel-allowlist and before audit-fresh, asks for a secret-url, requires the gateway service, offers a test ping', () => {
    const ids = STEPS.map((s) => s.meta.id)
    expect(ids.indexOf('health-ping')).toBeGreaterThan(ids.indexOf('channel-allowlist'))
    expect(ids.indexOf('health-ping')).toBeLessThan(ids.indexOf('audit-fresh'))
    expect(healthPing.meta.inputs).toEqual([expect.objectContaining({ name: 'PING_URL', kind: 'secret-url', required: false })])
    expect(healthPing.meta.requires?.map((r) => r.step)).toEqual(['gateway-service'])
    expect(healthPing.meta.actions?.map((a) => a.id)).toEqual(['test-ping'])
    expect(Object.keys(healthPing.actionScripts ?? {})).toEqual(['test-ping'])
  })

  it('the script validates the typed URL again, agreeing with the app (real bash; the value on stdin)', () => {
    const line = readFileSync(join(__dirname, 'apply.sh'), 'utf8').split('\n').find((l) => l.trim().startsWith("re='"))
    if (!line) throw new Error('apply.sh has no re= line')
    const input = PING_INPUTS[0]
    if (!input) throw new Error('no input')
    const samples = ['https://hc-ping.com/0b6c7d3e-1a2b', 'https://hc-ping.com', 'https://198.51.100.77:8443/ping/x?create=1', 'http://hc-ping.com/x', 'https://u:p@hc-ping.com/x', 'https://hc-ping.com/a b', 'https://hc-ping.com/a"b', 'https://hc-ping.com/a\\b', 'ftp://hc-ping.com/x']
    for (const url of samples) {
      const shell = spawnSync('bash', ['-c', `${line.trim()}; IFS= read -r u; [[ "$u" =~ $re ]]`], { input: `${url}\n` }).status === 0
      expect(shell, url).toBe(inputProblem(input, url) === null)
    }
  })

  it('the job pings only after the health check passed, with curl -K and the bounded options, and the URL never on a command line', () => {
    const apply = healthPing.scripts.apply
    expect(apply).toContain('openclaw health --json --timeout 2000')
    expect(apply).toContain("/usr/bin/curl -fsS -m 10 --retry 3 -o /dev/null -w '%{http_code}' -K \"$conf\"")
    expect(apply).not.toMatch(/health --quiet/)
    // The URL only through the prompt and builtins: read by ocss_read_secret, written with printf into the file.
    expect(apply).toContain('url=$(ocss_read_secret PING_URL)')
    expect(apply).toContain(`printf 'url = "%s"\\n' "$url" | as_file "$hp_url" 600`)
    // The job script that apply installs is the one check compares against (both carry job.sh).
    const job = readFileSync(join(__dirname, 'job.sh'), 'utf8')
    expect(apply).toContain(job)
    expect(healthPing.scripts.check).toContain(job)
  })
})
