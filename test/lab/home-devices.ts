import type { ChildProcess } from 'node:child_process';
import { startLabHost, type LabHost } from './lab-host';

/**
 * The home network of the router-isolation probe: one namespace host (lab-host.ts) owning the addresses of a few home
 * devices (the main router, the NAS), reached from one lab. A device "answers" when a TCP listener runs on its address
 * (`answer`), or with a reset on every other port (the host's kernel refuses connections to an address it owns); it is
 * unreachable when the lab has no route to it (`host.unroute`) or when it drops everything (`drop`: an nft rule in the
 * host's own netns, so SYNs and pings vanish and the probe's tries time out).
 */
export interface HomeDevices {
  readonly host: LabHost;
  /** starts a TCP listener on address:port for each port (accepts, then closes); stopped by `quiet` or `stop` */
  answer(address: string, ports: readonly number[]): Promise<void>;
  /** stops every listener */
  quiet(): void;
  /** the device drops every packet sent to it (nft, inside the host's netns) */
  drop(address: string): Promise<void>;
  /** removes every drop rule */
  undrop(): Promise<void>;
  stop(): Promise<void>;
}

const listener = (address: string, ports: readonly number[]) =>
  `const net=require('net');let n=0;for(const p of ${JSON.stringify(ports)}){net.createServer(c=>c.end()).listen(p,${JSON.stringify(address)},()=>{if(++n===${ports.length})console.log('READY')})}`;

export async function startHomeDevices(lab: { readonly name: string }, addresses: readonly string[]): Promise<HomeDevices> {
  const host = await startLabHost(lab, { addresses });
  const listeners = new Set<ChildProcess>();
  let table = false;
  return {
    host,
    answer: async (address, ports) => {
      const { child } = await host.spawnReady([process.execPath, '-e', listener(address, ports)]);
      listeners.add(child);
    },
    quiet: () => {
      for (const c of listeners) c.kill('SIGKILL');
      listeners.clear();
    },
    drop: async (address) => {
      if (!table) {
        await host.run('nft', ['add', 'table', 'inet', 'ocss_home']);
        await host.run('nft', ['add', 'chain', 'inet', 'ocss_home', 'input', '{ type filter hook input priority 0; policy accept; }']);
        table = true;
      }
      await host.run('nft', ['add', 'rule', 'inet', 'ocss_home', 'input', 'ip', 'daddr', address, 'drop']);
    },
    undrop: async () => {
      if (table) await host.run('nft', ['delete', 'table', 'inet', 'ocss_home']);
      table = false;
    },
    stop: async () => {
      for (const c of listeners) c.kill('SIGKILL');
      listeners.clear();
      await host.stop();
    },
  };
}
