import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inputSchema } from '../../shared/step-inputs'
import { evaluateSandbox, sandboxDocker } from './step'

const fixture = (name: string) => evaluateSandbox({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures', name), 'utf8') })

describe('sandbox-docker evaluator: each break fails for its own reason', () => {
  it('the lab after apply passes, with the probe evidence and the docker group as a known risk', () => {
    const v = fixture('lab-applied.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.summary).toMatch(/only lo, a read-only root and no capabilities/)
    expect(v.summary).toMatch(/Known risk: openclaw is in the docker group/)
    expect(v.evidence).toEqual(expect.arrayContaining([
      'probe: ifaces lo',
      'probe: rootmount ro',
      'probe: rootwrite /home/sandbox Read-only file system',
      'probe: connect 127.0.0.1:18789 failed: Connection refused',
      expect.stringMatching(/^probe: connect 10\.231\.\d+\.2:18789 failed: Network is unreachable$/),
      expect.stringMatching(/^Known risk: openclaw is in the docker group, which is worth root/),
      expect.stringMatching(/^docker image inspect: sha256:[0-9a-f]{64} \(user sandbox\)$/),
    ]))
  })

  it.each([
    ['lab-before.fail.txt', /^the sandbox is off .*; openclaw is not in the docker group.*; the sandbox image is not there.*; the probe container did not run/],
    ['network-bridge.fail.txt', /network "bridge", not "none".*interfaces eth0, lo, not only lo/],
    ['dockerd-stopped.fail.txt', /the Docker daemon is not running \(docker.service is inactive\)/],
    ['service-stopped-socket-active.fail.txt', /the Docker daemon is not running \(docker.service is inactive\)/],
    ['docker-missing.fail.txt', /Docker is not installed/],
    ['image-missing.fail.txt', /the sandbox image is not there \(docker image inspect: Error: No such image/],
    ['root-writable.fail.txt', /root filesystem is writable.*mounted rw.*could write to its root/],
    ['capabilities-kept.fail.txt', /keeps capabilities \(docker.capDrop is \["NET_RAW"\].*CapEff 00000000a80405fb/],
    ['probe-reaches-gateway.fail.txt', /^the probe container reached 10\.231\.\d+\.2:18789 \(the gateway port\)\.$/],
    ['mode-off.fail.txt', /^the sandbox is off \(agents.defaults.sandbox.mode is "off"/],
    ['agent-entry-off.fail.txt', /^agent "main" turns its sandbox off/],
    ['not-in-group.fail.txt', /openclaw is not in the docker group.*probe container did not run \(failed exit 1: docker: Got permission denied/],
  ])('%s fails: %s', (file, why) => {
    const v = fixture(file)
    expect(v.status).toBe('fail')
    expect(v.summary).toMatch(why)
  })

  it('a stopped daemon is never asked: no image or probe lines, and the verdict still says why', () => {
    const v = fixture('dockerd-stopped.fail.txt')
    expect(v.evidence.some((e) => e.startsWith('probe:'))).toBe(false)
    expect(v.evidence).toContain('docker.io: installed 20.10.24+dfsg1-1+deb12u1+b6; dockerd /usr/sbin/dockerd; docker.service inactive (enabled), docker.socket inactive')
  })

  it('mode non-main passes (the guide allows it, with its explanation in the step)', () => {
    expect(fixture('mode-non-main.pass.txt').status).toBe('pass')
  })

  it('no account is an error, not a fail', () => {
    expect(fixture('no-account.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/no account "openclaw"/) })
  })
})

describe('sandbox-docker inputs', () => {
  const schema = inputSchema(sandboxDocker.meta.inputs ?? [])
  it('takes an absolute archive path, mode all or non-main, and defaults to all / no workspace', () => {
    expect(schema.parse({ IMAGE_FILE: '/home/me/openclaw-sandbox.tar' })).toEqual({ IMAGE_FILE: '/home/me/openclaw-sandbox.tar', MODE: 'all', WORKSPACE_ACCESS: 'none' })
    expect(schema.parse({ MODE: 'non-main', WORKSPACE_ACCESS: 'ro' })).toEqual({ MODE: 'non-main', WORKSPACE_ACCESS: 'ro' })
  })
  it('refuses a relative or traversing path and an unknown mode, with the field named', () => {
    expect(() => schema.parse({ IMAGE_FILE: 'openclaw-sandbox.tar' })).toThrow(/Sandbox image file must be the absolute path/)
    expect(() => schema.parse({ IMAGE_FILE: '/tmp/../etc/shadow' })).toThrow(/Sandbox image file must not contain/)
    expect(() => schema.parse({ MODE: 'off' })).toThrow(/Sandbox mode must be one of: all, non-main/)
  })
  it('the scripts check the inputs again (apply refuses what the form would)', () => {
    const apply = sandboxDocker.scripts.apply
    expect(apply).toContain('case "$mode" in all | non-main) ;;')
    expect(apply).toContain('The image file must be an absolute path without . or .. parts')
    expect(apply).toContain('is not a \\"docker save\\" archive')
  })
})
