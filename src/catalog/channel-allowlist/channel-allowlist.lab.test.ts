import { randomBytes } from 'node:crypto'
import type { Lab } from '../../../test/lab/lab'
import { describeStepContract, labSh, onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { channelAllowlist } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI. The contract's jobs run without a
// terminal, so the bot token is stored by hand first (as a person does with `openclaw secrets store set`): the step
// keeps it, and its undo leaves it (the step did not store it). Asking for the token at the job's prompt, and undo
// removing a token the step stored, are covered by channel-allowlist.secret.lab.test.ts.
const BOT_TOKEN = `${900_000_000 + Math.floor(Math.random() * 99_999_999)}:CANARY${randomBytes(24).toString('base64url')}`
const ID = '123456789'
let gatewayToken = ''
const KEYS = ['channels', 'commands']
const HOME = '/home/ocss'

/** The live entries of OpenClaw's secret store (names and kinds; read as root, read-only). */
const storeNames = (lab: Lab) =>
  labSh(lab, `/usr/bin/python3 -c 'import sqlite3; db = sqlite3.connect("file:${HOME}/.openclaw/state/openclaw.sqlite?mode=ro", uri=True); print([r for r in db.execute("SELECT name, kind FROM secret_store_entries WHERE deleted_at_ms IS NULL ORDER BY name")])'`)

/** What a person writes by hand with OpenClaw's own CLI (the patch on stdin). */
const patchByHand = async (lab: Lab, patch: string): Promise<void> => {
  await labSh(lab, 'openclaw config patch --stdin >/dev/null', { user: 'ocss', input: patch })
}
const hardened = `{channels:{telegram:{enabled:true,botToken:{source:"store",provider:"default",id:"TELEGRAM_BOT_TOKEN"},dmPolicy:"allowlist",allowFrom:["${ID}"],groupPolicy:"allowlist",groups:{"*":{requireMention:true}}}},commands:{ownerAllowFrom:["telegram:${ID}"]}}`

/** An approved sender in OpenClaw's pairing store, as `openclaw pairing approve` leaves it (written by hand, as the account). */
const approveInStore = async (lab: Lab, entry: string): Promise<void> => {
  await labSh(lab, `/usr/bin/python3 -c 'import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1]); db.execute("INSERT OR REPLACE INTO channel_pairing_allow_entries VALUES (?, ?, ?, 0, ?)", ("telegram", "default", sys.argv[2], int(time.time() * 1000))); db.commit()' ${HOME}/.openclaw/state/openclaw.sqlite '${entry}'`, { user: 'ocss' })
}
const clearStore = async (lab: Lab): Promise<void> => {
  await labSh(lab, `/usr/bin/python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("DELETE FROM channel_pairing_allow_entries"); db.commit()' ${HOME}/.openclaw/state/openclaw.sqlite`, { user: 'ocss' })
}

describeStepContract(channelAllowlist, {
  params: { OC_USER: 'ocss' },
  inputs: { CHANNEL: 'telegram', TELEGRAM_IDS: ID },
  setup: async (lab) => {
    gatewayToken = await onboardLabOpenClaw(lab)
    await labSh(lab, 'openclaw secrets store set TELEGRAM_BOT_TOKEN --kind secret --value-file - >/dev/null', { user: 'ocss', input: BOT_TOKEN })
  },
  touched: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await storeNames(lab)}`,
  exact: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await storeNames(lab)}\n${await openclawFiles(lab)}`,
  afterApply: (run) => {
    if (!/keeping it/.test(run.stdout)) throw new Error(`apply did not keep the stored token:\n${run.stdout}`)
    if ((run.stdout + run.stderr).includes(BOT_TOKEN)) throw new Error('the bot token reached the job output')
    // OpenClaw's own deep audit after the write: it ran, and reports no security.exposure.* finding.
    if (!/audit critical=\d+ warn=\d+/.test(run.stdout) || /security\.exposure\./.test(run.stdout)) throw new Error(`the audit after apply:\n${run.stdout}`)
  },
  hardenByHand: (lab) => patchByHand(lab, hardened),
  breakByHand: (lab) => openclawByHand(lab, ['config', 'set', 'channels.telegram.dmPolicy', 'open'], 'ocss'),
  alsoFails: [
    { what: 'an empty allowFrom', make: (lab) => patchByHand(lab, '{channels:{telegram:{allowFrom:[]}}}'), unmake: (lab) => patchByHand(lab, `{channels:{telegram:{allowFrom:["${ID}"]}}}`) },
    { what: 'the bot token in plain text', make: (lab) => patchByHand(lab, `{channels:{telegram:{botToken:${JSON.stringify(BOT_TOKEN)}}}}`), unmake: (lab) => patchByHand(lab, hardened) },
    {
      what: 'pairing with "*" approved in the pairing store',
      make: async (lab) => {
        await patchByHand(lab, '{channels:{telegram:{dmPolicy:"pairing",allowFrom:null}}}')
        await approveInStore(lab, '*')
      },
      unmake: async (lab) => {
        await clearStore(lab)
        await patchByHand(lab, hardened)
      },
    },
  ],
  alsoPasses: [
    {
      what: 'pairing with one numeric sender approved in the pairing store',
      make: async (lab) => {
        await patchByHand(lab, '{channels:{telegram:{dmPolicy:"pairing",allowFrom:null}}}')
        await approveInStore(lab, ID)
      },
      unmake: async (lab) => {
        await clearStore(lab)
        await patchByHand(lab, hardened)
      },
      evidence: /pairing store: 1 entry \(1 numeric\) approved/,
    },
  ],
  siblings: ['mdns-off', 'elevated-tools-off', 'gateway-terminal-off'],
  canaries: () => [BOT_TOKEN, gatewayToken, ID],
})
