import { spawn } from 'node:child_process'
import { AppError } from '../app-error'
import type { ExecResult } from './target'

const MAX_OUTPUT = 8 * 1024 * 1024

/**
 * Runs a program with an argument vector (no shell), feeds `input` on stdin and collects the output.
 * Used for the non-interactive control channel.
 */
export function runProcess(file: string, args: readonly string[], opts: { input?: Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, windowsHide: true })
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
        reject(new AppError('CONNECTION_FAILED', `The program "${file}" was not found.`, file === 'ssh' ? 'Install the OpenSSH client (on Windows: Settings > Apps > Optional features > OpenSSH Client).' : 'Check that it is installed and on the PATH.'))
      } else reject(e)
    })
    child.stdin.on('error', () => undefined)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(new AppError('CONNECTION_FAILED', `"${file}" did not finish within ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s.`, 'Check that the target is reachable and responsive, then try again.'))
        return
      }
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })
    })
    child.stdin.end(opts.input ?? Buffer.alloc(0))
  })
}
