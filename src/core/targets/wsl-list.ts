/** Parsing of `wsl.exe --list` output, which wsl.exe prints in UTF-16LE unless WSL_UTF8=1. */

export interface WslDistro {
  readonly name: string
  readonly isDefault: boolean
  /** As printed; localised, so only for display. */
  readonly state: string
  readonly version: number
}

/**
 * Decodes wsl.exe output: UTF-16LE (with or without BOM) or UTF-8 (WSL_UTF8=1). Every wsl.exe line ends in CRLF, which
 * in UTF-16LE carries NUL bytes and UTF-8 text never does; so any NUL means UTF-16LE, whatever the letters (a list of
 * Cyrillic or CJK names has few or no NUL high bytes of its own).
 */
export function decodeWslOutput(buf: Buffer): string {
  let text: string
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le')
  else text = buf.includes(0) ? buf.subarray(0, buf.length - (buf.length % 2)).toString('utf16le') : buf.toString('utf8')
  return text.replace(/\0/g, '').replace(/\r\n?/g, '\n')
}

/**
 * Parses `wsl -l -v`. The header line and the localised state column are not matched as words. Names may hold single
 * spaces: with `knownNames` (from `wsl -l -q`, one exact name per line) each row is matched against them, longest first;
 * without, a name ends at the first run of two or more spaces (the columns are padded).
 */
export function parseListVerbose(text: string, knownNames: readonly string[] = []): WslDistro[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const names = [...knownNames].sort((a, b) => b.length - a.length)
  const out: WslDistro[] = []
  for (const line of lines.slice(1)) {
    const lead = /^\s*(\*)?\s*/.exec(line)
    const rest = line.slice(lead?.[0].length ?? 0)
    const known = names.find((n) => rest.startsWith(n) && /^\s/.test(rest.slice(n.length)))
    const m = known
      ? /^\s+(\S+(?:\s\S+)*?)\s+(\d+)\s*$/.exec(rest.slice(known.length))
      : /^(\S+(?: \S+)*?)\s{2,}(\S+(?:\s\S+)*?)\s+(\d+)\s*$/.exec(rest)
    if (!m) continue
    const [name, state, version] = known ? [known, m[1], m[2]] : [m[1], m[2], m[3]]
    if (name && version) out.push({ name, isDefault: lead?.[1] === '*', state: state ?? '', version: Number(version) })
  }
  return out
}

/** Parses `wsl -l -q`: one name per line (a name's inner spaces are kept). */
export function parseListQuiet(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
}
