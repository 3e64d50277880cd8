import type { EventChannel, EventPayloads, InvokeChannel, InvokePayload, InvokeResults, MainInvokeChannel, MainInvokePayload, MainInvokeResults, PreloadApi } from '../../shared/ipc-contract'
import type { AppErrorShape, Envelope, ErrorCode } from '../../shared/result'

/**
 * The only module that reads `window.api`. Every request goes through `invoke`, which unwraps the
 * envelope and throws an `ApiError` ({code, message, hint}) when main refuses or fails.
 */

export class ApiError extends Error implements AppErrorShape {
  readonly code: ErrorCode
  readonly hint: string

  constructor(code: ErrorCode, message: string, hint: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.hint = hint
  }

  toShape(): AppErrorShape {
    return { code: this.code, message: this.message, hint: this.hint }
  }
}

function bridge(): PreloadApi {
  const api = (window as Partial<Window>).api
  if (!api) throw new ApiError('INTERNAL', 'The connection to the app core is missing.', 'Restart OpenClaw Secure Setup.')
  return api
}

/** Sends one request to main; resolves with its value or throws an ApiError. */
export function invoke<C extends InvokeChannel>(channel: C, payload: InvokePayload<C>): Promise<InvokeResults[C]> {
  return unwrap<InvokeResults[C]>(() => bridge().invoke(channel, payload))
}

/** Like `invoke`, but for fire-and-forget requests (terminal input, resize, ack): errors are logged, not thrown. */
export function send<C extends InvokeChannel>(channel: C, payload: InvokePayload<C>): void {
  invoke(channel, payload).catch((err: unknown) => {
    console.warn(`${channel} failed:`, toApiError(err).message)
  })
}

/** Like `invoke`, for the channels main answers itself (the clipboard, the update check). */
export function invokeMain<C extends MainInvokeChannel>(channel: C, payload: MainInvokePayload<C>): Promise<MainInvokeResults[C]> {
  return unwrap<MainInvokeResults[C]>(() => bridge().invoke(channel, payload))
}

/** The value of main's envelope, or an ApiError: main's own error (code, message, hint), or whatever the call threw. */
async function unwrap<T>(request: () => Promise<Envelope<unknown>>): Promise<T> {
  let envelope: Envelope<unknown>
  try {
    envelope = await request()
  } catch (err) {
    throw toApiError(err)
  }
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.hint)
  return envelope.value as T
}

/** Copies text to the clipboard through main (clipboard:write): the page itself has no clipboard permission. */
export async function copyToClipboard(text: string): Promise<void> {
  await invokeMain('clipboard:write', { text })
}

/** Subscribes to an event from main; returns the unsubscribe function. */
export function subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  const api = (window as Partial<Window>).api
  // Without the bridge there is nothing to listen to; the first invoke reports the problem.
  return api ? api.on(event, listener) : () => undefined
}

/** Turns anything thrown into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new ApiError('INTERNAL', message || 'Something went wrong.', 'Try again; if it keeps happening, restart the app.')
}
