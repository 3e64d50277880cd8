import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { NODE_SHA256, NODE_VERSION, OPENCLAW_NODE_ENGINES, OPENCLAW_VERSION, satisfiesRange, type NodeArch } from './pins'

/**
 * Judges what check.sh read (as root, files only) against the pins. The Node version comes from the tarball's own
 * include/node/node_version.h and the folder name apply gave it: root can read both without running the account's
 * node, which the account could have replaced with anything (root must never execute it). Like every file in that
 * home they are the account's, so the verdict says what the files claim; the hash was checked before extraction.
 */
export function evaluateOpenClawInstall(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const first = (name: string) => s.get(name)?.[0]?.trim()
  const account = first('account')
  if (account === undefined) return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  if (account.startsWith('absent')) {
    const user = account.slice(7)
    return { status: 'fail', summary: `Not installed: there is no OpenClaw account "${user}" yet. Apply "The OpenClaw account" first.`, evidence: [`account: ${account}`] }
  }
  const [user = '?', home = '?'] = account.split('\t')
  const arch = first('arch') ?? '?'
  const current = first('node-current') ?? 'absent'
  const versionH = first('node-version-h') ?? 'absent'
  const bin = first('node-bin') ?? 'absent'
  const oc = first('openclaw-version') ?? 'absent'
  const engines = first('openclaw-engines') ?? ''
  const ocBin = first('openclaw-bin') ?? 'absent'
  const prefixPkg = `${home}/.local/lib/node_modules/openclaw/openclaw.mjs`
  const evidence = [
    `account: ${user} (home ${home})`,
    `node: ~/.local/share/openclaw-secure-setup/node/current -> ${current}; node_version.h says ${versionH}; bin/node: ${bin}`,
    `openclaw: package.json version ${oc}${engines ? `, engines.node "${engines}"` : ''}; ~/.local/bin/openclaw -> ${ocBin}`,
    ...(s.get('folders') ?? []).map((l) => `folder: ${l.replace('\t', ' ')}`),
  ]
  if (current === 'absent' && oc === 'absent') {
    return { status: 'fail', summary: `Not installed: no Node and no OpenClaw in ${user}'s ~/.local. Apply to install OpenClaw ${OPENCLAW_VERSION}.`, evidence }
  }
  const problems: string[] = []
  const expectedDir = `node-v${NODE_VERSION}-linux-${arch}`
  if (current === 'absent') problems.push('there is no Node installed by this step (~/.local/share/openclaw-secure-setup/node/current)')
  else {
    if (versionH !== NODE_VERSION) problems.push(`Node is ${versionH} (by its node_version.h), not the pinned ${NODE_VERSION}`)
    if (!satisfiesRange(versionH, OPENCLAW_NODE_ENGINES)) problems.push(`Node ${versionH} does not meet OpenClaw's engines "${OPENCLAW_NODE_ENGINES}"`)
    if (current !== expectedDir) problems.push(`current points to ${current}, not ${expectedDir}`)
    const b = /^(\S+) ([0-7]{3,4}) (\S+) (\S+)$/.exec(bin)
    if (!b) problems.push('bin/node is missing (or a symbolic link)')
    else {
      if (b[1] !== user) problems.push(`bin/node belongs to ${b[1] ?? '?'}, not ${user}`)
      if (b[3] !== '177ELF') problems.push('bin/node is not a program (no ELF header)')
      const pinned = (NODE_SHA256 as Record<string, string>)[arch as NodeArch]
      // The stamp is a file in the account's own folder: it can write any hash there, so its absence (a Node installed
      // by hand) is a note, like a non-official hash. A check judges the machine, not the app's memory of applying.
      if (b[4] === 'no-stamp') evidence.push('note: the Node folder has no record of the tarball hash it came from (not installed by this step; check its SHA-256 yourself)')
      else if (pinned !== undefined && b[4] !== pinned) evidence.push(`note: extracted from a tarball with SHA-256 ${b[4] ?? '?'}, not the official ${pinned} (a test mirror?)`)
    }
  }
  if (oc === 'absent') problems.push(`OpenClaw is not installed in ${home}/.local`)
  else if (oc !== OPENCLAW_VERSION) problems.push(`OpenClaw is ${oc}, not the pinned ${OPENCLAW_VERSION}`)
  if (engines && engines !== OPENCLAW_NODE_ENGINES) evidence.push(`note: the installed package's engines "${engines}" differ from the pinned "${OPENCLAW_NODE_ENGINES}"`)
  if (oc !== 'absent' && ocBin !== prefixPkg) problems.push(`~/.local/bin/openclaw ${ocBin === 'absent' ? 'is missing' : `leads to ${ocBin}, not into the account's prefix`}`)
  for (const l of s.get('folders') ?? []) {
    const m = /^(\S+) ([0-7]{3,4})\t(.*)$/.exec(l)
    if (m && (m[1] !== user || (parseInt(m[2] ?? '0', 8) & 0o022) !== 0)) problems.push(`${m[3] ?? '?'} is ${m[2] ?? '?'} owned by ${m[1] ?? '?'}: it must be ${user}'s and not writable by others`)
  }
  const bad = s.get('foreign-or-writable') ?? []
  const count = Number(/^count (\d+)$/.exec(bad[0]?.trim() ?? '')?.[1] ?? 'NaN')
  if (Number.isNaN(count)) return { status: 'error', summary: 'The check could not list the owners and modes of the installed files.', evidence }
  if (count > 0) {
    problems.push(`${count} installed file${count > 1 ? 's are' : ' is'} not ${user}'s or writable by others (e.g. ${bad[1]?.trim() ?? '?'})`)
    evidence.push(...bad.slice(1).map((l) => `not ${user}'s or writable by others: ${l.trim()}`))
  }
  if (problems.length > 0) {
    const head = problems[0] ?? ''
    return { status: 'fail', summary: `${head.charAt(0).toUpperCase()}${head.slice(1)}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}. Apply the step again.`, evidence: [...evidence, ...problems.map((p) => `problem: ${p}`)] }
  }
  return { status: 'pass', summary: `OpenClaw ${OPENCLAW_VERSION} on Node ${NODE_VERSION} is installed for ${user} in its own ~/.local, its files writable by ${user} only.`, evidence }
}
