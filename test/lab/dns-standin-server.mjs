// A tiny DNS responder for the lab (Node builtins only): UDP port 53 on each address given, answering one name with a
// fixed A record (TTL 60) and every other name with NXDOMAIN. One JSON line per query on stdout
// ({"q":N,"server":ADDR,"name":NAME,"type":T}), READY once every socket is bound.
// Usage: node dns-standin-server.mjs NAME A-RECORD ADDRESS...
import dgram from 'node:dgram';

const [name, record, ...addresses] = process.argv.slice(2);
if (!name || !/^\d+\.\d+\.\d+\.\d+$/.test(record ?? '') || addresses.length === 0) {
  console.error('usage: dns-standin-server.mjs NAME A-RECORD ADDRESS...');
  process.exit(2);
}
let count = 0;

/** the question's name (lower case), type and where the question ends, or null for a malformed one */
function question(msg) {
  let i = 12;
  const labels = [];
  while (i < msg.length) {
    const len = msg[i];
    if (len === 0) { i += 1; break; }
    if (len > 63 || i + 1 + len > msg.length) return null;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  if (i + 4 > msg.length) return null;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(i), end: i + 4 };
}

function answer(msg) {
  if (msg.length < 17 || msg.readUInt16BE(4) !== 1) return null;
  const q = question(msg);
  if (!q) return null;
  const hit = q.name === name.toLowerCase() && q.type === 1;
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2); // id
  const rd = msg[2] & 0x01;
  header[2] = 0x84 | rd; // QR, AA, RD as asked
  header[3] = 0x80 | (hit || q.name === name.toLowerCase() ? 0 : 3); // RA; NXDOMAIN unless the name is ours
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(hit ? 1 : 0, 6);
  const parts = [header, msg.subarray(12, q.end)];
  if (hit) {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(1, 2); // A
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(4, 10);
    record.split('.').forEach((o, k) => { rr[12 + k] = Number(o); });
    parts.push(rr);
  }
  return { reply: Buffer.concat(parts), q };
}

let bound = 0;
for (const address of addresses) {
  const sock = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const a = answer(msg);
    if (!a) return;
    count += 1;
    process.stdout.write(`${JSON.stringify({ q: count, server: address, name: a.q.name, type: a.q.type })}\n`);
    sock.send(a.reply, rinfo.port, rinfo.address);
  });
  sock.on('error', (e) => { console.error(`dns stand-in: ${address}: ${e.message}`); process.exit(1); });
  sock.bind(53, address, () => { bound += 1; if (bound === addresses.length) process.stdout.write('READY\n'); });
}
