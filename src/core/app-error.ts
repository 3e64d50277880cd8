import type { AppErrorShape, ErrorCode } from '../shared/result'

/** An error that says what happened and what to do next. */
export class AppError extends Error implements AppErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint: string,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toShape(): AppErrorShape {
    return { code: this.code, message: this.message, hint: this.hint }
  }

  static from(err: unknown): AppError {
    if (err instanceof AppError) return err
    const message = err instanceof Error ? err.message : String(err)
    return new AppError('INTERNAL', message, 'This is a bug in OpenClaw Secure Setup. Try again; if it persists, report it with the steps that led here.')
  }
}

/** Errors that mean the connection is gone (as opposed to a script or sudo failure): the work it carried was interrupted. */
export function isConnectionError(err: unknown): boolean {
  return err instanceof AppError && (err.code === 'CONNECTION_FAILED' || err.code === 'NOT_CONNECTED')
}
