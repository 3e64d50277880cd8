import type { KeyInstallOutcome } from '../../shared/ipc-contract'

export interface InstallVerdict {
  readonly outcome: KeyInstallOutcome
  readonly message: string
  readonly hint: string
}

/** The markers key-install.sh prints, with the session's nonce. */
export const installMarkers = (nonce: string) => ({
  ready: `OCSS-KEY-READY-${nonce}`,
  done: `OCSS-KEY-DONE-${nonce}`,
  fail: `OCSS-KEY-FAIL-${nonce}`,
})

/**
 * Reads what the key-install terminal session printed (ssh's own messages and the remote script's markers) and says
 * what happened. A refused password is told apart from a server that takes no passwords at all and from other failures.
 */
export function classifyInstall(output: string, nonce: string, label: string): InstallVerdict {
  const text = output.replace(/\r/g, '')
  const m = installMarkers(nonce)
  if (text.includes(m.done)) {
    return { outcome: 'installed', message: `The app's key is installed on ${label}.`, hint: 'Next: turn password login off (step "SSH: key login only").' }
  }
  const failLine = text.split('\n').find((l) => l.startsWith(`${m.fail} `))
  if (failLine) {
    return { outcome: 'failed', message: `${label} did not take the key: ${failLine.slice(m.fail.length + 1).trim()}.`, hint: 'Fix the cause named above on the machine (for example the owner of ~/.ssh), then press Install key again.' }
  }
  if (!text.includes(m.ready)) {
    if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/i.test(text)) {
      return { outcome: 'failed', message: `The host key of ${label} does not match the one you accepted; nothing was sent.`, hint: 'Verify the fingerprint on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before connecting again.' }
    }
    if (/Permission denied|Too many authentication failures/i.test(text)) {
      if (/password:/i.test(text)) {
        return { outcome: 'password-refused', message: `${label} refused the password; nothing was written.`, hint: 'Press Install key again and type the login password of that user on the machine (it is not echoed).' }
      }
      return { outcome: 'failed', message: `${label} does not accept password logins, so the key cannot be installed this way.`, hint: "Add the app's public key (shown above) to ~/.ssh/authorized_keys on the machine by another way, for example its console, then press Prove key login." }
    }
    if (/Connection (refused|timed out|closed)|Could not resolve|No route|Network is unreachable/i.test(text)) {
      return { outcome: 'failed', message: `Could not reach ${label}.`, hint: 'Check that the machine is on and reachable, then press Install key again.' }
    }
    const last = text.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop()
    return { outcome: 'failed', message: `The login to ${label} ended before the key could be sent${last ? ` (${last})` : ''}.`, hint: 'Press Install key again and type the password when the terminal asks for it.' }
  }
  return { outcome: 'failed', message: `The session to ${label} ended before the key was written (cancelled or disconnected).`, hint: 'Press Install key again.' }
}
