import { describe, expect, it } from 'vitest'
import { savedJobEnv, type SavedInputsStore } from './saved-inputs'

const HASH = 'a'.repeat(64)
const store = (saved: Record<string, Record<string, string>>): SavedInputsStore => ({ stepInputs: (key, stepId) => (key === 'k1' ? saved[stepId] ?? {} : {}) })

describe('savedJobEnv: the answers every check of a target runs with', () => {
  it('gives each step its saved inputs, the kept hash of a secret URL, and the saved OpenClaw account', () => {
    const env = savedJobEnv(store({
      'dns-static': { SERVERS: 'router', ROUTER_IP: '192.168.77.1', STALE: 'x' },
      'health-ping': { PING_URL_SHA256: HASH, PING_URL: 'https://hc-ping.com/secret' },
      'openclaw-account': { OC_USER: 'openclaw' },
    }), 'k1')
    expect(env.inputsFor?.('dns-static')).toEqual({ SERVERS: 'router', ROUTER_IP: '192.168.77.1' })
    // A secret is never kept, so never sent: only its hash is.
    expect(env.inputsFor?.('health-ping')).toEqual({ PING_URL_SHA256: HASH })
    expect(env.params).toEqual({ OC_USER: 'openclaw' })
    expect(env.inputsFor?.('ufw-firewall')).toEqual({})
  })

  it('drops what no longer validates: a bad saved address, a hash that is not one, an account name that is not a user name', () => {
    const env = savedJobEnv(store({
      'dns-static': { SERVERS: 'router', ROUTER_IP: '192.168.77.300' },
      'health-ping': { PING_URL_SHA256: 'not-a-hash' },
      'openclaw-account': { OC_USER: 'root; rm -rf /' },
    }), 'k1')
    expect(env.inputsFor?.('dns-static')).toEqual({})
    expect(env.inputsFor?.('health-ping')).toEqual({})
    expect(env.params).toEqual({})
  })

  it('reads only the given target', () => {
    const saved = store({ 'dns-static': { SERVERS: 'router', ROUTER_IP: '192.168.77.1' } })
    expect(savedJobEnv(saved, 'k1').inputsFor?.('dns-static')).toMatchObject({ SERVERS: 'router' })
    expect(savedJobEnv(saved, 'other').inputsFor?.('dns-static')).not.toMatchObject({ SERVERS: 'router' })
    expect(savedJobEnv(saved, 'other').inputsFor?.('dns-static')).not.toHaveProperty('ROUTER_IP')
  })
})
