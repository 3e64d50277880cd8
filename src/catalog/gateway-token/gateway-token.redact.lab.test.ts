import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labTarget } from '../../../test/helpers/lab-target'
import { labSh, onboardLabOpenClaw, runChecks } from '../../../test/helpers/step-contract'

// The real OpenClaw 2026.9.6 in the lab as user ocss, onboarded with OpenClaw's own CLI (token in the secret store);
// then a person pastes a plaintext token into openclaw.json by hand, JSON5 style, with an old one in a comment.
const PARAMS = { OC_USER: 'ocss' }
const CANARY = `CANARY${randomBytes(29).toString('hex')}`.slice(0, 64)
const OLD = `OLDTOKEN${randomBytes(28).toString('hex')}`
let lab: Lab
let target: ReturnType<typeof labTarget>
let storeToken = ''

/** Every string the app could read out of `text`: the text itself and each long base64/base64url run decoded. */
function readable(text: string): string {
  const runs = text.match(/[A-Za-z0-9+/_=-]{16,}/g) ?? []
  const decoded = runs.flatMap((r) => [0, 1, 2, 3].flatMap((skip) => [Buffer.from(r.slice(skip), 'base64').toString('latin1'), Buffer.from(r.slice(skip), 'base64url').toString('latin1')]))
  return [text, ...decoded].join('\n')
}

beforeAll(async () => {
  lab = await startLab()
  target = labTarget(lab)
  storeToken = await onboardLabOpenClaw(lab)
  // The hand edit, as the account: the token in plain text (single quotes, a trailing comment), an old token in a comment.
  await labSh(lab, `IFS= read -r canary; IFS= read -r old; export canary old; python3 -c '
import json, os
p = os.path.expanduser("~/.openclaw/openclaw.json")
d = json.load(open(p))
d["gateway"]["auth"]["token"] = "@@TOKEN@@"
t = json.dumps(d, indent=2).replace(chr(34) + "@@TOKEN@@" + chr(34), chr(39) + os.environ["canary"] + chr(39) + " /* pasted by hand */")
open(p, "w").write("// old token: " + os.environ["old"] + chr(10) + t + chr(10))'`, { user: lab.user, input: `${CANARY}\n${OLD}\n` })
}, 900_000)
afterAll(async () => {
  await target?.dispose()
  await lab?.stop()
})

describe('gateway-token on the lab: a plaintext token in openclaw.json never leaves the target', () => {
  it('the check job\'s raw output holds no byte of it, and the item still says "move it to the secret store"', async () => {
    const file = await labSh(lab, 'cat ~/.openclaw/openclaw.json', { user: lab.user })
    expect(file).toContain(CANARY)
    expect(file).toContain(OLD)
    const { records, outputs } = await runChecks(target, ['gateway-token'], PARAMS)
    const raw = outputs.join('\n')
    for (const secret of [CANARY, OLD, storeToken]) {
      expect(readable(raw)).not.toContain(secret.slice(0, 24))
      expect(JSON.stringify(records)).not.toContain(secret.slice(0, 24))
    }
    // The config was read (as the target parsed it), not skipped.
    expect(raw).toMatch(/^### oc-config\njson \d+ 600\n\{.*"token":\{"\$ocssRedacted":"plaintext","length":64\}/m)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ stepId: 'gateway-token', status: 'fail' })
    expect(records[0]?.summary).toBe('The token is in plain text in openclaw.json (64 characters): move it to the secret store (Apply this step does that).')
  }, 300_000)
})
