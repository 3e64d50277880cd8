import { describe, expect, it } from 'vitest'
import { idleValues, setIdleTimeout, undoIdleTimeout } from './wslconfig-idle'

const BOM = '\uFEFF'
/** A .wslconfig as a person keeps it: BOM and CRLF (Notepad), comments, other sections, a key in another section. */
const HAND = `${BOM}# my WSL settings\r\n[wsl2]\r\nmemory=8GB\r\n; swap off\r\nswap=0\r\ninstanceIdleTimeout=5\r\n\r\n[general]\r\n# distro timer\r\ninstanceIdleTimeout = 30000\r\n\r\n[experimental]\r\nautoMemoryReclaim=gradual\r\n`

describe('the line-preserving .wslconfig edit', () => {
  it('replaces only the [general] line, keeping the BOM, CRLF, comments and the same key in another section', () => {
    const e = setIdleTimeout(HAND)
    expect(e.changed).toBe(true)
    expect(e.text).toBe(HAND.replace('instanceIdleTimeout = 30000\r\n', 'instanceIdleTimeout=-1\r\n'))
    expect(e.text.startsWith(BOM)).toBe(true)
    expect(idleValues(e.text)).toEqual(['-1'])
  })

  it('reads a [general] header right after the BOM (Notepad writes one) as that section, and keeps the BOM', () => {
    const text = `${BOM}[general]\r\ninstanceIdleTimeout=30000\r\n`
    expect(idleValues(text)).toEqual(['30000'])
    const e = setIdleTimeout(text)
    expect(e).toMatchObject({ text: `${BOM}[general]\r\ninstanceIdleTimeout=-1\r\n`, sectionCreated: false })
    expect(undoIdleTimeout(e.text, e).text).toBe(text)
  })

  it('sets every duplicate in every [general] section, so whichever WSL reads is -1', () => {
    const text = '[general]\ninstanceIdleTimeout=100\n[wsl2]\nmemory=4GB\n[general]\n  instanceIdleTimeout=-1\ninstanceIdleTimeout=200\n'
    const e = setIdleTimeout(text)
    expect(e.text).toBe('[general]\ninstanceIdleTimeout=-1\n[wsl2]\nmemory=4GB\n[general]\n  instanceIdleTimeout=-1\ninstanceIdleTimeout=-1\n')
    expect(idleValues(e.text)).toEqual(['-1', '-1', '-1'])
    expect(undoIdleTimeout(e.text, e).text).toBe(text)
  })

  it('adds the key at the end of an existing [general] section (before the blank line and the next section)', () => {
    const text = '[general]\r\nfoo=bar\r\n\r\n[wsl2]\r\nmemory=4GB'
    const e = setIdleTimeout(text)
    expect(e.text).toBe('[general]\r\nfoo=bar\r\ninstanceIdleTimeout=-1\r\n\r\n[wsl2]\r\nmemory=4GB')
    expect(e.sectionCreated).toBe(false)
  })

  it('adds a [general] section at the end, with the file\'s own line ending, also after a last line without one', () => {
    const e = setIdleTimeout(`${BOM}[wsl2]\r\nmemory=4GB`)
    expect(e.text).toBe(`${BOM}[wsl2]\r\nmemory=4GB\r\n[general]\r\ninstanceIdleTimeout=-1\r\n`)
    expect(e.sectionCreated).toBe(true)
    expect(setIdleTimeout('').text).toBe('[general]\ninstanceIdleTimeout=-1\n')
  })

  it('changes nothing when every occurrence is -1 already (spaces around = are fine); ignores comments and other case', () => {
    expect(setIdleTimeout('[general]\ninstanceIdleTimeout = -1\n')).toMatchObject({ changed: false, text: '[general]\ninstanceIdleTimeout = -1\n' })
    expect(idleValues('[general]\n# instanceIdleTimeout=-1\n; instanceIdleTimeout=-1\nInstanceIdleTimeout=-1\n[General]\ninstanceIdleTimeout=-1\n')).toEqual([])
  })

  it('undo: the apply\'s own line gets its earlier text back; an added key and a [general] the apply created go', () => {
    const e = setIdleTimeout(HAND)
    expect(undoIdleTimeout(e.text, e)).toEqual({ text: HAND, kept: [] })
    const added = setIdleTimeout('[wsl2]\nmemory=4GB\n')
    expect(undoIdleTimeout(added.text, added).text).toBe('[wsl2]\nmemory=4GB\n')
    // A [general] the person had (with the key added to it) stays.
    const kept = setIdleTimeout('[general]\n[wsl2]\n')
    expect(undoIdleTimeout(kept.text, kept).text).toBe('[general]\n[wsl2]\n')
  })

  it('undo keeps a value changed since and reports it; the rest of the file stays as the person left it', () => {
    const e = setIdleTimeout(HAND)
    const later = e.text.replace('instanceIdleTimeout=-1\r\n', 'instanceIdleTimeout=120000\r\n').replace('memory=8GB', 'memory=4GB')
    const u = undoIdleTimeout(later, e)
    expect(u.text).toBe(later)
    expect(u.kept).toEqual(['kept your later change to [general] instanceIdleTimeout (now 120000; it was "instanceIdleTimeout = 30000" before the apply)'])
    // The header the apply created is not removed while the person's own key is under it.
    const created = setIdleTimeout('[wsl2]\nmemory=4GB\n')
    const mine = created.text.replace('instanceIdleTimeout=-1', 'instanceIdleTimeout=0')
    expect(undoIdleTimeout(mine, created)).toMatchObject({ text: mine })
  })
})
