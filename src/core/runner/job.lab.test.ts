import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labTarget } from '../../../test/helpers/lab-target'
import type { SshTarget } from '../targets/ssh-target'
import { collectJob, jobLaunch, runChecksViaControl, stageJob } from './job'

let lab: Lab
let target: SshTarget

beforeAll(async () => {
  lab = await startLab()
  target = labTarget(lab)
}, 900_000)
afterAll(async () => {
  await target?.dispose()
  await lab?.stop()
})

async function launch(job: Awaited<ReturnType<typeof stageJob>>, timeoutMs?: number) {
  return target.exec('exec /bin/bash -c "$OCSS_LAUNCH" ocss-job "$OCSS_DIR" "$OCSS_HASH" "$OCSS_ID"', { asRoot: true, params: { LAUNCH: jobLaunch, DIR: job.dir, HASH: job.manifestHash, ID: job.id }, ...(timeoutMs ? { timeoutMs } : {}) })
}

/** A shell command run by the login user `ocss` in the lab (clean login environment), failing the test if it fails. */
async function asUser(script: string, ...args: string[]): Promise<string> {
  const r = await lab.exec(['bash', '-c', script, 'ocss-test', ...args], { user: lab.user })
  if (r.code !== 0) throw new Error(`as ${lab.user}: ${script}: ${r.stderr}`)
  return r.stdout
}

/** Every file under root's job folders (the verified copies) and the results, by name. */
async function rootFiles(): Promise<string[]> {
  const r = await lab.exec(['bash', '-c', 'cd /var/lib/openclaw-secure-setup && find run results -type f 2>/dev/null | sort'])
  return r.stdout.split('\n').filter(Boolean)
}

