import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { labLabel } from '../helpers/lab-target'
import { userWorld } from '../helpers/user-world'
import { RESULTS, ROOT } from './bridge'

/**
 * The report end to end: a real check on the lab whose output carries a canary secret (a UFW rule comment, printed by
 * `ufw status verbose` and kept by the evaluator as evidence), saved by the real CLI, exported by the real CLI in the
 * three formats, and the HTML opened in Debian's Chromium and screenshotted.
 */
const CANARY_VALUE = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
const CANARY = `OPENCLAW_GATEWAY_TOKEN=${CANARY_VALUE}`
const cliPath = join(ROOT, 'out/cli/index.mjs')
// No OCSS_DATA_DIR: the CLI uses its default data folder under a HOME with spaces and non-ASCII letters.
const world = userWorld()
const dataDir = world.dataDir
const outDir = mkdtempSync(join(tmpdir(), 'ocss-report-out-'))
let lab: Lab
let browser: Browser | undefined

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, [cliPath, ...args], { input, encoding: 'utf8', env: world.env, timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  const b = spawnSync('npx', ['vite', 'build', '-c', 'vite.cli.config.mts', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' })
  if (b.status !== 0 || !existsSync(cliPath)) throw new Error(`CLI build failed: ${b.stderr}`)
  lab = await startLab()
  // The SSH rule carries the canary as its comment, so the real check output (and the evaluator's evidence) contain it.
  for (const argv of [['ufw', 'allow', `${lab.port}/tcp`, 'comment', CANARY], ['ufw', '--force', 'enable']]) {
    const r = await lab.exec(argv)
    if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`)
  }
  const status = await lab.exec(['ufw', 'status', 'verbose'])
  if (!status.stdout.includes(CANARY_VALUE)) throw new Error(`the canary is not in the check output:\n${status.stdout}`)
}, 900_000)

afterAll(async () => {
  await browser?.close()
  await lab?.stop()
  world.cleanup()
})

describe('checklist report (real CLI, lab target, Chromium)', () => {
  it('verify saves the check; neither its output nor the store file carries the canary', () => {
    const r = cli(['verify', '--target', `ssh://${lab.user}@${lab.host}:${lab.port}`, '--identity', world.pickKey(lab.identityFile), '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], `${lab.sudoPassword}\n`)
    expect(r.stderr).not.toMatch(/^error/m)
    expect(r.stdout).toMatch(/^PASS\s+ufw-firewall/m)
    expect(r.stdout).toContain('OPENCLAW_GATEWAY_TOKEN=[REDACTED]')
    expect(r.stdout + r.stderr).not.toContain(CANARY_VALUE)
    for (const f of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
      const p = join(dataDir, f)
      if (statSync(p).isFile()) expect(readFileSync(p, 'utf8'), f).not.toContain(CANARY_VALUE)
    }
  })

  it.each(['html', 'md', 'json'])('report --format %s writes every item, mode 600, without the canary', (format) => {
    const file = join(outDir, `report.${format}`)
    const r = cli(['report', '--format', format, '--out', file])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('written to')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(CANARY_VALUE)
    expect(text).toContain('[REDACTED]')
    expect(text).toContain(labLabel(lab))
    expect(r.stdout + r.stderr).not.toContain(CANARY_VALUE)
  })

  it('the HTML report opens in Chromium on its own (no request leaves the file) and shows each item with its state', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    const requests: string[] = []
    page.on('request', (req) => requests.push(req.url()))
    const url = pathToFileURL(join(outDir, 'report.html')).href
    await page.goto(url)
    await expect.poll(() => page.locator('h1').textContent()).toBe('OpenClaw hardening checklist')
    expect(await page.locator('tr[data-item="ufw-default-deny"] [data-status]').getAttribute('data-status')).toBe('pass')
    expect(await page.locator('tr[data-item="vm-static-ip"] [data-status]').textContent()).toBe('Not set up yet') // no step yet (the Proxmox issue)
    expect(await page.locator('tr[data-item]').count()).toBeGreaterThanOrEqual(17)
    expect(await page.content()).not.toContain(CANARY_VALUE)
    expect(requests).toEqual([url])
    mkdirSync(RESULTS, { recursive: true })
    const shot = join(RESULTS, 'report.png')
    await page.screenshot({ path: shot, fullPage: true })
    expect(statSync(shot).size).toBeGreaterThan(10_000)
    // The print stylesheet applies: a PDF of the page renders (Chromium's print path).
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  })
})
