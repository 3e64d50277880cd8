import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from './lab'
import { startLabHost, type LabHost } from './lab-host'

// A TCP echo server bound to every address the host owns; the lab connects with bash's /dev/tcp (no tools needed).
const SERVER = "const s=require('net').createServer(c=>c.end('hi\\n'));s.listen(7777,'0.0.0.0',()=>console.log('READY'))"
const connect = (lab: Lab, addr: string) =>
  lab.exec(['bash', '-c', `timeout 3 bash -c 'exec 3<>/dev/tcp/${addr}/7777 && head -1 <&3'`])

describe('startLabHost: a host in its own netns that only one lab reaches', () => {
  let lab: Lab
  let a: LabHost
  let b: LabHost
  beforeAll(async () => {
    lab = await startLab()
    a = await startLabHost(lab, { addresses: ['9.9.9.9', '149.112.112.112'] })
    b = await startLabHost(lab, { addresses: ['192.168.77.10'] })
    await a.spawnReady([process.execPath, '-e', SERVER])
    await b.spawnReady([process.execPath, '-e', SERVER])
  }, 120_000)
  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    await lab?.stop()
  })

  it('the lab reaches each address over its own /30, and two hosts get different pairs', async () => {
    for (const addr of ['9.9.9.9', '149.112.112.112', '192.168.77.10']) {
      const r = await connect(lab, addr)
      expect(r.stdout.trim(), `${addr}: ${r.stderr}`).toBe('hi')
    }
    expect(a.gateway).not.toBe(b.gateway)
  })

  it('the host machine itself has no route to those addresses (they exist only for the lab)', async () => {
    const routes = execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' })
    expect(routes).not.toContain('9.9.9.9')
    expect(routes).not.toContain('192.168.77.10')
  })

  it('unroute makes an address unreachable from the lab at once; route brings it back', async () => {
    await b.unroute('192.168.77.10')
    const gone = await connect(lab, '192.168.77.10')
    expect(gone.code).not.toBe(0)
    expect(gone.stdout).toBe('')
    await b.route('192.168.77.10')
    expect((await connect(lab, '192.168.77.10')).stdout.trim()).toBe('hi')
  })

  it('stop kills its processes and removes its netns and the lab end of its pair', async () => {
    const pid = b.spawn(['sleep', '300']).pid!
    await b.stop()
    expect(existsSync(`/run/netns/${b.name}`)).toBe(false)
    expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')).toBe(false)
    expect((await connect(lab, '192.168.77.10')).code).not.toBe(0)
    expect((await connect(lab, '9.9.9.9')).stdout.trim()).toBe('hi')
  })
})
