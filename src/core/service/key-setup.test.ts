import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnRecorder } from '../../../test/helpers/spawn-recorder'
import { ChecklistStore } from '../store/checklist-store'
import { ensureAppKey } from '../targets/app-key'
import { fingerprintOf } from '../targets/host-key'
import { SshTarget } from '../targets/ssh-target'
import { AppService } from './app-service'
import { KeySetup, withAppIdentity } from './key-setup'

const originalPath = process.env.PATH
const spec = { kind: 'ssh' as const, user: 'ocss', host: 'vm.lan', port: 2222 }
const hostKey = { type: 'ssh-ed25519', blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4', fingerprint: fingerprintOf('AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4') }
const tmp = () => mkdtempSync(join(tmpdir(), 'ocss-keysetup-'))

describe('key login requests (no target needed)', () => {
  afterEach(() => {
    process.env.PATH = originalPath
  })

  it.each([
    ['ssh:key-install', { command: 'cat ~/.ssh/id_ed25519' }],
    ['ssh:key-install', { publicKey: 'ssh-ed25519 AAAA x; id' }],
    ['ssh:key-prove', { identityFile: '/etc/shadow' }],
    ['ssh:key-status', { target: 'x' }],
  ])('%s refuses extra fields (%j) and spawns nothing', async (channel, payload) => {
    const rec = spawnRecorder()
    process.env.PATH = rec.path
    const svc = new AppService({ dataDir: tmp(), emit: () => undefined })
    const r = await svc.handle(channel as 'ssh:key-install', payload)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT')
    expect(rec.spawned()).toEqual([])
  })

  it('install and prove need a connected SSH target', async () => {
    const svc = new AppService({ dataDir: tmp(), emit: () => undefined })
    for (const channel of ['ssh:key-install', 'ssh:key-prove'] as const) {
      const r = await svc.handle(channel, {})
      expect(r.ok ? null : r.error.code).toBe('NOT_CONNECTED')
    }
  })

  it('status without a target makes the app key (600) and reports no proof', async () => {
    const dataDir = tmp()
    const svc = new AppService({ dataDir, emit: () => undefined })
    const r = await svc.handle('ssh:key-status', {})
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ openclaw-secure-setup$/)
      expect(r.value.proven).toBeNull()
      expect(r.value.targetLabel).toBeNull()
    }
    expect(statSync(join(dataDir, 'ssh', 'id_ed25519')).mode & 0o777).toBe(0o600)
  })
})

describe('the lock-out guard of steps that turn password login off', () => {
  function setup() {
    const dataDir = tmp()
    const store = new ChecklistStore(dataDir)
    const target = new SshTarget(spec, { hostKey, stateDir: tmp() })
    const keys = new KeySetup({ dataDir, store, emit: () => undefined, target: () => target, terminalBusy: () => false, openTerminal: () => { throw new Error('no terminal in this test') } })
    return { dataDir, store, target, keys }
  }
  const apply = [{ stepId: 'ssh-password-login', action: 'apply' as const }, { stepId: 'ssh-password-login', action: 'check' as const }]

  it('is not involved in other steps, checks or undo', () => {
    const { keys, target } = setup()
    expect(keys.guardFor(target, [{ stepId: 'ufw-firewall', action: 'apply' }])).toBeNull()
    expect(keys.guardFor(target, [{ stepId: 'ssh-password-login', action: 'undo' }, { stepId: 'ssh-password-login', action: 'check' }])).toBeNull()
  })

  it('refuses to apply before the app key login is proven, and after the key changed', async () => {
    const { keys, target, store, dataDir } = setup()
    expect(() => keys.guardFor(target, apply)).toThrow(/has not proven yet that its own key logs in/)
    await ensureAppKey(dataDir)
    expect(() => keys.guardFor(target, apply)).toThrow(/not proven/)
    store.saveKeyLogin(target.key, { at: new Date().toISOString(), fingerprint: `SHA256:${'A'.repeat(43)}` }) // another key's proof
    expect(() => keys.guardFor(target, apply)).toThrow(/not proven/)
  })

  it('with a proof of the current key: a fresh nonce per job and the wait limit, as job parameters', async () => {
    const { keys, target, store, dataDir } = setup()
    const key = await ensureAppKey(dataDir)
    store.saveKeyLogin(target.key, { at: new Date().toISOString(), fingerprint: key.fingerprint })
    const a = keys.guardFor(target, apply)
    const b = keys.guardFor(target, apply)
    expect(a?.params.KEY_PROOF_NONCE).toMatch(/^[a-f0-9]{32}$/)
    expect(a?.params.KEY_PROOF_NONCE).not.toBe(b?.params.KEY_PROOF_NONCE)
    expect(a?.params.PROOF_WAIT_SECONDS).toBe('60')
  })
})

describe('which key a connection uses', () => {
  it('the app key only where it was proven with this key; explicit key files are kept', async () => {
    const dataDir = tmp()
    const store = new ChecklistStore(dataDir)
    expect(withAppIdentity(spec, store, dataDir)).toEqual(spec)
    const key = await ensureAppKey(dataDir)
    expect(withAppIdentity(spec, store, dataDir)).toEqual(spec) // the key exists, but no proof for this target
    store.saveKeyLogin('ssh://ocss@vm.lan:2222', { at: new Date().toISOString(), fingerprint: key.fingerprint })
    expect(withAppIdentity(spec, store, dataDir)).toEqual({ ...spec, identityFile: key.privateKeyFile })
    // Another machine (or the same one on another port or as another user) has no proof: the key is not offered there.
    expect(withAppIdentity({ ...spec, host: 'other.lan' }, store, dataDir)).toEqual({ ...spec, host: 'other.lan' })
    expect(withAppIdentity({ ...spec, port: 22 }, store, dataDir)).toEqual({ ...spec, port: 22 })
    // A proof made with an earlier key does not count for a new one.
    store.saveKeyLogin('ssh://ocss@vm.lan:2222', { at: new Date().toISOString(), fingerprint: `SHA256:${'A'.repeat(43)}` })
    expect(withAppIdentity(spec, store, dataDir)).toEqual(spec)
    expect(withAppIdentity({ ...spec, identityFile: '/k/mine' }, store, dataDir)).toEqual({ ...spec, identityFile: '/k/mine' })
    expect(withAppIdentity({ kind: 'wsl', distro: 'Ubuntu' }, store, dataDir)).toEqual({ kind: 'wsl', distro: 'Ubuntu' })
  })
})
