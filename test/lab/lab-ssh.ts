/**
 * labSsh(): one command over the real ssh client to a lab's sshd, as the lab user, key login, pinned host key.
 * For the lab's own tests (lab-systemd.test.ts, lab-no-openclaw.test.ts).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knownHostsLine, type ExecResult, type Lab } from './lab';

export function labSsh(lab: Lab, command: string, input?: string): Promise<ExecResult> {
  const knownHosts = join(lab.dir, 'known_hosts.test');
  writeFileSync(knownHosts, `${knownHostsLine(lab)}\n`);
  const args = ['-F', '/dev/null', '-i', lab.identityFile, '-p', String(lab.port),
    '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=10',
    `${lab.user}@${lab.host}`, command];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
