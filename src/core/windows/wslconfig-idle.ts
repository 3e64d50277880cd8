import { endOfSection, findEntries, formatIniLines, insertLines, parseIniLines, removeLine, replaceLine, sectionHeaders, sectionIsEmpty, type IniLines } from './ini-lines'

export const IDLE_SECTION = 'general'
export const IDLE_KEY = 'instanceIdleTimeout'
export const IDLE_VALUE = '-1'
const WRITTEN = `${IDLE_KEY}=${IDLE_VALUE}`

/** One `instanceIdleTimeout` line as the apply found it (null: the apply added it) and as it left it. */
export interface IdleOccurrence {
  readonly before: string | null
  readonly after: string
}

export interface IdleEdit {
  readonly text: string
  readonly changed: boolean
  readonly occurrences: readonly IdleOccurrence[]
  /** The apply added the `[general]` header (there was none). */
  readonly sectionCreated: boolean
}

/** The values of every `[general] instanceIdleTimeout` line, in file order (WSL's own reading of duplicates aside). */
export function idleValues(text: string): string[] {
  return findEntries(parseIniLines(text), IDLE_SECTION, IDLE_KEY).map((e) => e.value)
}

/**
 * Sets `[general] instanceIdleTimeout=-1`, changing only those lines: every occurrence that is not -1 already (so
 * duplicates cannot disagree, whichever one WSL reads), or one new line at the end of the last `[general]` section,
 * or a new `[general]` section at the end of the file. Everything else (comments, other sections, line endings, the
 * byte order mark) stays byte for byte.
 */
export function setIdleTimeout(text: string): IdleEdit {
  let ini = parseIniLines(text)
  const entries = findEntries(ini, IDLE_SECTION, IDLE_KEY)
  if (entries.length > 0) {
    const occurrences: IdleOccurrence[] = []
    for (const e of entries) {
      const line = ini.lines[e.index]?.text ?? ''
      if (e.value === IDLE_VALUE) {
        occurrences.push({ before: line, after: line })
        continue
      }
      const after = `${/^\s*/.exec(line)?.[0] ?? ''}${WRITTEN}`
      ini = replaceLine(ini, e.index, after)
      occurrences.push({ before: line, after })
    }
    const changed = occurrences.some((o) => o.before !== o.after)
    return { text: changed ? formatIniLines(ini) : text, changed, occurrences, sectionCreated: false }
  }
  const headers = sectionHeaders(ini, IDLE_SECTION)
  const last = headers[headers.length - 1]
  if (last !== undefined) {
    ini = insertLines(ini, endOfSection(ini, last), [WRITTEN])
    return { text: formatIniLines(ini), changed: true, occurrences: [{ before: null, after: WRITTEN }], sectionCreated: false }
  }
  ini = insertLines(ini, ini.lines.length - 1, [`[${IDLE_SECTION}]`, WRITTEN])
  return { text: formatIniLines(ini), changed: true, occurrences: [{ before: null, after: WRITTEN }], sectionCreated: true }
}

export interface IdleUndo {
  readonly text: string
  /** Lines changed since the apply, kept as they are now. */
  readonly kept: readonly string[]
}

/**
 * Takes back an apply line by line: each line still as the apply left it gets its earlier text back (or goes, when
 * the apply added it); a line changed since is kept and reported; the `[general]` header goes only when the apply
 * created it and nothing but blank lines is left under it.
 */
export function undoIdleTimeout(text: string, record: { readonly occurrences: readonly IdleOccurrence[]; readonly sectionCreated: boolean }): IdleUndo {
  let ini: IniLines = parseIniLines(text)
  const entries = findEntries(ini, IDLE_SECTION, IDLE_KEY)
  const ops: { index: number; text: string | null }[] = []
  const kept: string[] = []
  let from = 0
  for (const o of record.occurrences) {
    if (o.before === o.after) continue
    const at = entries.findIndex((e, i) => i >= from && ini.lines[e.index]?.text === o.after)
    const entry = at >= 0 ? entries[at] : undefined
    if (!entry) {
      kept.push(o.before === null ? 'the line the apply added is gone or was edited' : `it was "${o.before.trim()}" before the apply`)
      continue
    }
    from = at + 1
    ops.push({ index: entry.index, text: o.before })
  }
  if (kept.length > 0) {
    const now = findEntries(ini, IDLE_SECTION, IDLE_KEY).map((e) => e.value)
    kept.splice(0, kept.length, `kept your later change to [${IDLE_SECTION}] ${IDLE_KEY} (now ${now.length > 0 ? now.join(', ') : 'not set'}; ${kept.join('; ')})`)
  }
  for (const op of ops.sort((a, b) => b.index - a.index)) ini = op.text === null ? removeLine(ini, op.index) : replaceLine(ini, op.index, op.text)
  if (record.sectionCreated) {
    const headers = sectionHeaders(ini, IDLE_SECTION)
    const last = headers[headers.length - 1]
    if (last !== undefined && sectionIsEmpty(ini, last)) ini = removeLine(ini, last)
  }
  return { text: formatIniLines(ini), kept }
}
