/** Parsing of `wsl.exe --list` output, which wsl.exe prints in UTF-16LE unless WSL_UTF8=1. */

export interface WslDistro {
  readonly name: string
  readonly isDefault: boolean
  /** As printed; localised, so only for display. */
  readonly state: string
  readonly version: number
}

/** Decodes wsl.exe output: UTF-16LE (with or without BOM) when it looks like it, else UTF-8. */
export function decodeWslOutput(buf: Buffer): string {
  let text: string
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le')
  else {
    let zeros = 0
    for (let i = 1; i < Math.min(buf.length, 200); i += 2) if (buf[i] === 0) zeros++
    text = buf.length >= 2 && zeros >= Math.min(buf.length, 200) / 4 ? buf.toString('utf16le') : buf.toString('utf8')
  }
  return text.replace(/\0/g, '').replace(/\r\n?/g, '\n')
}

/** Parses `wsl -l -v`. The header line and the localised state column are not matched as words. */
export function parseListVerbose(text: string): WslDistro[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const out: WslDistro[] = []
  for (const line of lines.slice(1)) {
    const m = /^\s*(\*)?\s*(\S+)\s+(\S+(?:\s\S+)*?)\s+(\d+)\s*$/.exec(line)
    if (m?.[2] && m[4]) out.push({ name: m[2], isDefault: m[1] === '*', state: m[3] ?? '', version: Number(m[4]) })
  }
  return out
}

/** Parses `wsl -l -q`: one name per line. */
export function parseListQuiet(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
}
