import { mainInvokeSchemas } from '../shared/ipc-contract'
import type { Envelope } from '../shared/result'

/** What `clipboard:write` needs of Electron's clipboard (main passes the real one; the e2e bridge a recorder). */
export interface ClipboardWriter {
  writeText(text: string): void
}

const HINT = 'Nothing was copied. Select the text and copy it with Ctrl+C instead.'

/**
 * clipboard:write — the Copy buttons. Validated against the contract (bounded, no control characters but tab and
 * line break), then written by main: the page itself is refused every permission, the clipboard's included.
 * Electron-free, so the browser bridge runs this same code.
 */
export function writeClipboard(clipboard: ClipboardWriter, payload: unknown): Envelope<null> {
  const parsed = mainInvokeSchemas['clipboard:write'].safeParse(payload)
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: parsed.error.issues[0]?.message ?? 'Invalid input.', hint: HINT } }
  try {
    clipboard.writeText(parsed.data.text)
    return { ok: true, value: null }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return { ok: false, error: { code: 'INTERNAL', message: `The clipboard could not be written: ${why}`, hint: HINT } }
  }
}
