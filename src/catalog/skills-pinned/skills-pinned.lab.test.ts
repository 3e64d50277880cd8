import { writeLockScript } from '../../../test/helpers/edge-world'
import { describeStepContract, labSh } from '../../../test/helpers/step-contract'
import type { Lab } from '../../../test/lab/lab'
import { skillsPinned } from './step'

// The plain lab (no systemd: "openclaw skills list" needs no gateway) with the lab user as the OpenClaw account and two
// skills from outside the OpenClaw package: hello-notes, installed from a local folder by OpenClaw's own
// "openclaw skills install ./hello-notes" (its SKILL.md says version 1.2.3), and weather-pro, laid out as a ClawHub
// install writes it (<workspace>/skills/weather-pro/.clawhub/origin.json, installedVersion 2.0.1; no network here). The
// lock file lists weather-pro at "latest" and a skill no longer installed (old-thing), which apply must keep as it is.
const USER = 'ocss'
const WS = `/home/${USER}/.openclaw/workspace`
const LOCK = `${WS}/.clawhub/lock.json`

const asAccount = async (lab: Lab, script: string): Promise<void> => { await labSh(lab, script, { user: USER }) }

/** A lock file written by hand, as OpenClaw writes it (test/helpers/edge-world.ts). */
const writeLock = (skills: Record<string, string>) => writeLockScript(LOCK, skills)

describeStepContract(skillsPinned, {
  params: { OC_USER: USER },
  setup: async (lab) => {
    await asAccount(lab, 'mkdir -p ~/src/hello-notes && printf -- "---\\nname: hello-notes\\ndescription: Says hello in notes.\\nversion: 1.2.3\\n---\\n# Hello\\n" >~/src/hello-notes/SKILL.md && ' +
      'cd ~/src && openclaw skills install ./hello-notes >/dev/null')
    await asAccount(lab, `mkdir -p ${WS}/skills/weather-pro/.clawhub ${WS}/.clawhub && printf -- "---\\nname: weather-pro\\ndescription: Weather.\\n---\\n# Weather\\n" >${WS}/skills/weather-pro/SKILL.md && ` +
      `printf '%s\\n' '{"version":1,"registry":"https://clawhub.ai","slug":"weather-pro","ownerHandle":"steipete","installedVersion":"2.0.1","installedAt":1796184060231}' >${WS}/skills/weather-pro/.clawhub/origin.json && ` +
      `${writeLock({ 'weather-pro': 'latest', 'old-thing': '0.9.0' })} && chmod 644 ${LOCK}`)
  },
  // The lock file's bytes, mode and owner, its folder, and the undo record.
  touched: (lab) => labSh(lab, `cd /home/${USER}/.openclaw && { sha256sum ${LOCK} || echo no-lock; } && stat -c '%a %U %n' ${WS}/.clawhub ${WS}/.clawhub/* && { ls -A .ocss-undo 2>/dev/null | sed 's/^/undo /'; true; }`),
  afterApply: (run) => {
    // The list it showed before writing, and the entry it kept.
    for (const l of ['hello-notes 1.2.3 (openclaw-workspace, from a local folder): pinning', 'weather-pro 2.0.1 (openclaw-workspace, from ClawHub): pinning (the lock had "latest")']) {
      if (!run.stdout.includes(l)) throw new Error(`apply did not show "${l}":\n${run.stdout}`)
    }
  },
  hardenByHand: (lab) => asAccount(lab, writeLock({ 'weather-pro': '2.0.1', 'hello-notes': '1.2.3' })),
  breakByHand: (lab) => asAccount(lab, writeLock({ 'weather-pro': 'latest', 'hello-notes': '1.2.3' })),
  alsoFails: [
    {
      what: 'a skill installed outside the lock (copied into the workspace by hand)',
      make: (lab) => asAccount(lab, `mkdir -p ${WS}/skills/side-skill && printf -- "---\\nname: side-skill\\ndescription: Side.\\nversion: 0.1.0\\n---\\n" >${WS}/skills/side-skill/SKILL.md`),
      unmake: (lab) => asAccount(lab, `rm -rf ${WS}/skills/side-skill`),
    },
  ],
  siblings: ['mdns-off'],
  timeoutMs: 180_000,
})
