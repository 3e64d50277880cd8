import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../app-error'
import { program } from './program-path'
import { runProcess } from './run-process'
import { checkSshOptions, sshOptionsProblem } from './ssh-options-check'
import { SshTarget } from './ssh-target'

const hostKey = { type: 'ssh-ed25519', blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIBm0c0YbNpyzXlGzJ2bzCHk0qVv7bZp4YzD5aGZ6kW1p', fingerprint: 'SHA256:x' }

/** Folder names people really have (spaces, apostrophes, non-ASCII letters) and ones ssh would misread (%, quotes, -). */
const HOSTILE = ['OpenClaw Secure Setup', "Jörg Müller's PC", 'Zoë "Dupré"', '50% off %d %h', '-oProxyCommand=x', 'back\\slash ~tilde', 'a\ttab']

function hostileDir(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ocss-paths-')), name, 'OpenClaw Secure Setup')
  mkdirSync(dir, { recursive: true })
  return dir
}

describe('ssh -G preflight with the real ssh client', () => {
  for (const name of HOSTILE) {
    it(`reads back exactly the pinned known_hosts file and the key file under ${JSON.stringify(name)}`, async () => {
      const data = hostileDir(name)
      const key = join(data, 'ssh', `my key ${name}`)
      mkdirSync(join(data, 'ssh'), { recursive: true })
      writeFileSync(key, 'not a real key\n', { mode: 0o600 })
      const t = new SshTarget({ kind: 'ssh', user: 'ocss', host: 'vm.lan', port: 22, identityFile: key }, { hostKey, stateDir: join(data, 'known_hosts') })
      await expect(t.checkArgs('control')).resolves.toBeUndefined()
      await expect(t.checkArgs('terminal')).resolves.toBeUndefined()
      await expect(t.checkArgs('control', null)).resolves.toBeUndefined()
      const g = await runProcess(program('ssh'), ['-G', ...t.args('control')], { cwd: t.workDir })
      const khLines = g.stdout.split('\n').filter((l) => l.startsWith('userknownhostsfile '))
      expect(khLines).toEqual([expect.stringMatching(/^userknownhostsfile [0-9a-f]{16}\.known_hosts$/)])
      expect(g.stdout.split('\n').filter((l) => l.startsWith('identityfile '))).toEqual([`identityfile ${key.replace(/%/g, '%%')}`])
    })
  }

  it('refuses arguments that ssh reads as a second known_hosts file', async () => {
    const data = hostileDir('x')
    const want = { knownHostsFile: 'a.known_hosts', identityFile: null, user: 'ocss', port: 22, hostKeyAlias: 'vm.lan' }
    const args = (kh: string) => ['-F', 'none', '-o', `UserKnownHostsFile=${kh}`, '-o', 'GlobalKnownHostsFile=none', '-o', 'StrictHostKeyChecking=yes', '-o', 'HostKeyAlias=vm.lan', '-p', '22', '-l', 'ocss', '--', 'vm.lan']
    await expect(checkSshOptions(program('ssh'), args('a.known_hosts'), data, want)).resolves.toBeUndefined()
    const split = await checkSshOptions(program('ssh'), args('a.known_hosts Secure'), data, want).catch((e: unknown) => e)
    expect(split).toBeInstanceOf(AppError)
    expect((split as AppError).message).toMatch(/known_hosts file: ssh would use "a.known_hosts Secure" instead of "a.known_hosts"/)
    expect((split as AppError).message).toMatch(/Nothing was sent/)
  })

  it('names what differs: a second key file, another alias, a missing option', () => {
    const want = { knownHostsFile: 'k', identityFile: '/a b', user: 'u', port: 22, hostKeyAlias: 'h' }
    const good = 'user u\nport 22\nhostkeyalias h\nstricthostkeychecking true\nglobalknownhostsfile none\nuserknownhostsfile k\nidentityfile /a b\nidentitiesonly yes\n'
    expect(sshOptionsProblem(good, want)).toBeNull()
    expect(sshOptionsProblem(`${good}identityfile b\n`, want)).toMatch(/key file/)
    expect(sshOptionsProblem(good.replace('hostkeyalias h', 'hostkeyalias x'), want)).toMatch(/host key alias/)
    expect(sshOptionsProblem(good.replace('stricthostkeychecking true\n', ''), want)).toMatch(/strict host key checking: ssh would use nothing/)
  })
})
