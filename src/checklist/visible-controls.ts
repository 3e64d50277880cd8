/**
 * Makes terminal control characters visible: C0 controls (except tab, and newline when `keepNewlines`) become their
 * Unicode control pictures (ESC → ␛, BEL → ␇, CR → ␍), DEL becomes ␡, and C1 controls become `\x9b`-style text. So an
 * escape sequence from the target (OSC 52 clipboard writes, hidden text, cursor moves) shows as text and does nothing
 * on the operator's terminal, in the store or in a report. A CR right before a newline (or at the end) is dropped:
 * that is only a Windows line end. Linear; pure.
 */
export function visibleControls(text: string, keepNewlines = false): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c, offset: number) => {
    const code = c.charCodeAt(0)
    if (c === '\n' && keepNewlines) return c
    if (c === '\r') {
      const next = text[offset + 1]
      if (next === undefined || (next === '\n' && keepNewlines)) return ''
    }
    if (code < 0x20) return String.fromCharCode(0x2400 + code)
    if (code === 0x7f) return '\u2421'
    return `\\x${code.toString(16)}`
  })
}
