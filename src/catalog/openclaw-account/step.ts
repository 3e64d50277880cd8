import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import accountLib from './account.sh?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import discover from './discover.sh?raw'
import { evaluateOpenClawAccount } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import undoScript from './undo.sh?raw'

export const OPENCLAW_ACCOUNT_STEP_ID = 'openclaw-account'
/** Where apply records what it changed (root-only, on the target) for undo. */
export const OPENCLAW_ACCOUNT_STATE = '/var/lib/openclaw-secure-setup/state/openclaw-account.json'

/**
 * The helpers the account and install steps' scripts include: lib/openclaw.sh (ocss_oc_user, ocss_target_kind,
 * ocss_as_oc, …) and this step's own discovery and account record.
 */
export const OPENCLAW_ACCOUNT_LIBS: Readonly<Record<string, string>> = {
  ...OPENCLAW_LIBS,
  'discover.sh': discover,
  'account.sh': accountLib,
}

export const openclawAccount: CatalogStep = {
  meta: {
    id: OPENCLAW_ACCOUNT_STEP_ID,
    layer: 0,
    title: 'The OpenClaw account',
    rationale:
      'OpenClaw runs programs for the agent, so whatever the agent is talked into runs with the rights of OpenClaw\'s account. On a VM ' +
      'that account is a user of its own ("openclaw"): no sudo, no password, a home only it can enter, and not the admin account the app ' +
      'logs in as, because anything running as the login account can capture a sudo password typed in its sessions and forge what the ' +
      'checks report. On WSL it is the distribution\'s default user, which then needs no sudo either: root comes through "wsl.exe -u root". ' +
      'An OpenClaw already on the machine is shown (account, version, how it runs): set the account to adopt it, or keep the dedicated one.',
    warnings: [
      'The account loses its sudo rights: it is taken out of the sudo, admin and wheel groups (Undo puts it back). On WSL that is the distribution\'s default user: use "wsl.exe -u root" for admin work.',
      'On an SSH machine the account the app logs in as is refused: keep it for administration.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'Reads the account\'s passwd entry, its groups, the owner and mode of its home (700, its own) and what "sudo -l -U <account>" allows ' +
      '(nothing); on SSH it must not be the login account. Lists every OpenClaw install found (homes with .openclaw/openclaw.json or an ' +
      'openclaw command in ~/.local/bin or ~/.npm-global/bin, /usr/local/bin and /usr/bin, gateway user units, running gateway processes) with ' +
      'its account, version (from its package.json) and how it runs. Nothing runs as the account.',
    actor: 'root',
    inputs: [
      {
        name: 'OC_USER',
        label: 'OpenClaw account',
        help:
          'The user OpenClaw runs as. Empty: a dedicated "openclaw" user on an SSH machine, the distribution\'s default user on WSL. ' +
          'Name an existing user to adopt the OpenClaw installed there; never the account the app logs in as.',
        kind: 'unix-user',
        required: false,
      },
    ],
  },
  scripts: {
    apply: withIncludes(applyScript, OPENCLAW_ACCOUNT_LIBS),
    check: withIncludes(checkScript, OPENCLAW_ACCOUNT_LIBS),
    undo: withIncludes(undoScript, OPENCLAW_ACCOUNT_LIBS),
  },
  evaluate: evaluateOpenClawAccount,
  evaluatorSource,
}
