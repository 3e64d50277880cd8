import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli, type CliRun } from '../helpers/cli-runner'
import { EDGE_WSL_CONF, edgeExact, edgeState, HOME_NAS, HOME_ROUTER, HOME_SUBNET, setUpOpenClaw, startEdgeWorld, writeLockScript, type EdgeWorld } from '../helpers/edge-world'
import { accountSh, filesContaining, rootSh, targetFilesWith } from '../helpers/full-run'
import { parseVerify } from '../helpers/layer-breaks'
import { wslConf } from '../helpers/wsl-step-lab'
import { startLab, type Lab } from '../lab/lab'
import { startMirror, type Mirror } from '../lab/mirror'
import { STANDIN_WSL } from '../wsl-standin/scenario'
import { startBridge, type Bridge } from './bridge'
import { checkStatus, sudoPrompts } from './sudo-terminal'
import { wizardDriver } from './wizard-driver'

/** The steps of layers 7 and 10, the health ping and the router probe, in wizard order. */
export const EDGE_STEPS = ['router-isolation', 'dns-static', 'skills-pinned', 'health-ping'] as const

const STEP_MS = 600_000

/**
 * Issue 12's "Done when" for one transport ('ssh': the connect form over SSH on port 22, the sudo password typed into
 * the terminal; 'wsl': the wsl.exe stand-in, Windows mocked), on a systemd lab whose OpenClaw account was onboarded
 * with OpenClaw's own CLI and runs its gateway (the full runs cover the app's own onboarding), in the edge world of
 * test/helpers/edge-world.ts. Through the wizard (browser bridge, the data folder under a HOME with spaces and
 * non-ASCII letters): Run each step with its inputs typed → its row passes; "Send a test ping now" reaches the
 * stand-in → the built CLI's `verify` on the same data folder (the window's saved inputs) passes them → Run again
 * changes nothing → broken by hand (SSH), exactly its item fails → Undo restores the state before its Run (for DNS the
 * symlink and lsattr). Then the same through the CLI alone: apply with --input and the ping URL on stdin, apply again,
 * undo. The ping URL is a canary: it must be in no file of the data folder, the terminal, or the target but its 600 file.
 */
