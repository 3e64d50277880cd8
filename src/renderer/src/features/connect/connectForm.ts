import { DISTRO_MESSAGE, DISTRO_PATTERN, hostProblem, pathProblem, portProblem, targetSpecSchema, userProblem, type TargetSpec } from '../../../../shared/target-spec'

/** The connect form's raw text fields. */
export interface ConnectFormValues {
  readonly kind: TargetSpec['kind']
  readonly sshUser: string
  readonly host: string
  readonly port: string
  readonly identityFile: string
  readonly distro: string
  readonly wslUser: string
}

export type ConnectField = Exclude<keyof ConnectFormValues, 'kind'>

export interface ConnectFormCheck {
  /** The validated target, or null while any field is invalid. */
  readonly target: TargetSpec | null
  readonly errors: Partial<Record<ConnectField, string>>
}

export const EMPTY_FORM: ConnectFormValues = { kind: 'ssh', sshUser: '', host: '', port: '22', identityFile: '', distro: '', wslUser: '' }

/** Pre-fills the form from the last target. */
export function formFromTarget(target: TargetSpec | null): ConnectFormValues {
  if (!target) return EMPTY_FORM
  if (target.kind === 'ssh') {
    return { ...EMPTY_FORM, kind: 'ssh', sshUser: target.user, host: target.host, port: String(target.port), identityFile: target.identityFile ?? '' }
  }
  return { ...EMPTY_FORM, kind: 'wsl', distro: target.distro, wslUser: target.user ?? '' }
}

function parsePort(text: string): number {
  return /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN
}

/** Validates the form with the shared rules (main validates again). */
export function checkConnectForm(values: ConnectFormValues): ConnectFormCheck {
  const errors: Partial<Record<ConnectField, string>> = {}
  let candidate: unknown
  if (values.kind === 'ssh') {
    const user = values.sshUser.trim()
    const host = values.host.trim()
    const port = parsePort(values.port.trim())
    const identityFile = values.identityFile.trim()
    const problems: Array<[ConnectField, string | null]> = [
      ['sshUser', userProblem(user)],
      ['host', hostProblem(host)],
      ['port', portProblem(port)],
      ['identityFile', identityFile ? pathProblem(identityFile) : null],
    ]
    for (const [field, problem] of problems) if (problem) errors[field] = problem
    candidate = { kind: 'ssh', user, host, port, ...(identityFile ? { identityFile } : {}) }
  } else {
    const distro = values.distro.trim()
    const user = values.wslUser.trim()
    if (distro === '') errors.distro = 'The distribution name is empty.'
    else if (!DISTRO_PATTERN.test(distro)) errors.distro = DISTRO_MESSAGE
    const problem = user ? userProblem(user) : null
    if (problem) errors.wslUser = problem
    candidate = { kind: 'wsl', distro, ...(user ? { user } : {}) }
  }
  const parsed = targetSpecSchema.safeParse(candidate)
  if (!parsed.success) {
    // Anything the field checks above did not catch (e.g. a length limit) goes on its field.
    for (const issue of parsed.error.issues) {
      const field = fieldFor(values.kind, String(issue.path[0] ?? ''))
      if (!errors[field]) errors[field] = issue.message
    }
    return { target: null, errors }
  }
  return { target: Object.keys(errors).length === 0 ? parsed.data : null, errors }
}

const SSH_FIELDS: Readonly<Record<string, ConnectField>> = { user: 'sshUser', host: 'host', port: 'port', identityFile: 'identityFile' }
const WSL_FIELDS: Readonly<Record<string, ConnectField>> = { distro: 'distro', user: 'wslUser' }

function fieldFor(kind: TargetSpec['kind'], key: string): ConnectField {
  return kind === 'ssh' ? (SSH_FIELDS[key] ?? 'host') : (WSL_FIELDS[key] ?? 'distro')
}
