import { spawn } from 'node:child_process'
import { AppError } from '../app-error'
import type { ExecResult } from './target'

const MAX_OUTPUT = 8 * 1024 * 1024

const NOT_FOUND_HINTS: Readonly<Record<string, string>> = {
  ssh: 'Install the OpenSSH client (on Windows: Settings > Apps > Optional features > OpenSSH Client).',
  'wsl.exe': 'Enable WSL: open PowerShell as administrator and run "wsl --install", then restart Windows.',
}

export interface RawResult {
  readonly exitCode: number
  readonly stdout: Buffer
  readonly stderr: Buffer
}

type RunOptions = { input?: Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string }

/** `C:\Windows\System32\OpenSSH\ssh.exe` or `/usr/bin/ssh` → `ssh`; `wsl.exe` stays `wsl.exe`. */
function programBase(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file
  return base.toLowerCase() === 'wsl.exe' ? 'wsl.exe' : base.replace(/\.exe$/i, '')
}

/** Runs a short-lived program with an argument vector (no shell) and returns its output decoded as UTF-8. */
export async function runProcess(file: string, args: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
  const r = await runProcessRaw(file, args, opts)
  return { exitCode: r.exitCode, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') }
}

/**
 * Runs a program with an argument vector (no shell), feeds `input` on stdin and collects the raw output
 * (wsl.exe prints UTF-16LE, so decoding is the caller's).
 */
export function runProcessRaw(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, windowsHide: true, ...(opts.cwd ? { cwd: opts.cwd } : {}) })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let size = 0
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, opts.timeoutMs ?? 120_000)
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_OUTPUT) into.push(chunk)
    }
    child.stdout.on('data', collect(out))
    child.stderr.on('data', collect(err))
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (e.code === 'ENOENT') {
        reject(new AppError('CONNECTION_FAILED', `The program "${file}" was not found.`, NOT_FOUND_HINTS[programBase(file)] ?? 'Check that it is installed and on the PATH.'))
      } else reject(e)
    })
    child.stdin.on('error', () => undefined)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(new AppError('CONNECTION_FAILED', `"${file}" did not finish within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s.`, 'Check that the target is reachable and responsive, then try again.'))
        return
      }
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out), stderr: Buffer.concat(err) })
    })
    child.stdin.end(opts.input ?? Buffer.alloc(0))
  })
}
