#!/usr/bin/env node
// Draws the app icon (a shield with three claw marks) and writes it, byte for byte the same on every run:
//   resources/icon.png  512x512, the window icon at run time (imported in src/main with ?asset)
//   build/icon.png      512x512, electron-builder's Linux icon
//   build/icon.ico      16, 32, 48 and 256 px PNG entries, the Windows executable and installer icon
// No dependencies: the shapes are rasterised here (4x4 supersampling) and the PNGs are encoded with node:zlib.
// Usage: node build/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { deflateSync } from 'node:zlib'

const ROOT = join(import.meta.dirname, '..')
const NAVY = [24, 46, 82]
const BORDER = [236, 242, 250]
const CLAW = [255, 122, 48]

/** Half-width of the shield at height v (0 top, 1 bottom) in units of the icon size, or -1 outside. */
function shieldHalfWidth(v, inset) {
  const top = 0.07 + inset
  const bottom = 0.95 - inset * 1.6
  if (v < top || v > bottom) return -1
  const w = 0.4 - inset
  const shoulder = 0.5
  if (v <= shoulder) {
    // A gently dipped top edge with rounded corners.
    const corner = 0.06
    const d = v - top
    return d < corner ? w - corner + Math.sqrt(Math.max(0, corner * corner - (corner - d) ** 2)) : w
  }
  const t = (v - shoulder) / (bottom - shoulder)
  // Curving in to a point at the bottom.
  return w * (1 - t ** 1.7)
}

function insideShield(u, v, inset) {
  const hw = shieldHalfWidth(v, inset)
  return hw >= 0 && Math.abs(u - 0.5) <= hw
}

/** Three curved claw strokes, each a quadratic Bézier sampled into a polyline, tapering at both ends. */
const CLAWS = [-0.11, 0.02, 0.15].map((dx) => {
  const p0 = [0.4 + dx, 0.27]
  const c = [0.5 + dx + 0.05, 0.47]
  const p1 = [0.45 + dx, 0.72]
  const pts = []
  for (let i = 0; i <= 24; i++) {
    const t = i / 24
    const a = (1 - t) ** 2
    const b = 2 * (1 - t) * t
    const d = t * t
    pts.push([a * p0[0] + b * c[0] + d * p1[0], a * p0[1] + b * c[1] + d * p1[1], t])
  }
  return pts
})

function onClaw(u, v) {
  for (const pts of CLAWS) {
    for (let i = 0; i < pts.length - 1; i++) {
      const [ax, ay, at] = pts[i]
      const [bx, by, bt] = pts[i + 1]
      const ex = bx - ax
      const ey = by - ay
      const k = Math.max(0, Math.min(1, ((u - ax) * ex + (v - ay) * ey) / (ex * ex + ey * ey)))
      const t = at + (bt - at) * k
      const width = 0.034 * Math.sin(Math.PI * Math.min(1, 0.08 + t * 0.92)) + 0.004
      if ((u - ax - ex * k) ** 2 + (v - ay - ey * k) ** 2 <= width * width) return true
    }
  }
  return false
}

/** RGBA pixels of the icon at `size` px. */
function render(size) {
  const px = Buffer.alloc(size * size * 4)
  const n = 4
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const u = (x + (sx + 0.5) / n) / size
          const v = (y + (sy + 0.5) / n) / size
          let color = null
          if (insideShield(u, v, 0.028)) color = onClaw(u, v) ? CLAW : NAVY
          else if (insideShield(u, v, 0)) color = BORDER
          if (color) {
            r += color[0]
            g += color[1]
            b += color[2]
            a += 1
          }
        }
      }
      const i = (y * size + x) * 4
      if (a > 0) {
        px[i] = Math.round(r / a)
        px[i + 1] = Math.round(g / a)
        px[i + 2] = Math.round(b / a)
        px[i + 3] = Math.round((255 * a) / (n * n))
      }
    }
  }
  return px
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** An 8-bit RGBA PNG, no ancillary chunks (so no timestamps: the bytes depend on the pixels only). */
function png(size) {
  const px = render(size)
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/** An ICO whose entries are PNG images (supported since Windows Vista; electron-builder accepts it). */
function ico(sizes) {
  const images = sizes.map((s) => png(s))
  const header = Buffer.alloc(6 + 16 * sizes.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(sizes.length, 4)
  let offset = header.length
  sizes.forEach((s, i) => {
    const e = 6 + 16 * i
    header[e] = s >= 256 ? 0 : s
    header[e + 1] = s >= 256 ? 0 : s
    header.writeUInt16LE(1, e + 4)
    header.writeUInt16LE(32, e + 6)
    header.writeUInt32LE(images[i].length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += images[i].length
  })
  return Buffer.concat([header, ...images])
}

function write(rel, data) {
  const file = join(ROOT, rel)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, data)
  console.log(`${rel}  ${data.length} bytes`)
}

const icon512 = png(512)
write('resources/icon.png', icon512)
write('build/icon.png', icon512)
write('build/icon.ico', ico([16, 32, 48, 256]))
