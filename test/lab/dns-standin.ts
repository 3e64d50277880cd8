import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startLabHost, type LabHost } from './lab-host';

/**
 * The chosen name servers for one lab: a lab host owning their addresses (lab-host.ts) running dns-standin-server.mjs,
 * which answers `name` with the A record `record` and counts the queries. `stopServer()` takes the resolver down (the
 * addresses stay routed: a query gets "port unreachable"), `startServer()` brings it back.
 */
export interface DnsStandin {
  readonly host: LabHost;
  readonly name: string;
  readonly record: string;
  /** queries answered so far (since the first start), by the server address that got them */
  queries(): { server: string; name: string }[];
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  stop(): Promise<void>;
}

const SERVER = join(fileURLToPath(new URL('.', import.meta.url)), 'dns-standin-server.mjs');

export async function startDnsStandin(lab: { readonly name: string }, addresses: readonly string[], name = 'example.com', record = '192.0.2.80'): Promise<DnsStandin> {
  const host = await startLabHost(lab, { addresses });
  const seen: { server: string; name: string }[] = [];
  let child: ChildProcess | undefined;
  const startServer = async (): Promise<void> => {
    const r = await host.spawnReady([process.execPath, SERVER, name, record, ...addresses]);
    child = r.child;
    let buf = '';
    child.stdout!.on('data', (b: Buffer) => {
      buf += b.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const l of parts) { try { const q = JSON.parse(l) as { server: string; name: string }; seen.push({ server: q.server, name: q.name }); } catch { /* not a query line */ } }
    });
  };
  const stopServer = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((r) => { c.once('exit', () => r()); c.kill('SIGKILL'); });
  };
  try {
    await startServer();
  } catch (e) {
    await host.stop();
    throw e;
  }
  return { host, name, record, queries: () => [...seen], startServer, stopServer, stop: async () => { await stopServer(); await host.stop(); } };
}
