import { describe, expect, it } from 'vitest'
import { launcherArgs } from './check-launcher'

const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('launcherArgs (a check\'s own parameters for the check launcher)', () => {
  it('is empty without inputs or OC_USER, so an older installed launcher still runs the check', () => {
    expect(launcherArgs({}, undefined)).toBe('')
  })

  it('gives OC_USER and each input as IN_<NAME>=base64 words, values with spaces intact', () => {
    expect(launcherArgs({ PORT: '2222', NOTE: 'a b' }, 'openclaw')).toBe(`OC_USER=${b64('openclaw')} IN_PORT=${b64('2222')} IN_NOTE=${b64('a b')}`)
    for (const word of launcherArgs({ NOTE: 'x y z' }, undefined).split(' ')) expect(word).toMatch(/^[A-Z_]+=[A-Za-z0-9+/]*={0,2}$/)
  })
})
