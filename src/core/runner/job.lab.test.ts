import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labTarget } from '../../../test/helpers/lab-target'
import type { SshTarget } from '../targets/ssh-target'
import { jobLaunch, runChecksViaControl, stageJob } from './job'

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

async function launch(job: Awaited<ReturnType<typeof stageJob>>) {
  return target.exec('exec /bin/bash -c "$OCSS_LAUNCH" ocss-job "$OCSS_DIR" "$OCSS_HASH" "$OCSS_ID"', { asRoot: true, params: { LAUNCH: jobLaunch, DIR: job.dir, HASH: job.manifestHash, ID: job.id } })
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

  it('passes the port of the current SSH connection to the job', async () => {
    const job = await stageJob(target, [{ stepId: 'ufw-firewall', action: 'check' }])
    const env = await lab.exec(['cat', `${job.dir}/job.env`])
    expect(env.stdout).toBe(`SSH_PORT=${Buffer.from(String(lab.port)).toString('base64')}\n`)
  })
})
