import { describe, expect, it } from 'vitest'
import { classifyInstall } from './key-install-outcome'

const n = '0123456789abcdef'
const label = 'ocss@10.0.0.2:2222'

describe('key install outcome', () => {
  it('installed when the remote script printed its done marker', () => {
    const v = classifyInstall(`ocss@10.0.0.2's password: \r\nOCSS-KEY-READY-${n}\r\nAdded the key.\r\nOCSS-KEY-DONE-${n}\r\n`, n, label)
    expect(v.outcome).toBe('installed')
  })

  it('password-refused after a password prompt and "Permission denied"', () => {
    const out = "ocss@10.0.0.2's password: \r\nPermission denied, please try again.\r\nocss@10.0.0.2's password: \r\nocss@10.0.0.2: Permission denied (publickey,password).\r\n"
    const v = classifyInstall(out, n, label)
    expect(v.outcome).toBe('password-refused')
    expect(v.message).toMatch(/refused the password/)
  })

  it('a server that takes no passwords is a failure, not a refused password', () => {
    const v = classifyInstall('ocss@10.0.0.2: Permission denied (publickey).\r\n', n, label)
    expect(v.outcome).toBe('failed')
    expect(v.message).toMatch(/does not accept password logins/)
  })

  it('reports the reason the remote script refused the key line', () => {
    const v = classifyInstall(`OCSS-KEY-READY-${n}\nOCSS-KEY-FAIL-${n} the line is not an ed25519 public key\n`, n, label)
    expect(v).toMatchObject({ outcome: 'failed' })
    expect(v.message).toMatch(/not an ed25519 public key/)
  })

  it('ignores markers of another session (a different nonce)', () => {
    expect(classifyInstall('OCSS-KEY-DONE-ffffffffffffffff\n', n, label).outcome).toBe('failed')
  })

  it('names a changed host key and an unreachable host', () => {
    expect(classifyInstall('Host key verification failed.\r\n', n, label).message).toMatch(/host key/)
    expect(classifyInstall('ssh: connect to host 10.0.0.2 port 2222: Connection refused\r\n', n, label).message).toMatch(/Could not reach/)
  })
})
