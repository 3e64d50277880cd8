import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { TargetSummary } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import { ErrorBar } from '../../components/ErrorBar'
import { Key20Regular } from '../../components/icons'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    marginBottom: tokens.spacingVerticalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  field: { minWidth: '260px' },
  note: { color: tokens.colorNeutralForeground3 },
  held: { display: 'block', color: tokens.colorNeutralForeground3, marginBottom: tokens.spacingVerticalM },
})

export interface SudoPasswordBarProps {
  readonly connected: TargetSummary
  /** Resolves when sudo on the machine accepted the password; rejects with the reason. */
  readonly onSubmit: (password: string) => Promise<void>
}

/**
 * The masked sudo password field. The password goes to the main process, which checks it with sudo on the machine and
 * keeps it in memory only, for root actions over the control channel and sudo's prompt in the terminal.
 */
export function SudoPasswordBar({ connected, onSubmit }: SudoPasswordBarProps): React.JSX.Element | null {
  const styles = useStyles()
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppErrorShape | null>(null)
  if (connected.sudo !== 'password') return null
  if (connected.sudoHeld) {
    return (
      <Text size={200} className={styles.held} data-testid="sudo-held">
        The sudo password is held in memory for this connection only; checks run without asking again. It is forgotten when you disconnect or close the app.
      </Text>
    )
  }
  const submit = () => {
    if (password === '' || busy) return
    setBusy(true)
    setError(null)
    onSubmit(password)
      .then(() => setPassword(''))
      .catch((err: AppErrorShape) => setError(err))
      .finally(() => setBusy(false))
  }
  return (
    <form
      className={styles.bar}
      data-testid="sudo-password-bar"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <div className={styles.row}>
        <Field label={`sudo password of ${connected.label}`} className={styles.field}>
          <Input type="password" autoComplete="off" value={password} onChange={(_, d) => setPassword(d.value)} contentBefore={<Key20Regular />} data-testid="sudo-password" disabled={busy} />
        </Field>
        <Button appearance="primary" type="submit" disabled={password === '' || busy} data-testid="sudo-password-submit">
          {busy ? 'Checking…' : 'Use for this session'}
        </Button>
      </div>
      <Text size={200} className={styles.note}>
        Optional. It is checked with sudo on the machine and kept in memory only, never on disk. Without it, type the password in the terminal whenever sudo asks.
      </Text>
      {error && <ErrorBar error={error} onDismiss={() => setError(null)} testId="sudo-password-error" />}
    </form>
  )
}
