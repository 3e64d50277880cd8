import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'exec-trace.c');

/**
 * The execve tracer (exec-trace.c), compiled once per source version into the lab cache ($OCSS_LAB_CACHE, default
 * /var/cache/ocss-lab): `exec-trace -o FILE -- COMMAND…` logs every execve of COMMAND's tree without no_new_privs, so
 * sudo keeps working under it (strace --seccomp-bpf sets no_new_privs).
 */
export function execTracer(): string {
  const src = readFileSync(SOURCE);
  const dir = process.env.OCSS_LAB_CACHE ?? '/var/cache/ocss-lab';
  const bin = join(dir, `exec-trace-${createHash('sha256').update(src).digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  const cc = spawnSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', tmp, SOURCE], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`exec-trace: cc failed (install gcc): ${cc.error?.message ?? ''}${cc.stderr}`);
  renameSync(tmp, bin);
  return bin;
}
