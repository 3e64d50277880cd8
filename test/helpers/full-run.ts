import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import JSON5 from 'json5'
import type { Lab } from '../lab/lab'
import { CLI_PATH, type CliRun } from './cli-runner'
import type { UserWorld } from './user-world'

/** The steps of a full run on an SSH machine without OpenClaw, in wizard order. */
export const FULL_RUN_STEPS = [
  'openclaw-account',
  'openclaw-install',
  'openclaw-onboard',
  'gateway-service',
  'gateway-loopback',
  'gateway-token',
  'credential-permissions',
  'mdns-off',
  'elevated-tools-off',
  'gateway-terminal-off',
  'audit-fresh',
] as const

/** Issue 11's layers (5, 6, 8) in wizard order: after gateway-terminal-off, before audit-fresh. */
export const LAYER_STEPS = ['sandbox-docker', 'tool-policy', 'channel-allowlist'] as const

/** A full run's steps: FULL_RUN_STEPS, with `layers` the layer steps before audit-fresh (which judges the last change). */
export function fullRunSteps(layers: boolean): string[] {
  const base: string[] = FULL_RUN_STEPS.filter((s) => s !== 'audit-fresh')
  return [...base, ...(layers ? LAYER_STEPS : []), 'audit-fresh']
}

/** A bot token as @BotFather's look (digits, a colon, 35 URL-safe characters), with CANARY in it for the grep. */
export function canaryBotToken(): string {
  return `${700_000_000 + Math.floor(Math.random() * 99_999_999)}:CANARY${randomBytes(22).toString('base64url').slice(0, 29)}`
}

/** A numeric Telegram user id, as the person types it into the allowlist. */
export function canaryTelegramId(): string {
  return String(100_000_000 + Math.floor(Math.random() * 899_999_999))
}

/**
 * The files on the target holding `needle` (given on stdin, never in argv): the homes, /root, /etc, /tmp, /var/tmp,
 * /run/user and the app's own folders, except OpenClaw's secret store itself.
 */
export async function targetFilesWith(lab: Lab, needle: string): Promise<string[]> {
  const found = await rootSh(
    lab,
    'IFS= read -r T; grep -rlsF -e "$T" /root /home /var/lib/openclaw-secure-setup /tmp /var/tmp /etc /run/user 2>/dev/null | grep -vE "/\\.openclaw/state/openclaw\\.sqlite(-wal|-shm)?$" || true',
    `${needle}\n`,
  )
  return found.split('\n').filter(Boolean)
}

/** The sandbox probe's evidence as the person reads it (report, checklist): only lo, a read-only root, the gateway port not reached, the docker group's risk. */
export function expectProbeEvidence(text: string, where: string): void {
  expect(text, where).toMatch(/probe: ifaces lo(?![\w .-])/) // lo and nothing after it
  expect(text, where).toMatch(/probe: rootmount ro\b/)
  expect(text, where).toMatch(/probe: connect \S+:18789 failed/)
  expect(text, where).toMatch(/Known risk: openclaw is in the docker group/)
}

