import { describe, expect, it } from 'vitest'
import { secretAnswer } from './secret-answer'

const TAG = 'a1b2c3d4e5f60718293a4b5c'
const START = '--- running as root'
function typist() {
  const typed: string[] = []
  return { typed, write: (d: string) => typed.push(d) }
}

describe('secretAnswer', () => {
  it('types each held secret once, at its own tagged prompt, after the runner started', () => {
    const s = typist()
    const a = secretAnswer({ TOKEN: 'canary-1', OTHER: 'canary-2' }, TAG, START)
    a.watch(`\x1b[2m${START}\x1b[0m\r\n=== apply\r\nOCSS-SECRET-REQ`, s)
    expect(s.typed).toEqual([])
    a.watch(`UEST TOKEN ${TAG}\r\n`, s)
    expect(s.typed).toEqual(['canary-1\r'])
    // Asked again (a retry in the script): never typed twice.
    a.watch(`\r\nOCSS-SECRET-REQUEST TOKEN ${TAG}\r\n`, s)
    expect(s.typed).toEqual(['canary-1\r'])
    a.watch(`OCSS-SECRET-REQUEST OTHER ${TAG}\n`, s)
    expect(s.typed).toEqual(['canary-1\r', 'canary-2\r'])
  })

  it('answers no marker with another tag, none that is not the last output, and none before the runner started', () => {
    const s = typist()
    const a = secretAnswer({ TOKEN: 'canary' }, TAG, START)
    // Before root runs (login start-up files, the sudo prompt): ignored even with the right tag.
    a.watch(`OCSS-SECRET-REQUEST TOKEN ${TAG}\r\n`, s)
    a.watch(`${START}\r\n`, s)
    a.watch('OCSS-SECRET-REQUEST TOKEN 00000000000000000000000000\r\n', s)
    a.watch('OCSS-SECRET-REQUEST TOKEN\r\n', s)
    a.watch(`OCSS-SECRET-REQUEST TOKEN ${TAG}\r\nmore output\r\n`, s)
    expect(s.typed).toEqual([])
  })

  it('reports names it did not hold, and types nothing once forgotten', () => {
    const s = typist()
    const a = secretAnswer({ TOKEN: 'canary' }, TAG, START)
    a.watch(`${START}\r\nOCSS-SECRET-REQUEST BOT ${TAG}\r\n`, s)
    expect(a.unanswered()).toEqual(['BOT'])
    a.forget()
    a.watch(`OCSS-SECRET-REQUEST TOKEN ${TAG}\r\n`, s)
    expect(s.typed).toEqual([])
  })

  it('refuses a tag that is not random hex', () => {
    expect(() => secretAnswer({}, 'short', START)).toThrow(/16-64 hex/)
  })
})
