import { Button, Card, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, tokens } from '@fluentui/react-components'
import { useEffect, useRef } from 'react'
import { targetKey, type SshTargetSpec } from '../../../../shared/target-spec'
import { ErrorBar } from '../../components/ErrorBar'
import { Key20Regular, Stop20Regular } from '../../components/icons'
import { TerminalView } from '../terminal/TerminalView'
import { useKeySetup } from './useKeySetup'

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXXL },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
})

export interface FirstKeyInstallProps {
  /** The machine that refused the login; its host key is already pinned. */
  readonly spec: SshTargetSpec
  /** The key is installed and a key-only login succeeded: connect again. */
  readonly onProven: () => void
}

/**
 * On the connect screen, after a machine refused the login: installs the app's own key with the account's password,
 * typed once in the terminal, then proves a key-only login and connects.
 */
export function FirstKeyInstall({ spec, onProven }: FirstKeyInstallProps): React.JSX.Element {
  const styles = useStyles()
  const keys = useKeySetup(targetKey(spec), spec)
  const proven = keys.result?.proven === true
  const connected = useRef(false)
  useEffect(() => {
    // Once per proof, whatever re-renders follow.
    if (proven && !connected.current) {
      connected.current = true
      onProven()
    }
  }, [proven, onProven])
  return (
    <Card className={styles.card} data-testid="first-key-install">
      <Subtitle2 as="h2">Log in with the app&apos;s own key</Subtitle2>
      <Text>
        {spec.user}@{spec.host} did not accept a key login. If it lets <strong>{spec.user}</strong> log in with a password (a freshly installed VM
        usually does), the app can install its own key: press the button and type that password once, in the terminal below. The app then proves a
        key-only login and connects with it; afterwards you can turn password login off.
      </Text>
      {keys.status && (
        <Text className={styles.mono} data-testid="first-key-fingerprint">
          App key: {keys.status.fingerprint}
        </Text>
      )}
      <div className={styles.row}>
        <Button appearance="primary" icon={<Key20Regular />} onClick={keys.install} disabled={keys.installing !== null} data-testid="first-key-install-start">
          Install the app&apos;s key with my password
        </Button>
        {keys.installing && (
          <Button icon={<Stop20Regular />} onClick={keys.cancel} data-testid="first-key-install-cancel">
            Cancel
          </Button>
        )}
      </div>
      {keys.error && <ErrorBar error={keys.error} onDismiss={keys.dismiss} testId="first-key-error" />}
      {keys.result && (
        <MessageBar intent={keys.result.proven ? 'success' : 'error'} layout="multiline" data-testid={`first-key-outcome-${keys.result.outcome}`}>
          <MessageBarBody>
            <MessageBarTitle>{keys.result.proven ? 'Key installed; connecting…' : 'The key was not installed'}</MessageBarTitle>
            {keys.result.message} {keys.result.proven ? '' : keys.result.hint}
          </MessageBarBody>
        </MessageBar>
      )}
      {(keys.installing !== null || keys.result !== null) && <TerminalView height={220} caption="Key install" />}
    </Card>
  )
}
