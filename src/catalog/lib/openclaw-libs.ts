import { withIncludes } from '../catalog-step'
import auditStamp from './audit-stamp.sh?raw'
import helper from './openclaw-config.mjs?raw'
import redactor from './openclaw-redact.py?raw'
import openclaw from './openclaw.sh?raw'
import prelude from './prelude.sh?raw'
import userBus from './user-bus.sh?raw'
import wslConf from './wsl-conf.sh?raw'

/** lib/openclaw.sh with what it needs written in: the WSL user lookup (wsl-conf.sh, user-bus.sh), the Node helper, the
 * root-side reader and redactor of openclaw.json (openclaw-redact.py) and the audit record (audit-stamp.sh). */
const OPENCLAW_SH = [wslConf, userBus, withIncludes(openclaw, { 'openclaw-config.mjs': helper.endsWith('\n') ? helper : `${helper}\n`, 'audit-stamp.sh': auditStamp, 'openclaw-redact.py': redactor.endsWith('\n') ? redactor : `${redactor}\n` })].join('')

/** The shell helpers OpenClaw steps include with `# @include NAME` (see withIncludes): prelude.sh, openclaw.sh. */
export const OPENCLAW_LIBS: Readonly<Record<string, string>> = { 'prelude.sh': prelude, 'openclaw.sh': OPENCLAW_SH }