export function describeEdgeLayers(o: { kind: 'ssh' | 'wsl' }): void {
  let lab: Lab
  let bridge: Bridge
  let edge: EdgeWorld
  let mirror: Mirror
  let user = 'openclaw'
  let home = '/home/openclaw'
  let standinDir = ''
  let identity = ''
  const before = new Map<string, string>()
  const saved = process.env.OCSS_WSL_STANDIN_STATE

  beforeAll(async () => {
    buildCli()
    lab = await startLab({ systemd: true, openclaw: false })
    // SSH: the app's default account, openclaw; WSL: the distribution's default user, its session standing in for
    // WSL's own (linger), as in the full runs.
    if (o.kind === 'wsl') {
      user = lab.user
      home = `/home/${lab.user}`
      process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
      await rootSh(lab, `loginctl enable-linger ${user} && for i in $(seq 60); do [ -S /run/user/$(id -u ${user})/bus ] && exit 0; sleep 0.5; done; exit 1`)
    }
    mirror = await startMirror(lab)
    await setUpOpenClaw(lab, mirror, { kind: o.kind, user })
    edge = await startEdgeWorld(lab, { kind: o.kind, user, home })
    standinDir = mkdtempSync(join(tmpdir(), 'ocss-edge-wsl-'))
    symlinkSync(STANDIN_WSL, join(standinDir, 'wsl.exe'))
    bridge = await startBridge(o.kind === 'wsl' ? { wslExe: STANDIN_WSL } : {})
    identity = bridge.world.pickKey(lab.identityFile)
  }, 900_000)
  afterAll(async () => {
    await bridge?.close()
    await edge?.stop()
    await mirror?.stop()
    await lab?.stop()
    if (standinDir) rmSync(standinDir, { recursive: true, force: true })
    if (saved === undefined) delete process.env.OCSS_WSL_STANDIN_STATE
    else process.env.OCSS_WSL_STANDIN_STATE = saved
  })

  const state = () => edgeState(lab, user, home)
  const exact = () => edgeExact(lab, user, home)

  /** The built CLI on the window's own data folder; the sudo password (SSH), then the ping URL for health-ping. */
  function cli(args: string[]): CliRun {
    const target = o.kind === 'ssh' ? ['--target', `ssh://${lab.user}@${lab.host}`, '--identity', identity, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'] : ['--target', 'wsl:Ubuntu-24.04']
    const secret = args[0] === 'apply' && args[1] === 'health-ping' ? `PING_URL=${edge.pingUrl}\n` : ''
    const env = o.kind === 'wsl' ? { PATH: `${standinDir}:${process.env.PATH ?? ''}`, OCSS_WSL_STANDIN_STATE: lab.stateFile } : {}
    return runCli(bridge.world, [...args, ...target], { input: `${o.kind === 'ssh' ? `${lab.sudoPassword}\n` : ''}${secret}`, env, timeoutMs: 300_000 })
  }
  const CLI_INPUTS: Readonly<Record<string, string[]>> = {
    'router-isolation': [`DEVICES=${HOME_ROUTER} ${HOME_NAS}`, `HOME_SUBNET=${HOME_SUBNET}`],
    'dns-static': ['SERVERS=quad9'],
  }
  const inputsFor = (id: string) => (CLI_INPUTS[id] ?? []).flatMap((kv) => ['--input', kv])

  const wizard = () => wizardDriver(bridge, lab, o.kind)
  const finish = (seen: number) => wizard().finish(seen, 540_000)
  const open = (id: string) => wizard().open(id)
  async function run(id: string): Promise<void> {
    const { page } = bridge
    await open(id)
    if (id === 'router-isolation') {
      await page.getByTestId('step-input-DEVICES').fill(`${HOME_ROUTER}, ${HOME_NAS}`)
      await page.getByTestId('step-input-HOME_SUBNET').fill(HOME_SUBNET)
    }
    if (id === 'dns-static') await page.getByTestId('step-input-SERVERS').selectOption('quad9')
    // The masked field is emptied after each run; Run again finds the URL file holding the kept hash's address.
    if (id === 'health-ping') await page.getByTestId('step-input-PING_URL').fill(edge.pingUrl)
    const seen = await sudoPrompts(bridge)
    await page.getByTestId('step-run').click()
    expect(await finish(seen), await bridge.terminalText()).toBe(true)
    await expect.poll(() => checkStatus(bridge, id), { timeout: 60_000 }).toBe('pass')
  }
  const itemState = (id: string) => bridge.page.getByTestId(`checklist-item-${id}`).getAttribute('data-state', { timeout: 1000 }).catch(() => null)

  describe(`layers 1, 7, 10 and the health ping through the wizard and the CLI (${o.kind === 'ssh' ? 'SSH on port 22' : 'wsl.exe stand-in, Windows mocked'}, systemd lab)`, () => {
    it('connects; before any Run, DNS, skills and the ping read as failing, with the reasons the machine gives', async () => {
      await wizard().connect(identity)
      for (const id of ['dns-static', 'skills-pinned', 'health-ping']) await expect.poll(() => checkStatus(bridge, id), { timeout: 120_000 }).toBe('fail')
    }, 300_000)

    for (const id of EDGE_STEPS) {
      it(`Run ${id} with its inputs typed: the job succeeds and its row turns to pass`, async () => {
        before.set(id, await state())
        const pings = edge.ping.pings(edge.pingUrl)
        await run(id)
        if (id === 'health-ping') expect(edge.ping.pings(edge.pingUrl), 'the first run pinged the stand-in').toBeGreaterThan(pings)
        if (id === 'dns-static') {
          // An immutable file naming exactly Quad9's two servers, which the lookup went through; on WSL wsl.conf also
          // says generateResolvConf = false, every line of the person's own kept.
          expect(await rootSh(lab, 'stat -c %F /etc/resolv.conf; lsattr -d /etc/resolv.conf | cut -c5; grep ^nameserver /etc/resolv.conf')).toBe('regular file\ni\nnameserver 9.9.9.9\nnameserver 149.112.112.112\n')
          expect(edge.dns.queries().some((q) => q.name === 'example.com' && ['9.9.9.9', '149.112.112.112'].includes(q.server))).toBe(true)
          if (o.kind === 'wsl') {
            expect(await wslConf(lab)).toBe(EDGE_WSL_CONF.replace('[network]\n', '[network]\ngenerateResolvConf=false\n'))
          }
        }
      }, STEP_MS)
    }

    it('"Send a test ping now" reaches the stand-in; the checklist shows the four items, the router item with the probe beside the confirmation', async () => {
      const { page } = bridge
      await open('health-ping')
      const n = edge.ping.pings(edge.pingUrl)
      const seen = await sudoPrompts(bridge)
      await page.getByTestId('step-action-test-ping').click()
      expect(await finish(seen), await bridge.terminalText()).toBe(true)
      expect(await bridge.terminalText()).toMatch(/Test ping sent: OpenClaw's health check passed and the monitor answered HTTP 200/)
      expect(edge.ping.pings(edge.pingUrl)).toBe(n + 1)
      await page.getByTestId('run-finished').getByRole('button', { name: 'Dismiss' }).click()
      await page.getByTestId('nav-checklist').click()
      for (const id of ['dns-static', 'skills-pinned', 'health-ping']) await expect.poll(async () => `${id}: ${await itemState(id)}`, { timeout: 60_000 }).toBe(`${id}: pass`)
      // A passing probe leaves the item to the person's word; confirmed, it passes.
      expect(await itemState('router-isolation')).not.toBe('fail')
      await page.getByTestId('checklist-confirm-router-isolation').click()
      await page.getByTestId('checklist-confirm-dialog-who').fill('Ada')
      await page.getByTestId('checklist-confirm-dialog-text').fill('The laptop is on the guest network of its own router')
      await page.getByTestId('checklist-confirm-dialog-submit').click()
      await expect.poll(() => itemState('router-isolation')).toBe('pass')
      expect(await page.getByTestId('checklist-item-summary-router-isolation').textContent()).toMatch(/None of the 2 home device\(s\) answered/)
      await bridge.screenshot(`edge-layers-${o.kind}`)
    }, STEP_MS)

    it('the ping URL typed into the masked field is in the account\'s 600 file and nowhere in the data folder, the terminal, the saved form or the target', async () => {
      expect(filesContaining(bridge.world.root, edge.pingUrl), "the app's data folder and the person's HOME").toEqual([])
      expect(await bridge.terminalText()).not.toContain(edge.pingUrl)
      const key = bridge.service().state().connected?.key ?? ''
      const kept = bridge.service().store.stepInputs(key, 'health-ping')
      expect(Object.keys(kept)).toEqual(['PING_URL_SHA256'])
      expect(await targetFilesWith(lab, edge.pingUrl)).toEqual([`${home}/.config/openclaw-secure-setup/health-ping.curl`])
      expect(await rootSh(lab, `stat -c '%a %U' ${home}/.config/openclaw-secure-setup/health-ping.curl`)).toBe(`600 ${user}\n`)
    })

    let verdicts: ReturnType<typeof parseVerify> | undefined
    it('the built CLI\'s verify on the same data folder checks with the window\'s saved inputs: the four steps pass', () => {
      const r = cli(['verify'])
      verdicts = parseVerify(r.stdout)
      for (const id of EDGE_STEPS) expect(verdicts.steps[id], `${id}\n${r.stdout}\n${r.stderr.slice(-2000)}`).toBe('PASS')
      expect(r.stdout + r.stderr).not.toContain(edge.pingUrl)
    }, STEP_MS)

    it('Run again on each step changes nothing (resolv.conf\'s inode and flags, wsl.conf, the lock file, the ping\'s units and files)', async () => {
      const first = await exact()
      for (const id of EDGE_STEPS) {
        await run(id)
        expect(await exact(), `after running ${id} again`).toBe(first)
      }
    }, 4 * STEP_MS)

    if (o.kind === 'ssh') {
      const account = (script: string) => accountSh(lab, user, script)
      const timer = `${home}/.config/systemd/user/ocss-health-ping.timer`
      let timerText = ''
      let lock = ''
      const BREAKS: { what: string; step: string; make(): Promise<unknown>; unmake(): Promise<unknown> }[] = [
        { what: 'chattr -i /etc/resolv.conf', step: 'dns-static', make: () => rootSh(lab, 'chattr -i /etc/resolv.conf'), unmake: () => rootSh(lab, 'chattr +i /etc/resolv.conf') },
        {
          what: 'hello-notes unpinned again ("latest" in the lock file)',
          step: 'skills-pinned',
          make: async () => {
            lock = await rootSh(lab, `cat ${edge.workspace}/.clawhub/lock.json`)
            await account(writeLockScript(`${edge.workspace}/.clawhub/lock.json`, { 'hello-notes': 'latest' }))
          },
          unmake: () => rootSh(lab, `cat >${edge.workspace}/.clawhub/lock.json`, lock),
        },
        {
          what: 'a skill copied into the workspace by hand',
          step: 'skills-pinned',
          make: () => account(`mkdir -p ${edge.workspace}/skills/side-skill && printf -- "---\\nname: side-skill\\ndescription: Side.\\nversion: 0.1.0\\n---\\n" >${edge.workspace}/skills/side-skill/SKILL.md`),
          unmake: () => account(`rm -rf ${edge.workspace}/skills/side-skill`),
        },
        {
          what: 'the ping timer removed',
          step: 'health-ping',
          make: async () => {
            timerText = await rootSh(lab, `cat ${timer}`)
            await account(`systemctl --user disable --now ocss-health-ping.timer 2>/dev/null && rm ${timer}`)
          },
          unmake: async () => {
            await rootSh(lab, `cat >${timer} && chown ${user}: ${timer} && chmod 644 ${timer}`, timerText)
            await account('systemctl --user daemon-reload && systemctl --user enable --now ocss-health-ping.timer 2>/dev/null')
          },
        },
        {
          what: 'the NAS answers on 445',
          step: 'router-isolation',
          make: async () => {
            await edge.home.undrop()
            await edge.home.drop(HOME_ROUTER)
            await edge.home.answer(HOME_NAS, [445])
          },
          unmake: async () => {
            edge.home.quiet()
            await edge.home.drop(HOME_NAS)
          },
        },
      ]
      for (const b of BREAKS) {
        it(`broken by hand (${b.what}): verify fails exactly ${b.step} and its item; every other step keeps its verdict`, async () => {
          const was = verdicts
          expect(was).toBeDefined()
          if (!was) return
          await b.make()
          let now: ReturnType<typeof parseVerify>
          try {
            now = parseVerify(cli(['verify']).stdout)
          } finally {
            await b.unmake()
          }
          expect(now.steps[b.step], now.lines[b.step]).toBe('FAIL')
          expect(now.items[b.step], now.lines[`item ${b.step}`]).toBe('FAIL')
          const others = Object.keys(was.steps).filter((id) => id !== b.step && id !== 'audit-fresh' && id !== 'openclaw-audit')
          expect(others.filter((id) => now.steps[id] !== was.steps[id]).map((id) => `was ${was.steps[id] ?? '?'}: ${now.lines[id] ?? id}`)).toEqual([])
        }, STEP_MS)
      }
      it('mended by hand: verify sees the four steps pass again', () => {
        const back = parseVerify(cli(['verify']).stdout)
        for (const id of EDGE_STEPS) expect(back.steps[id], back.lines[id]).toBe('PASS')
      }, STEP_MS)
    }

    for (const id of [...EDGE_STEPS].reverse()) {
      it(`Undo ${id} (reverse order) brings back the state before its Run`, async () => {
        const { page } = bridge
        await open(id)
        const seen = await sudoPrompts(bridge)
        await page.getByTestId('step-undo').click()
        await page.getByTestId('undo-confirm').click()
        expect(await finish(seen), await bridge.terminalText()).toBe(true)
        expect(await state()).toBe(before.get(id))
      }, STEP_MS)
    }

    it('the DNS undo left resolv.conf as the machine had it: a symlink, no immutable file behind', async () => {
      const link = o.kind === 'wsl' ? '/mnt/wsl/resolv.conf' : '../run/resolvconf/resolv.conf'
      expect(await rootSh(lab, 'stat -c %F /etc/resolv.conf; readlink /etc/resolv.conf')).toBe(`symbolic link\n${link}\n`)
    })

    const cliBefore = new Map<string, string>()
    for (const id of EDGE_STEPS) {
      it(`the CLI alone: apply ${id} (inputs given with --input, the ping URL on stdin) passes; applied again, nothing changes`, async () => {
        cliBefore.set(id, await state())
        const r = cli(['apply', id, ...inputsFor(id)])
        expect(r.stdout, r.stderr.slice(-3000)).toMatch(new RegExp(`^${id}: ok`, 'm'))
        expect(r.code).toBe(0)
        const first = await exact()
        const again = cli(['apply', id])
        expect(again.code, again.stdout + again.stderr.slice(-3000)).toBe(0)
        expect(await exact(), `after applying ${id} again`).toBe(first)
        expect(r.stdout + r.stderr + again.stdout + again.stderr).not.toContain(edge.pingUrl)
      }, STEP_MS)
    }
    for (const id of [...EDGE_STEPS].reverse()) {
      it(`the CLI alone: undo ${id} brings back the state before its apply`, async () => {
        const r = cli(['undo', id])
        expect(r.code, r.stdout + r.stderr.slice(-3000)).toBe(0)
        expect(await state()).toBe(cliBefore.get(id))
      }, STEP_MS)
    }

    it('after everything, the ping URL is still in no file of the data folder', async () => {
      expect(filesContaining(bridge.world.root, edge.pingUrl)).toEqual([])
      // The lock file as the person had it: hello-notes at "latest" (the skills undo restored its bytes).
      expect(await rootSh(lab, `cat ${edge.workspace}/.clawhub/lock.json`)).toContain('"version": "latest"')
    })
  })
}
