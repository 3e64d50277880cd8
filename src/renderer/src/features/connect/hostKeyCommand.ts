/** The command that prints the host key fingerprint on the machine itself, for the key type ssh-keyscan saw. */
export function hostKeyCommand(keyType: string): string {
  const type = /ecdsa/i.test(keyType) ? 'ecdsa' : /rsa/i.test(keyType) ? 'rsa' : 'ed25519'
  return `ssh-keygen -lf /etc/ssh/ssh_host_${type}_key.pub`
}
