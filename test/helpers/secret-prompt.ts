import type { Lab } from '../lab/lab'
import { labSh } from './step-contract'

/**
 * Runs a step's script as root inside the lab under a real pseudo-terminal and types `value` at its prompt, as the
 * app does: when the script prints `OCSS-SECRET-REQUEST <name> <tag>` (lib/secret.sh), the value is written to the
 * terminal (never an argument or a file). The value reaches python on stdin.
 */
const PTY = `import os, pty, select, sys, time
value = sys.stdin.readline().rstrip("\\n").encode()
marker = ("OCSS-SECRET-REQUEST " + sys.argv[2] + " " + os.environ["OCSS_PROMPT_TAG"]).encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv("/bin/bash", ["bash", sys.argv[1]])
out, typed = b"", False
while True:
    r, _, _ = select.select([fd], [], [], 1)
    if not r:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    if not typed and marker in out:
        time.sleep(0.5)  # the script's read -s has turned echo off by now (as over SSH, where the answer takes longer)
        os.write(fd, value + b"\\r")
        typed = True
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
`

export async function runTypingSecret(
  lab: Lab,
  script: string,
  o: { readonly name: string; readonly value: string; readonly env: Readonly<Record<string, string>>; readonly tag: string; readonly timeoutMs?: number },
): Promise<{ code: number; out: string }> {
  await labSh(lab, 'umask 077 && mkdir -p /root/ocss-job && cat > /root/ocss-job/step.sh', { input: script })
  const r = await lab.exec(['/usr/bin/python3', '-c', PTY, '/root/ocss-job/step.sh', o.name], { env: { ...o.env, OCSS_PROMPT_TAG: o.tag }, input: `${o.value}\n`, timeoutMs: o.timeoutMs ?? 400_000, cwd: '/root/ocss-job' })
  return { code: r.code, out: r.stdout + r.stderr }
}
