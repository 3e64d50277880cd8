import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDelayProxy, type DelayProxy } from './delay-proxy';

/** A real TCP echo server on 127.0.0.1 (no lab needed). */
function echoServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((s) => s.pipe(s));
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, port: typeof a === 'object' && a ? a.port : 0 });
    });
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends `payload` and resolves with the ms until all of it came back. */
function roundTrip(s: Socket, payload: Buffer): Promise<{ ms: number; data: Buffer }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let got = 0;
    const t0 = performance.now();
    const onData = (b: Buffer) => {
      parts.push(b);
      got += b.length;
      if (got >= payload.length) {
        s.off('data', onData);
        resolve({ ms: performance.now() - t0, data: Buffer.concat(parts) });
      }
    };
    s.on('data', onData);
    s.write(payload);
  });
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function median(s: Socket, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await roundTrip(s, Buffer.from(`ping ${i}\n`))).ms);
  return times.sort((a, b) => a - b)[Math.floor(n / 2)] ?? 0;
}

describe('delay proxy (real TCP on 127.0.0.1)', () => {
  it('adds the one-way delay in both directions: a round trip costs ≥ 2 × delay more than direct', async () => {
    const echo = await echoServer();
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    const proxy: DelayProxy = await startDelayProxy({ target: { host: '127.0.0.1', port: echo.port }, delayMs: 50 });
    cleanup.push(() => proxy.close());
    expect(proxy.port).toBeGreaterThan(0);
    expect(proxy.host).toBe('127.0.0.1');

    const direct = await open(echo.port);
    const viaProxy = await open(proxy.port);
    cleanup.push(() => { direct.destroy(); viaProxy.destroy(); });
    const d = await median(direct, 7);
    const p = await median(viaProxy, 7);
    expect(d).toBeLessThan(20);
    expect(p).toBeGreaterThanOrEqual(100);
    expect(p).toBeLessThan(100 + 100); // not wildly more than the 2 × 50 ms added
    expect(proxy.connections).toBe(1);
  });

  it('keeps bytes intact and in order for a large transfer, with delay 0 too', async () => {
    const echo = await echoServer();
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    for (const delayMs of [0, 5]) {
      const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: echo.port }, delayMs });
      cleanup.push(() => proxy.close());
      const s = await open(proxy.port);
      cleanup.push(() => { s.destroy() });
      const payload = randomBytes(3 * 1024 * 1024);
      const { data } = await roundTrip(s, payload);
      expect(data.equals(payload)).toBe(true);
    }
  });

  it('keeps many small writes in order while the clock ticks between its reads (Date.now and performance.now faked)', async () => {
    // The cause of the reordering seen in CI: one setTimeout per chunk with a duration from two Date.now() reads. When
    // the clock ticked between them, a chunk got a 1 ms shorter timer than the chunk before it and Node fired it first.
    // Here both clocks run 1 ms ahead every third read, so such a tick falls inside the proxy's bookkeeping every time.
    const echo = await echoServer();
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    for (const delayMs of [0, 5]) {
      const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: echo.port }, delayMs });
      cleanup.push(() => proxy.close());
      const s = await open(proxy.port);
      cleanup.push(() => { s.destroy() });
      const n = 300;
      const expected = Array.from({ length: n }, (_, i) => `<${i}>`).join('');
      let got = '';
      const done = new Promise<void>((resolve) => s.on('data', (b: Buffer) => { got += b.toString(); if (got.length >= expected.length) resolve(); }));
      const realDate = Date.now.bind(Date);
      const realPerf = performance.now.bind(performance);
      let reads = 0;
      vi.spyOn(Date, 'now').mockImplementation(() => realDate() + Math.floor(reads++ / 3));
      vi.spyOn(performance, 'now').mockImplementation(() => realPerf() + Math.floor(reads++ / 3));
      try {
        for (let i = 0; i < n; i++) {
          s.write(`<${i}>`);
          await new Promise((r) => setImmediate(r));
        }
        await done;
      } finally {
        vi.restoreAllMocks();
      }
      expect(got).toBe(expected);
    }
  });

  it('a reader that does not read holds the sender back (backpressure), then gets every byte in order', async () => {
    // The server does not read at first: the proxy must stop reading from the client once about a megabyte waits,
    // instead of taking all 64 MB into its own memory; the client then still holds most of it in its write buffer.
    let accepted: (s: Socket) => void = () => undefined;
    const serverSide = new Promise<Socket>((r) => (accepted = r));
    const server = createServer((s) => { s.pause(); accepted(s); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const addr = server.address();
    const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: typeof addr === 'object' && addr ? addr.port : 0 }, delayMs: 0 });
    cleanup.push(() => proxy.close());
    const s = await open(proxy.port);
    cleanup.push(() => { s.destroy() });
    const total = 64 * 1024 * 1024;
    const payload = randomBytes(total);
    for (let o = 0; o < total; o += 64 * 1024) s.write(payload.subarray(o, o + 64 * 1024));
    const upstream = await serverSide;
    cleanup.push(() => { upstream.destroy() });
    // Wait until the proxy has stopped taking data (the same figure three polls in a row), at most 5 s.
    const taken = () => total - s.writableLength;
    let last = -1;
    for (let same = 0, i = 0; same < 3 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      same = taken() === last ? same + 1 : 0;
      last = taken();
    }
    expect(taken()).toBeGreaterThan(1024 * 1024);
    expect(taken()).toBeLessThan(16 * 1024 * 1024);
    // Once the server reads, everything arrives, intact and in order.
    const parts: Buffer[] = [];
    let got = 0;
    await new Promise<void>((resolve) => {
      upstream.on('data', (b: Buffer) => { parts.push(b); got += b.length; if (got >= total) resolve(); });
      upstream.resume();
    });
    expect(Buffer.concat(parts).equals(payload)).toBe(true);
  });

  it('passes a half-close through (the server sees end, answers, then closes)', async () => {
    const server = createServer({ allowHalfOpen: true }, (s) => {
      let n = 0;
      s.on('data', (b: Buffer) => (n += b.length));
      s.on('end', () => s.end(`got ${n}`));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const addr = server.address();
    const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: typeof addr === 'object' && addr ? addr.port : 0 }, delayMs: 10 });
    cleanup.push(() => proxy.close());
    const s = await open(proxy.port);
    const reply = new Promise<string>((resolve) => {
      let text = '';
      s.on('data', (b: Buffer) => (text += b.toString()));
      s.on('end', () => resolve(text));
    });
    s.end('hello');
    expect(await reply).toBe('got 5');
  });

  it('close() stops listening and drops open connections', async () => {
    const echo = await echoServer();
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: echo.port }, delayMs: 1 });
    const s = await open(proxy.port);
    const closed = new Promise<void>((r) => s.on('close', () => r()));
    s.on('error', () => undefined);
    await proxy.close();
    await closed;
    await expect(open(proxy.port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses a negative delay', async () => {
    await expect(startDelayProxy({ target: { host: '127.0.0.1', port: 1 }, delayMs: -1 })).rejects.toThrow(/delayMs/);
  });
});
