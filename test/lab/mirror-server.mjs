// mirror-server.mjs: the lab mirror's servers in one Node process (Node 20, ESM). Started by mirror.ts inside the
// mirror's network namespace, and by build-mirror.sh while it fills the storage.
//
//   node mirror-server.mjs <settings.json>
//
// settings.json: {
//   "verdaccioConfig": "/abs/config.yaml",   the npm registry (verdaccio, the project's devDependency)
//   "host": "10.232.7.1",                     address both servers listen on
//   "registryPort": 4873,
//   "distDir": "/abs/dist",                   optional: serve this folder over HTTP (the Node "dist" tree)
//   "distPort": 8080,
//   "faultsFile": "/abs/faults.json"          optional: read on every dist request (see mirror.ts setFaults)
// }
// Prints "READY" on stdout once both listen. The dist server answers GET/HEAD for regular files under distDir only.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'));
const { runServer } = require('verdaccio');

function readFaults() {
  if (!settings.faultsFile) return {};
  try { return JSON.parse(readFileSync(settings.faultsFile, 'utf8')); } catch { return {}; }
}

/** the body a fault asks for, or undefined for the file as it is */
function faultyBody(name, faults) {
  if (name.endsWith('.tar.gz') && faults.tarball === 'corrupt') {
    const b = readFileSync(join(settings.distDir, name));
    b[Math.floor(b.length / 2)] ^= 0xff; // same length, different bytes: only a hash check notices
    return b;
  }
  if (name.endsWith('.tar.gz') && faults.tarball === 'truncated') {
    const b = readFileSync(join(settings.distDir, name));
    return b.subarray(0, Math.floor(b.length / 2));
  }
  if (name.endsWith('SHASUMS256.txt') && faults.shasums === 'wrong') {
    const text = readFileSync(join(settings.distDir, name), 'utf8');
    return Buffer.from(text.replace(/^([0-9a-f]{64})/gm, (h) => [...h].map((c) => ((parseInt(c, 16) + 1) % 16).toString(16)).join('')));
  }
  return undefined;
}

/** writes body (Buffer or file stream) at most bytesPerSecond, in 1/10 s slices */
function send(res, source, length, bytesPerSecond) {
  if (!bytesPerSecond) {
    if (Buffer.isBuffer(source)) res.end(source); else source.pipe(res);
    return;
  }
  const slice = Math.max(1, Math.floor(bytesPerSecond / 10));
  const chunks = Buffer.isBuffer(source) ? [source] : [];
  let ended = !Buffer.isBuffer(source) ? false : true;
  if (!Buffer.isBuffer(source)) {
    source.on('data', (c) => chunks.push(c));
    source.on('end', () => { ended = true; });
    source.on('error', () => res.destroy());
  }
  let sent = 0;
  const tick = () => {
    if (res.destroyed) return;
    let budget = slice;
    while (budget > 0 && chunks.length > 0) {
      const c = chunks[0];
      const part = c.subarray(0, budget);
      if (part.length === c.length) chunks.shift(); else chunks[0] = c.subarray(budget);
      res.write(part);
      budget -= part.length;
      sent += part.length;
    }
    if (ended && chunks.length === 0 && sent >= length) { res.end(); return; }
    setTimeout(tick, 100);
  };
  tick();
}

function startDist() {
  const root = resolve(settings.distDir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mirror');
    let rel;
    try { rel = decodeURIComponent(url.pathname).replace(/^\/+/, '').replace(/^dist\//, ''); } catch { rel = '\0'; }
    const file = resolve(root, rel);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !file.startsWith(root + sep) || rel.includes('\0')) {
      res.writeHead(404).end('not found\n');
      return;
    }
    let st;
    try { st = statSync(file); } catch { st = undefined; }
    if (!st?.isFile()) { res.writeHead(404).end('not found\n'); return; }
    const faults = readFaults();
    const body = faultyBody(rel, faults);
    const length = body ? body.length : st.size;
    const type = rel.endsWith('.txt') ? 'text/plain; charset=utf-8' : rel.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': String(length) });
    if (req.method === 'HEAD') { res.end(); return; }
    send(res, body ?? createReadStream(file), length, Number(faults.bytesPerSecond) || 0);
  });
  return new Promise((ok, fail) => { server.once('error', fail); server.listen(settings.distPort, settings.host, () => ok(server)); });
}

async function startRegistry() {
  const app = await runServer(settings.verdaccioConfig);
  return new Promise((ok, fail) => { app.once('error', fail); app.listen(settings.registryPort, settings.host, () => ok(app)); });
}

try {
  await startRegistry();
  if (settings.distDir) await startDist();
  process.stdout.write('READY\n');
} catch (e) {
  process.stderr.write(`mirror-server: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
}
