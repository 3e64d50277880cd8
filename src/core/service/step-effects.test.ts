import { describe, expect, it } from 'vitest'
import { STEPS } from '../../catalog'
import { jobEffects } from './step-effects'

describe('jobEffects (the real catalogue)', () => {
  it('guards the apply of the password-login step, and only its apply', () => {
    expect(jobEffects([{ stepId: 'ssh-password-login', action: 'apply' }, { stepId: 'ssh-password-login', action: 'check' }]).lockoutGuard).toEqual(['ssh-password-login'])
    expect(jobEffects([{ stepId: 'ssh-password-login', action: 'undo' }]).lockoutGuard).toEqual([])
    expect(jobEffects([{ stepId: 'ufw-firewall', action: 'apply' }]).lockoutGuard).toEqual([])
  })

  it('restarts the WSL distribution after apply/undo of wsl-systemd and wsl-conf-lockdown, never after a check', () => {
    for (const stepId of ['wsl-systemd', 'wsl-conf-lockdown']) {
      expect(jobEffects([{ stepId, action: 'apply' }, { stepId, action: 'check' }]).restartWslDistro).toBe(true)
      expect(jobEffects([{ stepId, action: 'undo' }]).restartWslDistro).toBe(true)
      expect(jobEffects([{ stepId, action: 'check' }]).restartWslDistro).toBe(false)
    }
    expect(jobEffects([{ stepId: 'ufw-firewall', action: 'apply' }]).restartWslDistro).toBe(false)
  })

  it('every effect a step declares is one the switch knows', () => {
    for (const s of STEPS) expect(() => jobEffects([{ stepId: s.meta.id, action: 'apply' }])).not.toThrow()
  })
})
