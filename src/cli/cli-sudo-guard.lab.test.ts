import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../test/lab/lab'
import { captured, installForcedCommand, restoreLoginAccount } from '../../test/helpers/sudo-capture'

const root = resolve(__dirname, '../..')
const cliPath = join(root, 'out/cli/index.mjs')
let lab: Lab
const dataDir = mkdtempSync(join(tmpdir(), 'ocss-cli-guard-'))

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, [cliPath, ...args], { input, encoding: 'utf8', env: { ...process.env, OCSS_DATA_DIR: dataDir }, timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  const b = spawnSync('npx', ['vite', 'build', '-c', 'vite.cli.config.mts', '--logLevel', 'error'], { cwd: root, encoding: 'utf8' })
  if (b.status !== 0 || !existsSync(cliPath)) throw new Error(`CLI build failed: ${b.stderr}`)
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

describe('CLI verify and a login account that could capture the sudo password (security review M1)', () => {
  it('(a) a forced command on the key line: verify --sudo-password-stdin refuses before sending the password', async () => {
    await installForcedCommand(lab)
    try {
      const r = cli(['verify', '--target', `ssh://${lab.user}@${lab.host}:${lab.port}`, '--identity', lab.identityFile, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], `${lab.sudoPassword}\n`)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/sudo password was not sent/)
      expect(r.stderr).toMatch(/command="\/home\/ocss\/\.evil", a forced command/)
      expect(r.stdout + r.stderr).not.toContain(lab.sudoPassword)
      expect(await captured(lab)).toBe('')
    } finally {
      await restoreLoginAccount(lab)
    }
  })
})
