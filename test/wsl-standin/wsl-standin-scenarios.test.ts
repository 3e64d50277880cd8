import { spawn, spawnSync } from 'node:child_process'
import { spawn as ptySpawn } from 'node-pty'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { STANDIN_WSL as WSL, StandinWindows } from './scenario'

let lab: Lab
beforeAll(async () => {
  lab = await startLab()
}, 600_000)
afterAll(async () => {
  await lab?.stop()
})

const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', OCSS_WSL_STANDIN_STATE: lab.stateFile, ...extra })

describe('wsl.exe stand-in: --terminate and scenarios', () => {
  it('--terminate NAME really ends the processes started for that distro (default mode), nothing else', async () => {
    const child = spawn(WSL, ['-d', 'Ubuntu-24.04', '--exec', 'sleep', '300'], { env: env(), stdio: 'ignore' })
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(code ?? (signal ? -1 : null))))
    const other = await lab.exec(['bash', '-c', 'setsid sleep 301 </dev/null >/dev/null 2>&1 & echo $!'])
    await new Promise((r) => setTimeout(r, 300))
    const t = spawnSync(WSL, ['--terminate', 'ubuntu-24.04'], { env: env() })
    expect(t.status).toBe(0)
    expect(t.stdout.toString('utf16le')).toBe('The operation completed successfully.\r\n')
    expect(await exited).not.toBe(0)
    expect((await lab.exec(['kill', '-0', other.stdout.trim()])).code).toBe(0) // the lab's own process lives on
  })

  it('prints UTF-8 to a terminal (like the console) and UTF-16LE to a pipe', async () => {
    const w = new StandinWindows('no-distro')
    const term = ptySpawn(WSL, ['-l', '-v'], { name: 'xterm', cols: 100, rows: 20, cwd: '/', env: env({ OCSS_WSL_STANDIN_DIR: w.dir }) })
    let screen = ''
    term.onData((d) => (screen += d))
    const code = await new Promise<number>((r) => term.onExit(({ exitCode }) => r(exitCode)))
    expect(code).toBe(255)
    expect(screen).toContain('Error code: Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND\r\n')
    const piped = spawnSync(WSL, ['-l', '-v'], { env: env({ OCSS_WSL_STANDIN_DIR: w.dir }) })
    expect(piped.stdout.toString('utf16le')).toContain('Error code: Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND\r\n')
  })

  it('wsl1: --set-version NAME 2 converts the distro; names with spaces work as one argument', () => {
    const w = new StandinWindows('wsl1', [{ name: 'Mein Linux', version: 1 }])
    const e = env({ OCSS_WSL_STANDIN_DIR: w.dir, WSL_UTF8: '1' })
    expect(spawnSync(WSL, ['-l', '-v'], { env: e }).stdout.toString()).toMatch(/^\* Mein Linux\s+Running\s+1\r$/m)
    expect(spawnSync(WSL, ['--set-version', 'Mein Linux', '2'], { env: e }).status).toBe(0)
    expect(spawnSync(WSL, ['-l', '-v'], { env: e }).stdout.toString()).toMatch(/^\* Mein Linux\s+Running\s+2\r$/m)
    expect(spawnSync(WSL, ['-d', 'Mein Linux', '--exec', 'printenv', 'WSL_DISTRO_NAME'], { env: e }).stdout.toString()).toBe('Mein Linux\n')
  })

  it('an unknown scenario is a stand-in error, not a silent default', () => {
    const w = new StandinWindows('ready')
    w.setScenario('nonsense' as never)
    const r = spawnSync(WSL, ['--status'], { env: env({ OCSS_WSL_STANDIN_DIR: w.dir }) })
    expect(r.status).toBe(1)
    expect(r.stderr.toString()).toMatch(/unknown scenario 'nonsense'/)
  })
})
