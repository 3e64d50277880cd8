import { Badge, Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components'
import type { ConnectionState, ConnectionStatus, TargetSummary } from '../../../shared/ipc-contract'
import { Desktop20Regular, PlugDisconnected20Regular, Server20Regular, ShieldCheckmark24Filled } from '../components/icons'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    height: '52px',
    flexShrink: 0,
    padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  name: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForegroundOnBrand },
  spacer: { flexGrow: 1 },
  target: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'rgba(255, 255, 255, 0.14)',
  },
  label: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForegroundOnBrand },
  muted: { color: tokens.colorNeutralForegroundOnBrand, opacity: 0.85 },
  disconnect: {
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255, 255, 255, 0.16)' },
    ':hover:active': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255, 255, 255, 0.24)' },
  },
})

const SUDO_TEXT: Record<TargetSummary['sudo'], string> = { nopasswd: 'sudo: no password', password: 'sudo: asks for password', root: 'root login' }

/** The badge next to the connected machine. */
const LINK: Partial<Record<ConnectionState, { color: 'success' | 'danger' | 'warning'; text: string }>> = {
  connected: { color: 'success', text: 'connected' },
  lost: { color: 'danger', text: 'connection lost' },
  reconnecting: { color: 'warning', text: 'reconnecting' },
}

/** What the header says while a connection is being made. */
const PHASE: Partial<Record<ConnectionState, string>> = {
  connecting: 'Connecting to',
  'confirm-host-key': 'Confirm the host key of',
  authenticating: 'Logging in to',
}

export interface HeaderBarProps {
  readonly connected: TargetSummary | null
  readonly connection: ConnectionStatus
  /** Label of a target being connected to, or null. */
  readonly connectingTo: string | null
  readonly disconnectDisabled: boolean
  readonly onDisconnect: () => void
}

/** App name, the connected machine and Disconnect. */
export function HeaderBar({ connected, connection, connectingTo, disconnectDisabled, onDisconnect }: HeaderBarProps): React.JSX.Element {
  const styles = useStyles()
  const link = LINK[connection.state] ?? LINK.connected
  const phase = PHASE[connection.state] ?? 'Connecting to'
  return (
    <header className={styles.bar}>
      <ShieldCheckmark24Filled aria-hidden />
      <Text as="h1" className={styles.name}>
        OpenClaw Secure Setup
      </Text>
      <span className={styles.spacer} />
      {connected ? (
        <>
          <div className={styles.target} title={connected.key}>
            {connected.kind === 'wsl' ? <Desktop20Regular aria-hidden /> : <Server20Regular aria-hidden />}
            <Text className={styles.label} data-testid="header-target">
              {connected.label}
            </Text>
            <Badge appearance="filled" color={link?.color} size="small" data-testid="connection-state" data-state={connection.state}>
              {link?.text}
            </Badge>
            <Text size={200} className={styles.muted} data-testid="header-sudo">
              {connected.sudo === 'password' && connected.sudoHeld ? 'sudo: password held in memory' : SUDO_TEXT[connected.sudo]}
            </Text>
          </div>
          <Button appearance="subtle" className={styles.disconnect} icon={<PlugDisconnected20Regular />} onClick={onDisconnect} disabled={disconnectDisabled} data-testid="header-disconnect">
            Disconnect
          </Button>
        </>
      ) : connectingTo ? (
        <div className={styles.target} data-testid="header-connecting" data-state={connection.state}>
          <Spinner size="extra-tiny" appearance="inverted" />
          <Text size={200} className={styles.muted} title={connection.hint}>
            {phase} <span className={styles.label}>{connectingTo}</span>…
          </Text>
        </div>
      ) : (
        <Text size={200} className={styles.muted} data-testid="header-not-connected">
          Not connected
        </Text>
      )}
    </header>
  )
}
