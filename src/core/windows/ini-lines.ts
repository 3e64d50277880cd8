/**
 * A line-preserving view of an INI file such as `%UserProfile%\.wslconfig`: every line keeps its own text and its own
 * line ending (CRLF or LF, as Windows editors and WSL users mix them), a UTF-8 byte order mark is kept, and only the
 * lines an edit names change. Sections may repeat; `#` and `;` lines are comments.
 */
export interface IniLines {
  readonly bom: boolean
  readonly lines: readonly IniLine[]
}

export interface IniLine {
  readonly text: string
  /** '\r\n', '\n', or '' for a last line without a line ending. */
  readonly eol: string
}

/** One `key = value` line of the named section. */
export interface IniEntry {
  readonly index: number
  readonly value: string
}

const BOM = '\uFEFF'

export function parseIniLines(text: string): IniLines {
  const bom = text.startsWith(BOM)
  const body = bom ? text.slice(1) : text
  const lines: IniLine[] = []
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(body)) !== null) {
    if (m[0] === '') break
    lines.push({ text: m[1] ?? '', eol: m[2] ?? '' })
  }
  return { bom, lines }
}

export function formatIniLines(ini: IniLines): string {
  return (ini.bom ? BOM : '') + ini.lines.map((l) => l.text + l.eol).join('')
}

/** The file's own line ending: CRLF when any line has one, else LF. */
export function dominantEol(ini: IniLines): string {
  return ini.lines.some((l) => l.eol === '\r\n') ? '\r\n' : '\n'
}

function sectionOf(text: string): string | null {
  return /^[ \t]*\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(text)?.[1]?.trim() ?? null
}

function keyValue(text: string): { key: string; value: string } | null {
  if (/^[ \t]*[#;]/.test(text)) return null
  const m = /^[ \t]*([^=\s][^=]*?)[ \t]*=[ \t]*(.*?)[ \t]*$/.exec(text)
  return m ? { key: m[1] ?? '', value: m[2] ?? '' } : null
}

/** Every occurrence of `key` in every `[section]` (exact case, as WSL reads them), in file order. */
export function findEntries(ini: IniLines, section: string, key: string): IniEntry[] {
  const found: IniEntry[] = []
  let current: string | null = null
  ini.lines.forEach((line, index) => {
    const s = sectionOf(line.text)
    if (s !== null) {
      current = s
      return
    }
    const kv = current === section ? keyValue(line.text) : null
    if (kv && kv.key === key) found.push({ index, value: kv.value })
  })
  return found
}

/** Indexes of the `[section]` header lines. */
export function sectionHeaders(ini: IniLines, section: string): number[] {
  return ini.lines.flatMap((l, i) => (sectionOf(l.text) === section ? [i] : []))
}

/** Whether the section that starts at header `index` has no lines but blank ones before the next section. */
export function sectionIsEmpty(ini: IniLines, index: number): boolean {
  for (let i = index + 1; i < ini.lines.length; i++) {
    const text = ini.lines[i]?.text ?? ''
    if (sectionOf(text) !== null) return true
    if (text.trim() !== '') return false
  }
  return true
}

export function replaceLine(ini: IniLines, index: number, text: string): IniLines {
  return { ...ini, lines: ini.lines.map((l, i) => (i === index ? { ...l, text } : l)) }
}

export function removeLine(ini: IniLines, index: number): IniLines {
  return { ...ini, lines: ini.lines.filter((_, i) => i !== index) }
}

/** Inserts `texts` as new lines after line `index` (-1: at the start; lines.length - 1: at the end). */
export function insertLines(ini: IniLines, index: number, texts: readonly string[]): IniLines {
  const eol = dominantEol(ini)
  const lines = [...ini.lines]
  // A last line without a line ending gets one before anything follows it.
  const last = lines[lines.length - 1]
  if (index === lines.length - 1 && last && last.eol === '') lines[lines.length - 1] = { ...last, eol }
  lines.splice(index + 1, 0, ...texts.map((text) => ({ text, eol })))
  return { ...ini, lines }
}

/** Where a new key goes in the section that starts at header `index`: after its last non-blank line. */
export function endOfSection(ini: IniLines, index: number): number {
  let end = index
  for (let i = index + 1; i < ini.lines.length; i++) {
    const text = ini.lines[i]?.text ?? ''
    if (sectionOf(text) !== null) break
    if (text.trim() !== '') end = i
  }
  return end
}
