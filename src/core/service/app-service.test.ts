import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnRecorder } from '../../../test/helpers/spawn-recorder'
import { AppService } from './app-service'

const originalPath = process.env.PATH

describe('AppService: the contract is validated before anything runs', () => {
  afterEach(() => {
    process.env.PATH = originalPath
  })

  function service() {
    const rec = spawnRecorder()
    process.env.PATH = rec.path
    const events: string[] = []
    const svc = new AppService({ dataDir: mkdtempSync(join(tmpdir(), 'ocss-svc-')), emit: (e) => events.push(e) })
    return { svc, rec, events }
  }

  const hostile: [string, unknown][] = [
    ['host starting with -', { target: { kind: 'ssh', user: 'u', host: '-oProxyCommand=touch /tmp/x', port: 22 } }],
    ['user with ;', { target: { kind: 'ssh', user: 'user;id', host: 'h', port: 22 } }],
    ['host with $()', { target: { kind: 'ssh', user: 'u', host: '$(id)', port: 22 } }],
    ['host with newline', { target: { kind: 'ssh', user: 'u', host: 'h\nid', port: 22 } }],
    ['port 0', { target: { kind: 'ssh', user: 'u', host: 'h', port: 0 } }],
    ['port 70000', { target: { kind: 'ssh', user: 'u', host: 'h', port: 70000 } }],
    ['extra command field', { target: { kind: 'ssh', user: 'u', host: 'h', port: 22 }, command: 'id' }],
    ['wsl distro with option', { target: { kind: 'wsl', distro: '-u root' } }],
    ['huge host paste', { target: { kind: 'ssh', user: 'u', host: 'a'.repeat(100_000), port: 22 } }],
    ['host with a space', { target: { kind: 'ssh', user: 'u', host: 'a b', port: 22 } }],
    ['host with a pipe', { target: { kind: 'ssh', user: 'u', host: 'h|nc', port: 22 } }],
    ['host with backticks', { target: { kind: 'ssh', user: 'u', host: '`id`', port: 22 } }],
    ['host with user@ smuggled', { target: { kind: 'ssh', user: 'u', host: 'root@h', port: 22 } }],
    ['user starting with -', { target: { kind: 'ssh', user: '-oProxyCommand=id', host: 'h', port: 22 } }],
    ['user with $()', { target: { kind: 'ssh', user: '$(id)', host: 'h', port: 22 } }],
    ['empty user', { target: { kind: 'ssh', user: '', host: 'h', port: 22 } }],
    ['port as text', { target: { kind: 'ssh', user: 'u', host: 'h', port: '22; id' } }],
    ['fractional port', { target: { kind: 'ssh', user: 'u', host: 'h', port: 22.5 } }],
    ['negative port', { target: { kind: 'ssh', user: 'u', host: 'h', port: -22 } }],
    ['identity path starting with -', { target: { kind: 'ssh', user: 'u', host: 'h', port: 22, identityFile: '-oProxyCommand=id' } }],
    ['identity path with a newline', { target: { kind: 'ssh', user: 'u', host: 'h', port: 22, identityFile: '/k\n-oProxyCommand=id' } }],
    ['relative identity path', { target: { kind: 'ssh', user: 'u', host: 'h', port: 22, identityFile: 'id_ed25519' } }],
    ['wsl distro with ;', { target: { kind: 'wsl', distro: 'Ubuntu;id' } }],
    ['wsl distro with $()', { target: { kind: 'wsl', distro: '$(id)' } }],
    ['empty wsl distro', { target: { kind: 'wsl', distro: '' } }],
    ['wsl distro with a leading space', { target: { kind: 'wsl', distro: ' -u root' } }],
    ['wsl distro with a trailing space', { target: { kind: 'wsl', distro: 'Ubuntu ' } }],
    ['wsl distro with a quote', { target: { kind: 'wsl', distro: 'My "Distro"' } }],
    ['wsl distro with a newline', { target: { kind: 'wsl', distro: 'Ubuntu\n-u root' } }],
    ['wsl distro with a tab', { target: { kind: 'wsl', distro: 'My\tDistro' } }],
    ['wsl distro with a backslash', { target: { kind: 'wsl', distro: 'a\\b' } }],
    ['wsl user with a space', { target: { kind: 'wsl', distro: 'Ubuntu', user: 'root -e id' } }],
    ['unknown target kind', { target: { kind: 'local', command: 'id' } }],
  ]

  it('covers at least 20 hostile values across user, host, port, distro and identity path', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(20)
  })
  for (const [name, payload] of hostile) {
    it(`target:connect refuses ${name} with a clear message and spawns nothing`, async () => {
      const { svc, rec } = service()
      const r = await svc.handle('target:connect', payload)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT')
        expect(r.error.message.length).toBeGreaterThan(10)
        expect(r.error.hint).toMatch(/Nothing was run/)
      }
      expect(rec.spawned()).toEqual([])
    })
  }

  it('refuses command text in place of a step id', async () => {
    const { svc, rec } = service()
    const r = await svc.handle('step:run', { stepId: 'ufw-firewall; rm -rf /', action: 'apply' })
    expect(r.ok).toBe(false)
    const r2 = await svc.handle('step:run', { stepId: 'ufw-firewall', action: 'apply', script: 'id' })
    expect(r2.ok).toBe(false)
    expect(rec.spawned()).toEqual([])
  })

  it('refuses a terminal paste over 64 KiB', async () => {
    const { svc } = service()
    const r = await svc.handle('terminal:input', { sessionId: '0123456789abcdef', data: 'x'.repeat(70_000) })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!r.ok) expect(r.error.message).toMatch(/too large/)
  })

  it('refuses unknown channels', async () => {
    const { svc } = service()
    const r = await svc.handle('shell:exec' as never, {})
    expect(r.ok).toBe(false)
  })

  it('asks to connect first when no target is connected', async () => {
    const { svc } = service()
    const r = await svc.handle('step:run', { stepId: 'ufw-firewall', action: 'apply' })
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } })
  })

  it('reports an unreachable host as a connection error with a next step', async () => {
    const { svc, rec } = service()
    const r = await svc.handle('target:connect', { target: { kind: 'ssh', user: 'u', host: 'unreachable.invalid', port: 22 } })
    expect(r).toMatchObject({ ok: false, error: { code: 'CONNECTION_FAILED' } })
    if (!r.ok) expect(r.error.hint).toMatch(/Check/)
    expect(rec.spawned()[0]).toBe('ssh -V')
    expect(rec.spawned()[1]).toMatch(/^ssh-keyscan .* -- unreachable\.invalid$/)
  })

  it('returns the saved checklist without connecting', async () => {
    const { svc, rec } = service()
    const r = await svc.handle('app:state', {})
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.connected).toBeNull()
      expect(r.value.steps.map((s) => s.id)).toContain('ufw-firewall')
      expect(r.value.steps.find((s) => s.id === 'ufw-firewall')?.scripts.apply).toContain('ufw --force enable')
      expect(r.value.checklist.items.every((i) => i.status === 'unknown')).toBe(true)
    }
    expect(rec.spawned()).toEqual([])
  })
})
