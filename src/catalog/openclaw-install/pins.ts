/**
 * What "Install OpenClaw" installs, as data. Change a pin here and nowhere else: the service passes these to the
 * apply script as parameters (openclawInstallParams), and the check's evaluator judges the machine against them.
 */
export const OPENCLAW_VERSION = '2026.9.6'
export const NODE_VERSION = '24.21.0'
/** The `engines.node` field of openclaw@2026.9.6's package.json; the installed Node must satisfy it. */
export const OPENCLAW_NODE_ENGINES = '>=24.16.0 <25 || >=26.1.0'

export type NodeArch = 'x64' | 'arm64'
/** SHA-256 of the official tarballs, from https://nodejs.org/dist/v24.21.0/SHASUMS256.txt. */
export const NODE_SHA256: Readonly<Record<NodeArch, string>> = {
  x64: '6e1db87ef58b8819e5d5402eff1536491b18edd8eb7bee5ef7897876e88dc5ff', // node-v24.21.0-linux-x64.tar.gz
  arm64: '724282c3b43aec998aa9527380465b45d229e021b58035f5f4f63095eabfe5d5', // node-v24.21.0-linux-arm64.tar.gz
}

/** Defaults of the step's advanced inputs. NODE_DIST_URL is the folder holding `v24.21.0/`, as on nodejs.org. */
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/'
export const DEFAULT_NODE_DIST_URL = 'https://nodejs.org/dist/'

export function nodeTarball(arch: NodeArch, version = NODE_VERSION): string {
  return `node-v${version}-linux-${arch}.tar.gz`
}

/** Options of openclawInstallParams. */
export interface InstallParamsOptions {
  /**
   * TESTS ONLY: another hash table for the tarball a lab mirror serves (test/lab/mirror.ts `shasums`). This is a seam of
   * this TypeScript function, not a step input or an IPC field: the window and the CLI cannot reach it, so a person's
   * install always checks the official hashes above.
   */
  readonly nodeSha256ForTests?: Partial<Record<NodeArch, string>>
}

/** The job parameters (OCSS_<NAME> on the target) that carry the pins to apply.sh. */
export function openclawInstallParams(opts: InstallParamsOptions = {}): Record<string, string> {
  const sha = { ...NODE_SHA256, ...opts.nodeSha256ForTests }
  for (const [arch, h] of Object.entries(sha)) {
    if (!/^[0-9a-f]{64}$/.test(h)) throw new Error(`The SHA-256 given for ${arch} is not 64 hex digits.`)
  }
  return { OPENCLAW_VERSION, NODE_VERSION, NODE_SHA256_X64: sha.x64, NODE_SHA256_ARM64: sha.arm64 }
}

type Triple = readonly [number, number, number]

function parseVersion(v: string): Triple | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim())
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

/**
 * Whether `version` (x.y.z) satisfies an npm `engines` range made of `||` alternatives of space-separated
 * comparators (`>=`, `>`, `<=`, `<`, `=`; a partial version such as `<25` means 25.0.0). Anything else in the range
 * (carets, tildes, hyphen ranges) is not understood: false, so that a new pin with such a range fails loudly in tests.
 */
export function satisfiesRange(version: string, range: string): boolean {
  const v = parseVersion(version)
  if (!v) return false
  return range.split('||').some((alt) => {
    const parts = alt.trim().split(/\s+/).filter(Boolean)
    if (parts.length === 0) return false
    return parts.every((c) => {
      const m = /^(>=|<=|>|<|=)?(.+)$/.exec(c)
      const bound = m?.[2] ? parseVersion(m[2]) : null
      if (!m || !bound) return false
      const d = compare(v, bound)
      switch (m[1]) {
        case '>=': return d >= 0
        case '>': return d > 0
        case '<=': return d <= 0
        case '<': return d < 0
        default: return d === 0
      }
    })
  })
}
