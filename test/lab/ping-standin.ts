import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from './lab';
import { startLabHost, type LabHost } from './lab-host';

/**
 * A healthchecks.io stand-in for one lab: a lab host (lab-host.ts) owning `address` runs ping-standin-server.mjs over
 * HTTPS with a throw-away CA made here with the host's openssl; the CA goes into the lab's trust store
 * (update-ca-certificates), so the lab's curl trusts it as it trusts the real service. The server logs only a hash of
 * each path, so a ping URL (a secret) never reaches a log; `pings(url)` counts the requests for one URL.
 */
export interface PingStandin {
  readonly host: LabHost;
  readonly address: string;
  /** A fresh ping URL on the stand-in, with CANARY in it for the greps. */
  newUrl(): string;
  /** Requests the stand-in answered so far for `url`'s path. */
  pings(url: string): number;
  stop(): Promise<void>;
}

const SERVER = join(fileURLToPath(new URL('.', import.meta.url)), 'ping-standin-server.mjs');

/** The stand-in's log id of a URL: the first 16 hex of the SHA-256 of its path. */
const pathId = (url: string) => createHash('sha256').update(new URL(url).pathname).digest('hex').slice(0, 16);

/** A throw-away CA and a server certificate for `address` (an IP SAN), in a fresh folder. */
function makeCerts(address: string): { dir: string; ca: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-ping-'));
  const o = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  o(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=OCSS lab ping CA']);
  o(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${address}`]);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=IP:${address}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  o(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf']);
  return { dir, ca: readFileSync(join(dir, 'ca.crt'), 'utf8'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

export async function startPingStandin(lab: Lab, address = '198.51.100.77'): Promise<PingStandin> {
  const certs = makeCerts(address);
  try {
    const trust = await lab.exec(['bash', '-c', 'cat > /usr/local/share/ca-certificates/ocss-lab-ping.crt && update-ca-certificates >/dev/null'], { input: certs.ca });
    if (trust.code !== 0) throw new Error(`installing the ping CA into the lab failed: ${trust.stderr}`);
    const host = await startLabHost(lab, { addresses: [address] });
    let lines: string[];
    try {
      lines = (await host.spawnReady([process.execPath, SERVER, address, '443', certs.cert, certs.key])).lines;
    } catch (e) {
      await host.stop();
      throw e;
    }
    return {
      host,
      address,
      newUrl: () => `https://${address}/ping/${randomUUID()}-CANARY${randomBytes(12).toString('hex')}`,
      pings: (url) => lines.filter((l) => l.endsWith(` ${pathId(url)}`)).length,
      stop: async () => {
        await host.stop();
        rmSync(certs.dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(certs.dir, { recursive: true, force: true });
    throw e;
  }
}
