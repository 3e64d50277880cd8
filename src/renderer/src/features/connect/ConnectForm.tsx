import { Button, Field, Input, makeStyles, mergeClasses, Radio, RadioGroup, Spinner, tokens } from '@fluentui/react-components'
import { useCallback, useMemo, useState } from 'react'
import type { TargetSpec } from '../../../../shared/target-spec'
import { PlugConnected20Regular } from '../../components/icons'
import { WslSetupPanel } from '../wsl-setup/WslSetupPanel'
import { checkConnectForm, formFromTarget, type ConnectField, type ConnectFormValues } from './connectForm'

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  row: { display: 'grid', gridTemplateColumns: '1fr 2fr 110px', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  wslRow: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  actions: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalS, paddingTop: tokens.spacingVerticalS },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  input: { width: '100%', minWidth: 0 },
})

export interface ConnectFormProps {
  readonly initial: TargetSpec | null
  readonly busy: boolean
  readonly onConnect: (target: TargetSpec) => void
  /** A guided WSL setup is under way (saved progress): open on the WSL side. */
  readonly preferWsl?: boolean
}

/** SSH or WSL target, validated with the shared rules before Connect is enabled. */
export function ConnectForm({ initial, busy, onConnect, preferWsl = false }: ConnectFormProps): React.JSX.Element {
  const styles = useStyles()
  const [values, setValues] = useState<ConnectFormValues>(() => {
    const v = formFromTarget(initial)
    return preferWsl && !initial ? { ...v, kind: 'wsl' } : v
  })
  const [touched, setTouched] = useState<ReadonlySet<ConnectField>>(new Set())
  const check = useMemo(() => checkConnectForm(values), [values])
  const pickDistro = useCallback((distro: string) => setValues((v) => ({ ...v, distro })), [])

  const set = (field: ConnectField) => (_: unknown, data: { value: string }) => setValues((v) => ({ ...v, [field]: data.value }))
  const touch = (field: ConnectField) => () => setTouched((t) => new Set(t).add(field))
  const errorOf = (field: ConnectField): string | undefined => (touched.has(field) || values[field] !== '' ? check.errors[field] : undefined)
  const fieldProps = (field: ConnectField, label: string, hint: string, required: boolean) => {
    const error = errorOf(field)
    return { label, required, hint: error ? undefined : hint, validationMessage: error, validationState: error ? ('error' as const) : ('none' as const) }
  }
  const inputProps = (field: ConnectField, testId: string) => ({
    value: values[field],
    onChange: set(field),
    onBlur: touch(field),
    disabled: busy,
    spellCheck: false,
    autoComplete: 'off',
    'data-testid': testId,
    className: styles.input,
  })

  const submit = (e: React.FormEvent): void => {
    e.preventDefault()
    if (check.target && !busy) onConnect(check.target)
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Connect to a machine">
      <Field label="How do you reach the machine?">
        <RadioGroup value={values.kind} onChange={(_, d) => setValues((v) => ({ ...v, kind: d.value === 'wsl' ? 'wsl' : 'ssh' }))} disabled={busy}>
          <Radio value="ssh" label="SSH: a Proxmox VM or another Linux machine on the network" data-testid="connect-kind-ssh" />
          <Radio value="wsl" label="WSL2: a Linux distribution on this Windows PC" data-testid="connect-kind-wsl" />
        </RadioGroup>
      </Field>

      {values.kind === 'ssh' ? (
        <>
          <div className={styles.row}>
            <Field {...fieldProps('sshUser', 'User', 'Your login name on the machine.', true)}>
              <Input {...inputProps('sshUser', 'connect-ssh-user')} placeholder="e.g. admin" />
            </Field>
            <Field {...fieldProps('host', 'Host', 'IP address or DNS name.', true)}>
              <Input {...inputProps('host', 'connect-ssh-host')} placeholder="e.g. 192.168.1.50" />
            </Field>
            <Field {...fieldProps('port', 'Port', 'Usually 22.', true)}>
              <Input {...inputProps('port', 'connect-ssh-port')} inputMode="numeric" />
            </Field>
          </div>
          <Field {...fieldProps('identityFile', 'Private key file (optional)', 'Full path, e.g. C:\\Users\\you\\.ssh\\id_ed25519. Leave empty to use your SSH agent or default keys.', false)}>
            <Input {...inputProps('identityFile', 'connect-ssh-identity')} className={mergeClasses(styles.input, styles.mono)} placeholder="C:\Users\you\.ssh\id_ed25519" />
          </Field>
        </>
      ) : (
        <>
          <WslSetupPanel selected={values.distro} busy={busy} onPick={pickDistro} />
          <div className={styles.wslRow}>
            <Field {...fieldProps('distro', 'Distribution', 'As listed by "wsl -l -v", e.g. Ubuntu-24.04.', true)}>
              <Input {...inputProps('distro', 'connect-wsl-distro')} placeholder="e.g. Ubuntu-24.04" />
            </Field>
            <Field {...fieldProps('wslUser', 'User (optional)', "Leave empty for the distribution's default user.", false)}>
              <Input {...inputProps('wslUser', 'connect-wsl-user')} />
            </Field>
          </div>
        </>
      )}

      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          size="large"
          disabled={!check.target || busy}
          icon={busy ? <Spinner size="tiny" /> : <PlugConnected20Regular />}
          data-testid="connect-submit"
        >
          {busy ? 'Connecting…' : 'Connect'}
        </Button>
      </div>
    </form>
  )
}
