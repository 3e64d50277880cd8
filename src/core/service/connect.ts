import { targetKey, type TargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import { knownHostsDir } from '../paths'
import type { ChecklistStore } from '../store/checklist-store'
import { scanHostKey, type HostKey } from '../targets/host-key'
import { checkSshClient } from '../targets/ssh-client'
import { SshTarget } from '../targets/ssh-target'
import type { SudoMode, Target } from '../targets/target'
import { WslTarget } from '../targets/wsl-target'

export interface ConnectOptions {
  readonly store: ChecklistStore
  readonly dataDir: string
  /** A fingerprint the user confirmed for this host (first contact or after a deliberate re-key). */
  readonly trustFingerprint?: string
  readonly sudoPassword?: () => string | undefined
  readonly wslExe?: string
  readonly sshBinary?: string
  readonly keyscanBinary?: string
  /** Called when the host is reached and its key accepted, as the login starts. */
  readonly onAuthenticating?: () => void
}


export type ConnectOutcome =
  | { readonly status: 'connected'; readonly target: Target; readonly sudo: SudoMode }
  | { readonly status: 'host-key-unknown'; readonly hostKey: HostKey }

/**
 * ssh said the host key did not verify. The key the machine presents now is fetched to say what happened: a
 * different fingerprint is a changed key (both fingerprints in the message); ssh finding no usable saved copy while
 * the machine presents the accepted key is HOST_KEY_UNUSABLE, which says so and what to do; ssh seeing another key
 * while the second look sees the accepted one stays a mismatch (an interceptor may pass one connection untouched).
 */
export async function confirmHostKeyError(err: AppError, host: string, port: number, pinned: HostKey, keyscan?: string): Promise<AppError> {
  const now = await scanHostKey(host, port, keyscan).catch(() => null)
  if (now && now.fingerprint !== pinned.fingerprint) {
    return new AppError('HOST_KEY_MISMATCH', `The host key of ${host} does not match the one you accepted earlier. It now presents ${now.fingerprint}; you accepted ${pinned.fingerprint}.`, 'Someone may be intercepting the connection, or the machine was reinstalled. Verify the new fingerprint on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it again.')
  }
  if (now && err.code === 'HOST_KEY_UNUSABLE') {
    return new AppError('HOST_KEY_UNUSABLE', `${err.message} The machine still presents the key you accepted (${pinned.fingerprint}).`, 'This is not a sign of interception. Check that the app\'s data folder is readable and writable by your account and that the disk is not full, then connect again.')
  }
  if (now) {
    // ssh itself saw another key, a second look saw the pinned one: never played down, since an interceptor can let
    // one connection through untouched.
    return new AppError('HOST_KEY_MISMATCH', `ssh was shown a different host key for ${host} than the one you accepted (${pinned.fingerprint}), while a second look right after saw the accepted key. Either the app's saved copy of the key was altered, or someone intercepts some of the connections.`, 'Do not enter a password. Check the fingerprint on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and try again from another network.')
  }
  return err
}

/**
 * Opens a target. For SSH the host key is pinned: first contact stops with the key's fingerprint
 * unless the caller names exactly that fingerprint; a key that differs from the pinned one is refused.
 */
export async function connectTarget(spec: TargetSpec, opts: ConnectOptions): Promise<ConnectOutcome> {
  let target: Target
  if (spec.kind === 'wsl') {
    target = new WslTarget(spec, opts.wslExe ? { wslExe: opts.wslExe } : {})
  } else {
    // Preflight: an OpenSSH client new enough for the options the app passes (Windows 10 ships 7.7).
    await checkSshClient(opts.sshBinary)
    const existing = opts.store.target(targetKey(spec))
    let hostKey: HostKey | undefined = existing?.hostKey
    if (hostKey && opts.trustFingerprint && opts.trustFingerprint !== hostKey.fingerprint) {
      // A pinned key is never replaced silently, not even by a fingerprint given on the command line.
      throw new AppError('HOST_KEY_MISMATCH', `${spec.host} is already trusted with the key ${hostKey.fingerprint}, not ${opts.trustFingerprint}.`, 'If the machine was really reinstalled, check its new fingerprint on its console and remove the old entry from the saved targets before trusting the new one.')
    }
    if (!hostKey) {
      const scanned = await scanHostKey(spec.host, spec.port, opts.keyscanBinary)
      if (!opts.trustFingerprint) return { status: 'host-key-unknown', hostKey: scanned }
      if (opts.trustFingerprint !== scanned.fingerprint) {
        throw new AppError('HOST_KEY_MISMATCH', `The host key of ${spec.host} is ${scanned.fingerprint}, not the fingerprint you gave (${opts.trustFingerprint}).`, 'Do not connect until you have checked the fingerprint on the machine itself: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')
      }
      hostKey = scanned
    }
    target = new SshTarget(spec, {
      hostKey,
      stateDir: knownHostsDir(opts.dataDir),
      ...(opts.sudoPassword ? { sudoPassword: opts.sudoPassword } : {}),
      ...(opts.sshBinary ? { sshBinary: opts.sshBinary } : {}),
    })
    // The host key the person accepted stays pinned even if the login fails: the key install that follows talks only to it.
    if (!existing?.hostKey) opts.store.saveTarget(target.key, { spec, label: target.label, hostKey })
    opts.onAuthenticating?.()
    try {
      const sudo = await target.sudoMode()
      opts.store.saveTarget(target.key, { spec, label: target.label, hostKey })
      return { status: 'connected', target, sudo }
    } catch (err) {
      await target.dispose()
      if (err instanceof AppError && (err.code === 'HOST_KEY_MISMATCH' || err.code === 'HOST_KEY_UNUSABLE')) {
        throw await confirmHostKeyError(err, spec.host, spec.port, hostKey, opts.keyscanBinary)
      }
      throw err
    }
  }
  opts.onAuthenticating?.()
  try {
    const probe = await target.exec('true', { timeoutMs: 30_000 })
    if (probe.exitCode !== 0) {
      throw new AppError('CONNECTION_FAILED', `Could not start a shell in ${target.label}: ${probe.stderr.trim() || `exit code ${probe.exitCode}`}.`, 'Open the distribution once from the Start menu to finish its setup, then try again.')
    }
    opts.store.saveTarget(target.key, { spec, label: target.label })
    return { status: 'connected', target, sudo: await target.sudoMode() }
  } catch (err) {
    await target.dispose()
    throw err
  }
}
