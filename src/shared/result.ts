/** The error envelope that crosses the IPC boundary (Electron flattens thrown errors). */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_CONNECTED'
  | 'HOST_KEY_UNKNOWN'
  | 'HOST_KEY_MISMATCH'
  /** The app's saved copy of the pinned key could not be written or read; the machine's key did not change. */
  | 'HOST_KEY_UNUSABLE'
  | 'CONNECTION_FAILED'
  /** The machine answered but refused the login (no authorised key yet). */
  | 'AUTH_FAILED'
  | 'SUDO_PASSWORD_REQUIRED'
  | 'SUDO_FAILED'
  | 'BUSY'
  | 'STEP_NOT_APPLICABLE'
  | 'COMMAND_FAILED'
  | 'FORBIDDEN'
  | 'INTERNAL'
  | 'STORE_UNREADABLE'
  | 'STORE_WRITE_FAILED'
  /** "Check for updates" could not read the release feed (offline, a proxy, an unexpected answer). */
  | 'UPDATE_CHECK_FAILED'

export interface AppErrorShape {
  readonly code: ErrorCode
  /** What happened. */
  readonly message: string
  /** What to do next. */
  readonly hint: string
}

export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorShape }
