import { openclawConfigStep } from '../openclaw/config-step'
import source from './step.ts?raw'

/** VM guide: no elevated (host, outside the sandbox) tool execution (`tools.elevated.enabled false`). */
export const elevatedToolsOff = openclawConfigStep({
  id: 'elevated-tools-off',
  source,
  layer: 6,
  title: 'Elevated tools off',
  rationale:
    'Elevated tools let the agent run commands on the host itself, outside any sandbox, when the sender and policy checks pass. ' +
    'OpenClaw enables this path by default. With tools.elevated.enabled false a prompt injection that gets past the tool policy ' +
    'still cannot reach the host through it.',
  warnings: ['Commands that need elevated access (outside the sandbox) are refused.'],
  targets: ['ssh', 'wsl'],
  set: { 'tools.elevated.enabled': false },
  passSummary: 'Elevated tools are off: the agent cannot run commands on the host outside its sandbox.',
})
