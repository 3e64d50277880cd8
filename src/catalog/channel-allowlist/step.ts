import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import secret from '../lib/secret.sh?raw'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import { ONBOARDED } from '../openclaw/config-step'
import configStepSource from '../openclaw/config-step.ts?raw'
import factsSource from '../openclaw/facts.ts?raw'
import type { StepInput } from '../../shared/step'
import applyScript from './apply.sh?raw'
import botToken from './bot-token.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateChannelAllowlist } from './evaluate'
import findIdScript from './find-id.sh?raw'
import evaluateSource from './evaluate.ts?raw'
import undoScript from './undo.sh?raw'

export { evaluateChannelAllowlist }

const LIBS = { ...OPENCLAW_LIBS, 'secret.sh': secret, 'bot-token.sh': botToken }

export const CHANNEL_INPUTS: readonly StepInput[] = [
  {
    name: 'CHANNEL',
    label: 'Chat channel',
    help: 'Telegram, or "I use no chat channel": then this item reads not applicable, and a later check fails if a channel appears.',
    kind: 'choice',
    required: true,
    default: 'telegram',
    choices: [
      { value: 'telegram', label: 'Telegram' },
      { value: 'none', label: 'I use no chat channel' },
    ],
  },
  {
    name: 'TELEGRAM_IDS',
    label: 'Your numeric Telegram user id(s)',
    help: 'Digits only, e.g. 123456789; several separated by commas. Not your @username, which someone else can take over. "Find my Telegram id" shows it.',
    kind: 'telegram-ids',
    required: false,
    // Never an empty allowlist: OpenClaw accepts one and then drops every message.
    requiredWhen: { name: 'CHANNEL', value: 'telegram' },
  },
  {
    name: 'BOT_TOKEN',
    label: 'Bot token from @BotFather',
    help: 'Stored in OpenClaw\'s secret store, never in openclaw.json, a log or this app. Needed the first time; once stored it is kept.',
    kind: 'secret',
    required: false,
  },
]

/** Layer 5 of the guides: only your own chat may talk to the agent (Telegram allowlist; or no chat channel at all). */
export const channelAllowlist: CatalogStep = {
  meta: {
    id: 'channel-allowlist',
    layer: 5,
    title: 'Only your own chat',
    rationale:
      'A Telegram bot is public: anyone who finds its name can write to it, and every message is a prompt for the agent. With ' +
      'dmPolicy allowlist only the numeric Telegram user ids you give may write to it (a @username can be renamed and taken over; ' +
      'the number cannot). Groups need the allowlist and a mention, and owner commands are limited to your ids. An empty allowlist ' +
      'is refused: OpenClaw accepts one and then silently drops every message. The bot token goes into OpenClaw\'s secret store; ' +
      'openclaw.json holds only a reference to it.',
    warnings: [
      'Only the ids you give can talk to the bot; messages from anyone else are dropped.',
      'Applying restarts the gateway when it runs, so that it picks up the Telegram settings.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root, files only: channels.telegram.dmPolicy is allowlist (allowFrom non-empty, numeric ids only, no "*") or pairing (at least ' +
      'one sender approved in OpenClaw\'s pairing store, ~/.openclaw/state/openclaw.sqlite, none "*"), never open; groupPolicy is allowlist ' +
      'or disabled; botToken is not plain text (a store reference shows the entry\'s length only). With "I use no chat channel": not ' +
      'applicable while openclaw.json sets up no channel, failed when one appears. OpenClaw\'s own security.exposure.* findings are judged ' +
      'by the audit item.',
    actor: 'openclaw',
    inputs: CHANNEL_INPUTS,
    requires: [ONBOARDED],
    effects: ['restart-gateway'],
    actions: [
      {
        id: 'find-id',
        label: 'Find my Telegram id',
        description:
          'Turns the bot on in pairing mode (nobody is approved), waits while you send it any message, and shows your numeric id from ' +
          'OpenClaw\'s pairing requests (openclaw pairing list telegram). Apply then allows only the id you enter; Undo puts everything back.',
      },
    ],
  },
  scripts: { apply: withIncludes(applyScript, LIBS), check: withIncludes(checkScript, LIBS), undo: withIncludes(undoScript, LIBS) },
  actionScripts: { 'find-id': withIncludes(findIdScript, LIBS) },
  evaluate: evaluateChannelAllowlist,
  // The facts parser and factsError (config-step.ts) judge too: editing them marks old results "re-check needed".
  evaluatorSource: [evaluateSource, factsSource, configStepSource].join('\n'),
}
