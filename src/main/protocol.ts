import { protocol } from 'electron'
import { APP_SCHEME, appProtocolResponse } from './app-protocol'

/** Must run before `app` is ready: app:// behaves like https (standard, secure origin, fetch allowed). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves app://ocss/… from the built renderer folder (after `app` is ready). */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request.url, request.method, rendererDir))
}
