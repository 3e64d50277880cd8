import { Badge, Button, Card, CardHeader, Link, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from '@fluentui/react-components'
import type { KeyFinished } from '../../../../shared/ipc-contract'
import { CopyButton } from '../../components/CopyButton'
import { ErrorBar } from '../../components/ErrorBar'
import { formatLocal } from '../../components/formatTime'
import { Key20Regular } from '../../components/icons'
import { useKeySetup } from './useKeySetup'

const useStyles = makeStyles({
  card: { padding: tokens.spacingVerticalL },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
})

export interface KeyPanelProps {
  /** The connected SSH target's key (a new target reloads the panel). */
  readonly targetKey: string
  /** A job is running in the terminal: Install key waits. */
  readonly terminalBusy: boolean
  readonly onOpenPasswordStep: () => void
}

const OUTCOME_TITLE: Record<KeyFinished['outcome'], string> = {
  installed: 'Key installed',
  'password-refused': 'The password was refused',
  failed: 'The key was not installed',
}

/**
 * Key login: the app's own SSH key, "Install key" (runs in the embedded terminal, where the person types the login
 * password once), the BatchMode proof, then the way to the step that turns password login off.
 */
export function KeyPanel({ targetKey, terminalBusy, onOpenPasswordStep }: KeyPanelProps): React.JSX.Element {
  const styles = useStyles()
  const k = useKeySetup(targetKey)
  const proven = k.status?.proven ?? null
  const busy = k.installing !== null || k.proving || terminalBusy

  return (
    <Card className={styles.card} data-testid="key-panel">
      <CardHeader
        image={<Key20Regular aria-hidden />}
        header={<Text weight="semibold">Key login</Text>}
        description={<Text className={styles.muted}>The app logs in with its own SSH key, so password login can be turned off without locking you out.</Text>}
        action={
          proven ? (
            <Badge appearance="filled" color="success" data-testid="key-proven" title={`Proven ${formatLocal(proven.at)}`}>
              Key login proven
            </Badge>
          ) : (
            <Badge appearance="outline" color="warning">Not proven yet</Badge>
          )
        }
      />
      <div className={styles.body}>
        {k.status ? (
          <div className={styles.row}>
            <Text>App key:</Text>
            <Text className={styles.mono} data-testid="key-fingerprint">{k.status.fingerprint}</Text>
            <CopyButton text={k.status.publicKey} what="the app's public key" testId="key-copy-public" />
            {proven && <Text className={styles.muted}>Logged in with it (BatchMode, no password) {formatLocal(proven.at)}</Text>}
          </div>
        ) : (
          !k.error && <Spinner size="tiny" label="Reading the app key…" />
        )}

        <div className={styles.row}>
          <Button appearance={proven ? 'secondary' : 'primary'} icon={k.installing ? <Spinner size="tiny" /> : <Key20Regular />} disabled={busy || !k.status} onClick={k.install} data-testid="key-install">
            {k.installing ? 'Installing… type the password in the terminal' : 'Install key'}
          </Button>
          <Button appearance="secondary" disabled={busy || !k.status} onClick={k.prove} data-testid="key-prove">
            {k.proving ? 'Testing…' : 'Prove key login'}
          </Button>
          {k.installing && (
            <Button appearance="subtle" onClick={k.cancel} data-testid="key-cancel">
              Cancel
            </Button>
          )}
          {proven && (
            <Link onClick={onOpenPasswordStep} data-testid="key-open-password-step">
              Next: turn password login off
            </Link>
          )}
        </div>
        {k.installing && <Text className={styles.muted}>The terminal below asks for the password of the remote user once. The prompt names the host "ocss-pinned-host": that is the host key you accepted. The key itself is sent by the app after the login.</Text>}

        {k.result && (
          <MessageBar intent={k.result.outcome === 'installed' && k.result.proven ? 'success' : k.result.outcome === 'installed' ? 'warning' : 'error'} layout="multiline" data-testid={`key-outcome-${k.result.outcome}`}>
            <MessageBarBody>
              <MessageBarTitle>{OUTCOME_TITLE[k.result.outcome]}{k.result.outcome === 'installed' ? (k.result.proven ? ' and proven with BatchMode' : ' but not proven') : ''}</MessageBarTitle>
              {k.result.message} {k.result.hint}
            </MessageBarBody>
          </MessageBar>
        )}
        {k.proveResult && (
          <MessageBar intent={k.proveResult.proven ? 'success' : 'error'} layout="multiline" data-testid={`key-prove-${k.proveResult.proven ? 'ok' : 'failed'}`}>
            <MessageBarBody>
              <MessageBarTitle>{k.proveResult.proven ? 'Key login works' : 'Key login failed'}</MessageBarTitle>
              {k.proveResult.message} {k.proveResult.hint}
            </MessageBarBody>
          </MessageBar>
        )}
        {k.error && <ErrorBar error={k.error} onDismiss={k.dismiss} testId="key-error" />}
      </div>
    </Card>
  )
}
