/**
 * A small delaying TCP proxy for the lab (this kernel has no netem): listens on `listenHost` (127.0.0.1, or the host
 * side of a lab's veth), forwards every connection to `target`, and delivers each chunk `delayMs` later in each
 * direction, in order. A round trip through it therefore costs at least 2 × delayMs more.
 *
 * Node 20, builtins only, no root needed.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface DelayProxyOptions {
  /** where to forward to */
  readonly target: { readonly host: string; readonly port: number };
  /** one-way latency added to every chunk, in ms */
  readonly delayMs: number;
  /** default 127.0.0.1 */
  readonly listenHost?: string;
  /** default 0 = ephemeral */
  readonly listenPort?: number;
}

export interface DelayProxy {
  readonly host: string;
  readonly port: number;
  /** connections accepted so far */
  readonly connections: number;
  /** stops listening, destroys every open connection, clears pending timers */
  close(): Promise<void>;
}

/** Pauses the source when this many bytes wait in the delay line, resumes when they are written. */
const HIGH_WATER = 1 << 20;

/** Delivers `from`'s data to `to` delayMs later, in order; ends `to` after the last delayed chunk. */
function delayLine(from: Socket, to: Socket, delayMs: number, timers: Set<NodeJS.Timeout>): void {
  let queued = 0;
  let lastDue = 0;
  const later = (fn: () => void) => {
    // Due times never decrease, so timers fire in order even if the clock is coarse.
    const due = Math.max(Date.now() + delayMs, lastDue);
    lastDue = due;
    const t = setTimeout(() => { timers.delete(t); fn(); }, due - Date.now());
    timers.add(t);
  };
  from.on('data', (chunk: Buffer) => {
    queued += chunk.length;
    if (queued > HIGH_WATER) from.pause();
    later(() => {
      queued -= chunk.length;
      if (!to.destroyed) to.write(chunk);
      if (queued <= HIGH_WATER && from.isPaused()) from.resume();
    });
  });
  from.on('end', () => later(() => { if (!to.destroyed) to.end(); }));
}

export function startDelayProxy(opts: DelayProxyOptions): Promise<DelayProxy> {
  if (!Number.isFinite(opts.delayMs) || opts.delayMs < 0) return Promise.reject(new Error(`delayMs must be ≥ 0 (got ${opts.delayMs})`));
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    connections++;
    const upstream = connect({ host: opts.target.host, port: opts.target.port, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
    }
    const kill = () => { client.destroy(); upstream.destroy(); };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => { if (!upstream.destroyed && upstream.writableEnded && upstream.readableEnded) upstream.destroy(); });
    delayLine(client, upstream, opts.delayMs, timers);
    delayLine(upstream, client, opts.delayMs, timers);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort ?? 0, opts.listenHost ?? '127.0.0.1', () => {
      const addr = server.address();
      if (!addr || typeof addr === 'string') { reject(new Error('no address')); return; }
      resolve({
        host: addr.address,
        port: addr.port,
        get connections() { return connections; },
        close: () => new Promise<void>((done) => {
          for (const t of timers) clearTimeout(t);
          timers.clear();
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
