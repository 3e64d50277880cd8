/**
 * The IPC channel names, with no imports at all, so the sandboxed preload can bundle them
 * without pulling zod (or anything else) into its single CommonJS file.
 * `ipc-contract.ts` checks at compile time that these lists match its schemas and payload map.
 */

export const INVOKE_CHANNELS = [
  'app:state',
  'target:connect',
  'target:disconnect',
  'target:reconnect',
  'target:sudo-password',
  'step:run',
  'checks:run',
  'terminal:input',
  'terminal:resize',
  'terminal:ack',
  'terminal:cancel',
  'ssh:key-status',
  'ssh:key-install',
  'ssh:key-prove',
  'wsl:preflight',
  'wsl:install',
  'wsl:first-user',
  'checklist:confirm',
  'checklist:waive',
  'checklist:clear',
  'report:export',
] as const

/**
 * Invoke channels that main answers itself, without the services: they need Electron's runtime (the clipboard; the
 * app's version, build mode and network stack for the update check).
 */
export const MAIN_INVOKE_CHANNELS = ['clipboard:write', 'updates:check'] as const

export const EVENT_CHANNELS = ['terminal:data', 'terminal:exit', 'run:finished', 'checklist:changed', 'connection:state', 'ssh:key-finished', 'wsl:setup-finished'] as const

export type InvokeChannelName = (typeof INVOKE_CHANNELS)[number]
export type EventChannelName = (typeof EVENT_CHANNELS)[number]
export type MainInvokeChannelName = (typeof MAIN_INVOKE_CHANNELS)[number]

export function isInvokeChannel(value: unknown): value is InvokeChannelName {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}

export function isMainInvokeChannel(value: unknown): value is MainInvokeChannelName {
  return typeof value === 'string' && (MAIN_INVOKE_CHANNELS as readonly string[]).includes(value)
}

export function isEventChannel(value: unknown): value is EventChannelName {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value)
}