describe('job launcher on the lab: root never runs what the login user could have changed', () => {
  it('runs an untouched job and hands the results to the user through a root-owned folder', async () => {
    const [record] = await runChecksViaControl(target, ['ufw-firewall'])
    expect(record).toMatchObject({ stepId: 'ufw-firewall', status: 'fail' })
    const owner = await lab.exec(['bash', '-c', 'stat -c "%U %a" /var/lib/openclaw-secure-setup/results/*/ | sort -u'])
    expect(owner.stdout.trim()).toBe('root 750')
  })

  it('refuses a staged script that was modified after staging, and runs nothing', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    await lab.exec(['bash', '-c', `echo 'touch /root/pwned' >> '${job.dir}/0.sh'`], { user: lab.user })
    const r = await launch(job)
    expect(r.exitCode).toBe(91)
    expect(r.stderr).toMatch(/changed after the app staged them; nothing was run/)
    expect((await lab.exec(['test', '-e', '/root/pwned'])).code).not.toBe(0)
  })

  it('refuses a staged file replaced by a symlink', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    await lab.exec(['bash', '-c', `cp '${job.dir}/0.sh' /tmp/copy.sh && ln -sf /tmp/copy.sh '${job.dir}/0.sh'`], { user: lab.user })
    const r = await launch(job)
    expect(r.exitCode).toBe(91)
    expect(r.stderr).toMatch(/0\.sh is not a regular file/)
  })

  it('copies only what the verified manifest names: extra files the user puts in the staged folder never reach root', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    await asUser('cd "$1" && echo 0 >x.rc && echo forged >x.out && echo 0 >7.rc && echo forged >7.out && echo "touch /root/pwned" >7.sh', job.dir)
    const r = await launch(job)
    expect(r.exitCode).toBe(0)
    expect((await rootFiles()).filter((f) => f.startsWith(`results/${job.id}/`))).toEqual([`results/${job.id}/0.out`, `results/${job.id}/0.rc`])
    expect((await lab.exec(['test', '-e', '/root/pwned'])).code).not.toBe(0)
  })

  it('reads the manifest once: a user feeding it through a FIFO and swapping the real one back cannot add files', async () => {
    // Against a launcher that loops over the user's manifest and only then copies and checks it, this deterministically
    // gets x.rc and x.out into root's folder and from there into the results.
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    await asUser('cd "$1" && echo 0 >x.rc && echo forged >x.out && mv manifest manifest.real && mkfifo manifest', job.dir)
    const writer = lab.exec(
      ['bash', '-c', 'cd "$1" && echo $$ >writer.pid && exec 3>manifest && cat manifest.real >&3 && printf "%064d  x.rc\\n%064d  x.out\\n" 0 0 >&3 && mv -f manifest.real manifest', 'ocss-test', job.dir],
      { user: lab.user, timeoutMs: 60_000 },
    )
    const r = await launch(job, 30_000)
    // The writer still waits when root never opened the FIFO for reading in a blocking way: end it.
    await lab.exec(['bash', '-c', 'kill "$(cat "$1/writer.pid")" 2>/dev/null; true', 'ocss-test', job.dir], { user: lab.user })
    await writer
    expect((await rootFiles()).filter((f) => /\/x\.(rc|out)$/.test(f))).toEqual([])
    expect(r.exitCode).toBe(91)
    // Which of the two depends on how far the writer got when root read the FIFO; the run is refused either way.
    expect(r.stderr).toMatch(/job launcher: (manifest is not a regular file|the manifest does not match the one the app made)/)
  })

  // Each case replaces one staged file as the login user; root must refuse it at once, neither waiting on a FIFO nor
  // reading /dev/zero without end, and run nothing.
  const specials: { file: string; how: string; make: string }[] = [
    { file: 'manifest', how: 'a symlink to a FIFO', make: 'rm -f ~/fifo && mkfifo ~/fifo && ln -sfn ~/fifo "$1/manifest"' },
    { file: 'manifest', how: 'a symlink to /dev/zero', make: 'ln -sfn /dev/zero "$1/manifest"' },
    { file: 'manifest', how: 'a FIFO', make: 'rm -f "$1/manifest" && mkfifo "$1/manifest"' },
    { file: '0.sh', how: 'a symlink to a FIFO', make: 'rm -f ~/fifo && mkfifo ~/fifo && ln -sfn ~/fifo "$1/0.sh"' },
    { file: '0.sh', how: 'a symlink to /dev/zero', make: 'ln -sfn /dev/zero "$1/0.sh"' },
    { file: '0.sh', how: 'a FIFO', make: 'rm -f "$1/0.sh" && mkfifo "$1/0.sh"' },
    { file: '0.sh', how: 'an 8 MiB file', make: 'head -c 8388608 /dev/zero >"$1/0.sh"' },
  ]
  for (const c of specials) {
    it(`refuses a staged ${c.file} replaced by ${c.how}, promptly, and runs nothing`, async () => {
      const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
      await asUser(c.make, job.dir)
      const started = Date.now()
      const r = await launch(job, 30_000)
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(r.exitCode).toBe(91)
      expect(r.stderr).toMatch(new RegExp(`job launcher: ${c.file.replace('.', '\\.')} is (not a regular file|larger than 131072 bytes)`))
      expect(r.stderr).toMatch(/nothing was run/)
      // Nothing left behind in root's folders, no results.
      expect(await rootFiles()).not.toContainEqual(expect.stringContaining(job.id))
      expect((await lab.exec(['bash', '-c', 'ls -A /var/lib/openclaw-secure-setup/run'])).stdout).toBe('')
    })
  }

  it('a user racing to swap a staged script for a symlink to a FIFO never makes root hang', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    await asUser('cd "$1" && cp 0.sh good && rm -f ~/fifo && mkfifo ~/fifo', job.dir)
    const racer = lab.exec(
      ['bash', '-c', 'cd "$1" && while [ ! -e stop ]; do ln -sfn ~/fifo l.tmp && mv -fT l.tmp 0.sh; cp good g.tmp && mv -fT g.tmp 0.sh; done', 'ocss-test', job.dir],
      { user: lab.user, timeoutMs: 110_000 },
    )
    const codes: number[] = []
    try {
      for (let i = 0; i < 10; i++) {
        const started = Date.now()
        const r = await launch(job, 30_000)
        expect(Date.now() - started).toBeLessThan(15_000)
        codes.push(r.exitCode)
      }
    } finally {
      await asUser('touch "$1/stop"', job.dir)
      await racer
    }
    for (const code of codes) expect([0, 91]).toContain(code)
  })

  it('collects from the root-owned results even when ~/.bashrc exports OCSS_RESULTS_BASE to forged ones', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    expect((await launch(job)).exitCode).toBe(0)
    // Forged results in a folder the user owns, and the export at the top of ~/.bashrc (before Debian's
    // "not interactive: return"), so that bash sources it for the command sshd runs.
    await asUser(
      'mkdir -p ~/forged/"$1" && echo 0 >~/forged/"$1"/0.rc && printf "### ufw-status\\nStatus: active\\n" >~/forged/"$1"/0.out && ' +
        'cp ~/.bashrc ~/.bashrc.orig && { echo "export OCSS_RESULTS_BASE=$HOME/forged OCSS_BASHRC_SOURCED=yes"; cat ~/.bashrc.orig; } >~/.bashrc',
      job.id,
    )
    const fresh = labTarget(lab)
    try {
      // The new connection's bash did source ~/.bashrc: the forged base is in the environment collect.sh runs in.
      expect((await fresh.exec('printf %s "$OCSS_BASHRC_SOURCED:$OCSS_RESULTS_BASE"')).stdout).toMatch(/^yes:\/.*\/forged$/)
      const [result] = await collectJob(fresh, job)
      expect(result?.exitCode).toBe(0)
      expect(result?.output).toContain('Status: inactive')
      expect(result?.output).not.toContain('Status: active')
    } finally {
      await fresh.dispose()
      await asUser('mv -f ~/.bashrc.orig ~/.bashrc && rm -rf ~/forged')
    }
  })

  it('passes the port of the current SSH connection to the job', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    const env = await lab.exec(['cat', `${job.dir}/job.env`])
    expect(env.stdout).toBe(`SSH_PORT=${Buffer.from(String(lab.port)).toString('base64')}\n`)
  })
})
