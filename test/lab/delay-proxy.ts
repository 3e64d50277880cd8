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

/** Pauses the source while this many bytes wait, in the delay line and in the destination's write buffer together. */
const HIGH_WATER = 1 << 20;

/**
 * Delivers `from`'s data to `to` delayMs later, in order; ends `to` after the last delayed chunk.
 *
 * One FIFO queue and at most one timer per direction, on the monotonic clock. (It used to arm one setTimeout per chunk
 * with a duration worked out from Date.now(): Node fires timers of different durations by their expiry on its own loop
 * clock, so when the wall clock ticked between the two Date.now() reads of one chunk, or stepped, that chunk got a
 * shorter timer than the one before it and overtook it: the bytes came out reordered.) The source is paused while the
 * queue plus what `to` has not yet flushed exceeds HIGH_WATER, so a slow reader holds the sender back instead of the
 * proxy buffering without bound.
 */
function delayLine(from: Socket, to: Socket, delayMs: number, timers: Set<NodeJS.Timeout>): void {
  const queue: { readonly due: number; readonly chunk: Buffer | null }[] = []; // null: the end of the stream
  let queued = 0;
  let timer: NodeJS.Timeout | null = null;
  const flowControl = () => {
    const full = queued + to.writableLength > HIGH_WATER;
    if (full && !from.isPaused()) from.pause();
    else if (!full && from.isPaused() && !to.destroyed) from.resume();
  };
  const deliver = () => {
    if (timer) timers.delete(timer);
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && (queue[0]?.due ?? Infinity) <= now) {
      const { chunk } = queue.shift() ?? { chunk: null };
      if (chunk) queued -= chunk.length;
      if (to.destroyed) continue;
      if (chunk) to.write(chunk);
      else to.end();
    }
    arm();
    flowControl();
  };
  const arm = () => {
    const head = queue[0];
    if (timer || !head) return;
    timer = setTimeout(deliver, Math.max(0, Math.ceil(head.due - performance.now())));
    timers.add(timer);
  };
  const enqueue = (chunk: Buffer | null) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    if (chunk) queued += chunk.length;
    arm();
    flowControl();
  };
  from.on('data', (chunk: Buffer) => enqueue(chunk));
  from.on('end', () => enqueue(null));
  to.on('drain', flowControl);
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
