import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSh, onboardLabOpenClaw, openclawByHand } from '../../../test/helpers/step-contract'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from './openclaw-libs'

let lab: Lab
let token = ''
beforeAll(async () => {
  lab = await startLab()
  token = await onboardLabOpenClaw(lab)
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

/** A script with prelude.sh and openclaw.sh written in, run as root in the lab with OCSS_OC_USER=ocss. */
async function asRoot(body: string, input?: string) {
  const script = withIncludes(`#!/bin/bash\n# @include prelude.sh\n# @include openclaw.sh\n${body}\n`, OPENCLAW_LIBS)
  return lab.exec(['env', 'OCSS_OC_USER=ocss', 'bash', '-c', script], { timeoutMs: 300_000, ...(input !== undefined ? { input } : {}) })
}
const files = () => labSh(lab, 'cd /home/ocss/.openclaw && sha256sum openclaw.json* && ls -a')

describe('lib/openclaw.sh on the lab (OpenClaw 2026.9.6 as ocss)', () => {
  it('ocss_oc runs openclaw as the account with its real home and a clean environment', async () => {
    const r = await asRoot('ocss_oc --version; _ocss_oc_as -- sh -c \'id -un; echo "$HOME"; env | sort | cut -d= -f1 | tr "\\n" " "\'')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/2026\.9\.6/)
    expect(r.stdout).toMatch(/^ocss\n\/home\/ocss\n/m)
    const names = (r.stdout.trim().split('\n').pop() ?? '').trim().split(' ')
    expect(names).toEqual(expect.arrayContaining(['HOME', 'LOGNAME', 'PATH', 'USER']))
    // Nothing of root's environment (SUDO_*, SSH_*, OCSS_*) reaches the account's processes.
    expect(names.filter((n) => !['HOME', 'LANG', 'LOGNAME', 'PATH', 'USER', 'PWD', 'OLDPWD', 'SHLVL', '_', 'XDG_RUNTIME_DIR', 'DBUS_SESSION_BUS_ADDRESS'].includes(n))).toEqual([])
  })

  it('a key the installed version lacks stops the patch with the key and version named, and nothing is written', async () => {
    const before = await files()
    const r = await asRoot('ocss_oc_patch demo-step', '{"logging":{"redactSensitive":"tools"}}')
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/OpenClaw 2026\.9\.6 has no setting logging\.redactSensitive/)
    expect(await files()).toBe(before)
  })

  it('the schema is read once per install: kept root-only, then used without running openclaw; a foreign copy is ignored', async () => {
    const dir = '/var/cache/openclaw-secure-setup/openclaw-schema'
    await labSh(lab, `rm -rf ${dir}`)
    const first = await asRoot('_ocss_oc_schema >/dev/null')
    expect(first.code, first.stderr).toBe(0)
    const listing = await labSh(lab, `stat -c '%a %U %n' ${dir} ${dir}/*`)
    expect(listing).toMatch(new RegExp(String.raw`^700 root ${dir}\n600 root ${dir}/2026\.9\.6-\d+-\d+-\d+-[0-9a-f]{16}\.json\n$`))
    // The cached copy is what ocss_oc_patch now checks keys against: a key cut out of it is reported missing ...
    const file = listing.trim().split('\n')[1]?.split(' ')[2] ?? ''
    await labSh(lab, `sed -i 's/"redactSensitive"/"redactSensitiveCut"/g; s/"mdns"/"mdnsCut"/g' '${file}'`)
    const cut = await asRoot('ocss_oc_patch demo-step', '{"discovery":{"mdns":{"mode":"off"}}}')
    expect(cut.code).toBe(3)
    expect(cut.stderr).toMatch(/has no setting discovery\.mdns\.mode/)
    // ... but not when the copy is not root's: then openclaw is asked again and the copy replaced.
    await labSh(lab, `chown ocss '${file}'`)
    const fresh = await asRoot('ocss_oc_patch demo-step', '{"discovery":{"mdns":{"mode":"minimal"}}}')
    expect(fresh.code, fresh.stderr).toBe(0)
    expect(await labSh(lab, `stat -c '%U' '${file}'; grep -c '"mdnsCut"' '${file}' || true`)).toBe('root\n0\n')
    await asRoot('ocss_oc_undo demo-step')
  }, 300_000) // two patches and an undo, each with OpenClaw's dry run, write and validate

  it('undo puts back only keys still at the value the step set, and keeps a later change by hand', async () => {
    const p = await asRoot('ocss_oc_patch demo-step; echo "changed=$OCSS_OC_CHANGED"', '{"discovery":{"mdns":{"mode":"off"}},"gateway":{"terminal":{"enabled":false}}}')
    expect(p.code, p.stderr).toBe(0)
    expect(p.stdout).toMatch(/^changed=1$/m)
    expect(await labSh(lab, 'stat -c "%a %U" /home/ocss/.openclaw/.ocss-undo/demo-step.json')).toBe('600 ocss\n')
    await openclawByHand(lab, ['config', 'set', 'discovery.mdns.mode', 'full'])
    const u = await asRoot('ocss_oc_undo demo-step')
    expect(u.code, u.stderr).toBe(0)
    expect(u.stdout).toMatch(/Kept your later change to discovery\.mdns\.mode/)
    expect(u.stdout).toMatch(/Restoring gateway\.terminal\.enabled/)
    const cfg = await labSh(lab, 'cat /home/ocss/.openclaw/openclaw.json')
    expect(cfg).toMatch(/"mode": "full"/)
    expect(cfg).not.toMatch(/"terminal"\s*:\s*\{\s*"enabled"/)
    expect((await lab.exec(['test', '-e', '/home/ocss/.openclaw/.ocss-undo'])).code).not.toBe(0)
  })

  it('the facts read runs no openclaw, caches per job, and shows the secret store by length only', async () => {
    // A trap openclaw first on the account's PATH: the facts read must not start it.
    await labSh(lab, 'printf "#!/bin/sh\\ntouch /tmp/openclaw-ran\\nexec /usr/local/bin/openclaw \\"\\$@\\"\\n" >~/.local/bin/openclaw && chmod 755 ~/.local/bin/openclaw', { user: 'ocss' })
    try {
      const t = Date.now()
      const r = await asRoot('export OCSS_FACTS_CACHE=$(mktemp -u); ocss_oc_facts >/dev/null; ocss_oc_facts; stat -c "%U %a" "$OCSS_FACTS_CACHE"')
      console.log(`facts read, twice (one cached): ${Date.now() - t} ms`)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/^### oc-secrets\nGATEWAY_TOKEN secret 64$/m)
      expect(r.stdout).toMatch(/^root 600$/m)
      expect(r.stdout).not.toContain(token)
      expect((await lab.exec(['test', '-e', '/tmp/openclaw-ran'])).code).not.toBe(0)
    } finally {
      await labSh(lab, 'rm -f ~/.local/bin/openclaw', { user: 'ocss' })
    }
  })

  it('ocss_oc_secret_set stores a piped token in the secret store (kind secret), which the facts show by length only', async () => {
    const r = await asRoot('ocss_new_token | ocss_oc_secret_set DEMO_TOKEN && ocss_oc_facts')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^DEMO_TOKEN secret 64$/m)
    expect((await asRoot('echo x | ocss_oc_secret_set bad-name')).stderr).toMatch(/bad secret name/)
  })

  it('a token piped from ocss_new_token (which ends in a newline) is stored as exactly 64 characters (SQLite length)', async () => {
    const r = await asRoot('ocss_new_token | ocss_oc_secret_set EXACT_TOKEN && printf "abc\\n\\n" | ocss_oc_secret_set EXACT_SHORT')
    expect(r.code, r.stderr).toBe(0)
    const q = await labSh(lab, `/usr/bin/python3 -c 'import sqlite3; db = sqlite3.connect("file:/home/ocss/.openclaw/state/openclaw.sqlite?mode=ro", uri=True)
for n, l in db.execute("SELECT name, length(value) FROM secret_store_entries WHERE name LIKE ? ORDER BY name", ("EXACT_%",)): print(n, l)'`)
    expect(q).toBe('EXACT_SHORT 3\nEXACT_TOKEN 64\n')
    expect((await asRoot('ocss_oc_secret_set EMPTY_ONE </dev/null')).stderr).toMatch(/no value for EMPTY_ONE/)
  })

  it('ocss_as_oc runs any command as the account, with ocss_oc\'s environment and stdin passed through', async () => {
    const r = await asRoot('echo piped | ocss_as_oc sh -c \'id -un; echo "$HOME $PWD"; cat\'')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('ocss\n/home/ocss /home/ocss\npiped\n')
  })

  it('ocss_new_token makes 64 characters of base64url', async () => {
    const r = await asRoot('ocss_new_token; ocss_new_token')
    const [a, b] = r.stdout.trim().split('\n')
    expect(a).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(b).not.toBe(a)
  })
})