/** Runs the built CLI like runCli (the user world's HOME, default data folder), its whole process tree under strace -e execve. */
export function runCliTraced(world: UserWorld, args: readonly string[], trace: string, opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliRun {
  const r = spawnSync('strace', ['--seccomp-bpf', '-f', '-qq', '-e', 'trace=execve,execveat', '-s', '4096', '-o', trace, process.execPath, CLI_PATH, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...world.env, ...opts.env },
    cwd: world.root,
    timeout: opts.timeoutMs ?? 900_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** A shell command in the lab as root; throws with its output when it fails. */
export async function rootSh(lab: Lab, script: string, input?: string): Promise<string> {
  const r = await lab.exec(['bash', '-c', script], { timeoutMs: 300_000, ...(input === undefined ? {} : { input }) })
  if (r.code !== 0) throw new Error(`root: ${script}: exit ${r.code}\n${r.stderr}\n${r.stdout}`)
  return r.stdout
}

/**
 * A shell command as the OpenClaw account, the way a person runs it (`sudo -u openclaw -H bash`): from its home, with the
 * app's install of Node and OpenClaw on its PATH and its user manager's runtime folder and bus (`systemctl --user`).
 * Throws with its output when it fails.
 */
export async function accountSh(lab: Lab, user: string, script: string, opts: { input?: string; home?: string; timeoutMs?: number } = {}): Promise<string> {
  const home = opts.home ?? `/home/${user}`
  const path = `${home}/.local/bin:${home}/.local/share/openclaw-secure-setup/node/current/bin:/usr/bin:/bin`
  const bus = 'export XDG_RUNTIME_DIR=/run/user/$(id -u) && export DBUS_SESSION_BUS_ADDRESS=unix:path=$XDG_RUNTIME_DIR/bus'
  const r = await lab.exec(['bash', '-c', `cd && ${bus} && ${script}`], {
    user,
    env: { HOME: home, PATH: path },
    timeoutMs: opts.timeoutMs ?? 300_000,
    ...(opts.input === undefined ? {} : { input: opts.input }),
  })
  if (r.code !== 0) throw new Error(`${user}: ${script}: exit ${r.code}\n${r.stderr}\n${r.stdout}`)
  return r.stdout
}

/** The value of a live entry of the account's secret store (`name`: A-Z, 0-9, _), read as root (python3 sqlite3, read-only); '' when none. */
export async function storedSecret(lab: Lab, home: string, name: string): Promise<string> {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`storedSecret: bad name ${name}`)
  const py = `import sqlite3\nr=sqlite3.connect("file:${home}/.openclaw/state/openclaw.sqlite?mode=ro", uri=True).execute("select value from secret_store_entries where name='${name}' and deleted_at_ms is null").fetchone()\nprint(r[0] if r else "")`
  return (await rootSh(lab, '/usr/bin/python3 -', py)).trim()
}

/** The gateway token in the account's secret store, read as root; '' when none. */
export const storedGatewayToken = (lab: Lab, home: string): Promise<string> => storedSecret(lab, home, 'GATEWAY_TOKEN')

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
  return v
}

/**
 * Shell lines (in a script that has set H to the account's home) for what the layer steps touch outside openclaw.json:
 * the docker group, the images the engine holds, and the names (not values) in OpenClaw's secret store.
 */
const OUTSIDE_CONFIG = `echo "## docker"; getent group docker || true; timeout 60 docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' 2>/dev/null | sort || true
echo "## secret store names"; [ -n "$H" ] && [ -f "$H/.openclaw/state/openclaw.sqlite" ] && /usr/bin/python3 -c 'import sqlite3, sys; print([r[0] for r in sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute("select name from secret_store_entries where deleted_at_ms is null order by name")])' "$H/.openclaw/state/openclaw.sqlite" || true`

/** Exactly what must not move when every step is applied again: file bytes, .bak files, modes, units, listeners. */
export async function exactSnapshot(lab: Lab, user: string): Promise<string> {
  return rootSh(
    lab,
    `H=$(getent passwd ${user} | cut -d: -f6); echo "## account"; getent passwd ${user} || echo absent; id ${user} 2>/dev/null || true
[ -n "$H" ] && stat -c '%a %U %F' "$H" 2>/dev/null
echo "## linger"; ls /var/lib/systemd/linger 2>/dev/null || true
echo "## openclaw.json and backups"; (cd "$H/.openclaw" 2>/dev/null && sha256sum openclaw.json* && find . -maxdepth 2 \\( -path ./workspace -o -path ./agents -o -path ./plugin-skills -o -path ./state -o -path ./logs \\) -prune -o -printf '%y %m %u %p\\n' | sort) || echo absent
echo "## units"; (find "$H/.config/systemd" -printf '%y %m %p\\n' | sort; find "$H/.config/systemd" -type f -print0 | sort -z | xargs -0r sha256sum) 2>/dev/null || echo absent
echo "## install"; find "$H/.local" -maxdepth 3 -printf '%y %m %u %p\\n' 2>/dev/null | sort || true
echo "## listeners"; ss -ltnH | awk '{print $4}' | sort
${OUTSIDE_CONFIG}`,
  )
}

export interface StateSnapshot {
  /** account, linger, units, listeners, the install tree: must be equal */
  readonly fixed: string
  /** openclaw.json parsed (JSON5), without OpenClaw's own `meta` bookkeeping, keys sorted; 'absent' */
  readonly config: string
  /** path → "type mode owner" of the state folder and the home's top level (new paths are allowed: runtime files) */
  readonly modes: Readonly<Record<string, string>>
}

/** What an undo must bring back: the keys and values of the config, modes, account, linger, units, listeners, install. */
export async function stateSnapshot(lab: Lab, user: string): Promise<StateSnapshot> {
  const fixed = await rootSh(
    lab,
    `H=$(getent passwd ${user} | cut -d: -f6); echo "## account"; getent passwd ${user} || echo absent; id ${user} 2>/dev/null || true
echo "## linger"; ls /var/lib/systemd/linger 2>/dev/null || true
echo "## units"; ([ -n "$H" ] && find "$H/.config/systemd/user" -type f -print0 | sort -z | xargs -0r sha256sum) 2>/dev/null || true
echo "## install"; ([ -n "$H" ] && find "$H/.local" -maxdepth 3 -printf '%y %m %u %p\\n' | sort) 2>/dev/null || true
echo "## listeners"; ss -ltnH | awk '{print $4}' | sort
${OUTSIDE_CONFIG}`,
  )
  const raw = await lab.exec(['bash', '-c', `H=$(getent passwd ${user} | cut -d: -f6); [ -n "$H" ] && cat "$H/.openclaw/openclaw.json"`])
  let config = 'absent'
  if (raw.code === 0) {
    const cfg = JSON5.parse(raw.stdout) as Record<string, unknown>
    delete cfg.meta
    config = JSON.stringify(sortKeys(cfg), null, 1)
  }
  const list = await rootSh(
    lab,
    `H=$(getent passwd ${user} | cut -d: -f6); [ -n "$H" ] || exit 0; find "$H" -maxdepth 1 -mindepth 1 ! -name .openclaw -printf '%y %m %u %p\\n'
[ -d "$H/.openclaw" ] && find "$H/.openclaw" -maxdepth 2 \\( -path "$H/.openclaw/workspace" -o -path "$H/.openclaw/agents" -o -path "$H/.openclaw/plugin-skills" -o -path "$H/.openclaw/state" -o -path "$H/.openclaw/logs" \\) -prune -o ! -name 'openclaw.json.bak*' -printf '%y %m %u %p\\n'; true`,
  )
  const modes: Record<string, string> = {}
  for (const line of list.split('\n').filter(Boolean)) {
    const [type, mode, owner, ...path] = line.split(' ')
    modes[path.join(' ')] = `${type} ${mode} ${owner}`
  }
  return { fixed, config, modes }
}

/** Every regular file under `dir` (recursively) whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      const st = statSync(p, { throwIfNoEntry: false })
      if (!st) continue
      if (st.isDirectory()) walk(p)
      else if (st.isFile() && readFileSync(p).includes(needle)) hits.push(p)
    }
  }
  walk(dir)
  return hits
}

/** The execve lines of an strace file that carry `needle`. */
export function traceLinesWith(file: string, needle: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(needle))
}

/** An undo brought back the state before the apply: the account, units, install, listeners, the config's keys and values, the modes. */
export function expectStateEqual(after: StateSnapshot, was: StateSnapshot, what: string): void {
  expect(after.fixed, `${what}: account, linger, units, install, listeners`).toBe(was.fixed)
  expect(after.config, `${what}: openclaw.json (keys and values)`).toBe(was.config)
  for (const [path, mode] of Object.entries(was.modes)) expect(after.modes[path], `${what}: ${path}`).toBe(mode)
}
