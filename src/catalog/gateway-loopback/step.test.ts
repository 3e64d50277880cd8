import { describe, expect, it } from 'vitest'
import { ocConfigLines } from '../../../test/helpers/openclaw-facts'
import { gatewayLoopback, isLoopback } from './step'

const HARDENED = { gateway: { mode: 'local', bind: 'loopback', port: 18789, trustedProxies: ['127.0.0.1'] } }

function out(config: unknown, ss: readonly string[]): string {
  return ['### oc-account', 'user ocss', 'uid 1000', 'home /home/ocss', '### oc-version', '2026.9.6', '### oc-config', ...ocConfigLines(JSON.stringify(config)), '### oc-paths', 'd|700|ocss|.', '### oc-listen', ...ss, '### oc-secrets', 'none', '### oc-unit', 'no-bus', 'linger no'].join('\n')
}
const LOOP = ['LISTEN 0 511 127.0.0.1:18789 0.0.0.0:* users:(("openclaw-gatewa",pid=9,fd=22))', 'LISTEN 0 511 [::1]:18789 [::]:* users:(("openclaw-gatewa",pid=9,fd=23))']

describe('gateway-loopback', () => {
  it('passes on loopback with a loopback proxy list, with the gateway running or not', () => {
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out(HARDENED, LOOP) })).toMatchObject({ status: 'pass' })
    const idle = gatewayLoopback.evaluate({ exitCode: 0, stdout: out(HARDENED, ['LISTEN 0 128 10.0.0.2:22 0.0.0.0:* users:(("sshd",pid=5,fd=4))']) })
    expect(idle.status).toBe('pass')
    expect(idle.evidence.join('\n')).toMatch(/port 18789: no listener/)
    // Hardened by hand with both loopback addresses: fine too.
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out({ gateway: { ...HARDENED.gateway, trustedProxies: ['127.0.0.1', '::1'] } }, LOOP) }).status).toBe('pass')
  })

  it('fails for a listener on 0.0.0.0, [::] or a LAN address, whatever the config says', () => {
    for (const addr of ['0.0.0.0:18789', '[::]:18789', '192.168.1.20:18789', '*:18789']) {
      const v = gatewayLoopback.evaluate({ exitCode: 0, stdout: out(HARDENED, [...LOOP, `LISTEN 0 511 ${addr} 0.0.0.0:* users:(("openclaw-gatewa",pid=9,fd=24))`]) })
      expect(v.status, addr).toBe('fail')
      expect(v.summary).toMatch(/listens beyond loopback/)
    }
    // The port is the configured one.
    const moved = { gateway: { ...HARDENED.gateway, port: 19000 } }
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out(moved, ['LISTEN 0 511 0.0.0.0:19000 0.0.0.0:*']) }).status).toBe('fail')
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out(moved, ['LISTEN 0 511 0.0.0.0:18789 0.0.0.0:*']) }).status).toBe('pass')
  })

  it('fails for a non-loopback bind, a missing or non-local proxy list', () => {
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out({ gateway: { ...HARDENED.gateway, bind: 'lan' } }, []) })).toMatchObject({ status: 'fail', summary: expect.stringMatching(/gateway\.bind is "lan"/) })
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out({ gateway: { bind: 'loopback' } }, []) })).toMatchObject({ status: 'fail', summary: expect.stringMatching(/gateway\.trustedProxies is unset/) })
    expect(gatewayLoopback.evaluate({ exitCode: 0, stdout: out({ gateway: { ...HARDENED.gateway, trustedProxies: ['10.0.0.0/8'] } }, []) }).status).toBe('fail')
  })

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '::', '*', '10.1.2.3', '128.0.0.1'].some(isLoopback)).toBe(false)
  })
})
