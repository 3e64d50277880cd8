import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components'
import type { ConnectionStatus } from '../../../shared/ipc-contract'
import { ArrowSync20Regular } from '../components/icons'
import { useNow } from '../components/useNow'

const useStyles = makeStyles({ bar: { marginBottom: '16px' } })

export interface ConnectionBannerProps {
  readonly status: ConnectionStatus
  readonly onReconnect: () => void
}

/** Under the header while the connection is lost or being re-established: what happened, what to do, Reconnect. */
export function ConnectionBanner({ status, onReconnect }: ConnectionBannerProps): React.JSX.Element | null {
  const styles = useStyles()
  const now = useNow(1000)
  if (status.state !== 'lost' && status.state !== 'reconnecting') return null
  const reconnecting = status.state === 'reconnecting'
  const waiting = reconnecting || status.autoRetry
  const left = status.timeoutMs !== null ? Math.max(0, Math.ceil((Date.parse(status.since) + status.timeoutMs - now) / 1000)) : null
  return (
    <MessageBar className={styles.bar} intent={reconnecting ? 'warning' : 'error'} layout="multiline" data-testid="connection-banner" data-state={status.state}>
      <MessageBarBody>
        <MessageBarTitle>{reconnecting ? 'Reconnecting' : 'Connection lost'}</MessageBarTitle>
        {status.message} {status.hint}
        {reconnecting && left !== null ? ` (gives up on this attempt in ${left} s)` : ''}
      </MessageBarBody>
      <MessageBarActions>
        {waiting ? (
          <Spinner size="tiny" label="Reconnecting…" />
        ) : (
          <Button icon={<ArrowSync20Regular />} onClick={onReconnect} data-testid="connection-reconnect">
            Reconnect
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  )
}
