import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components'
import { CopyButton } from '../../components/CopyButton'
import { Key20Regular } from '../../components/icons'
import { hostKeyCommand } from './hostKeyCommand'

const useStyles = makeStyles({
  surface: { maxWidth: '660px' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  keyBox: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalM + ' ' + tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  keyLabel: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300, wordBreak: 'break-all' },
  fingerprint: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-all' },
  command: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  code: {
    flexGrow: 1,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    overflowX: 'auto',
  },
  title: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
})

export interface HostKeyDialogProps {
  readonly open: boolean
  readonly hostLabel: string
  readonly keyType: string
  readonly fingerprint: string
  readonly busy: boolean
  readonly onTrust: () => void
  readonly onCancel: () => void
}

/** First contact with an SSH host: the user compares the fingerprint with the machine's own before trusting it. */
export function HostKeyDialog({ open, hostLabel, keyType, fingerprint, busy, onTrust, onCancel }: HostKeyDialogProps): React.JSX.Element {
  const styles = useStyles()
  const command = hostKeyCommand(keyType)
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface className={styles.surface} data-testid="hostkey-dialog">
        <DialogBody>
          <DialogTitle className={styles.title}>
            <Key20Regular aria-hidden /> Verify the host key
          </DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              This is the first connection to <strong>{hostLabel}</strong>. Make sure it is really your machine before trusting it: the
              fingerprint below must match the one the machine itself reports.
            </Text>
            <div className={styles.keyBox}>
              <Text className={styles.keyLabel}>Key type</Text>
              <Text className={styles.mono} data-testid="hostkey-type">
                {keyType}
              </Text>
              <Text className={styles.keyLabel}>Fingerprint</Text>
              <Text className={styles.fingerprint} data-testid="hostkey-fingerprint">
                {fingerprint}
              </Text>
            </div>
            <Text>
              On the machine itself, run the command below and compare. On Proxmox: in the web interface select the VM, open its{' '}
              <strong>Console</strong>, log in, and type it there (the console does not go through the network, so nobody can fake its answer).
            </Text>
            <div className={styles.command}>
              <pre className={styles.code}>{command}</pre>
              <CopyButton text={command} what="the command" testId="hostkey-copy-command" />
            </div>
            <MessageBar intent="warning">
              <MessageBarBody>If the fingerprints differ, do not connect: someone may be intercepting the connection.</MessageBarBody>
            </MessageBar>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel} disabled={busy} data-testid="hostkey-cancel">
              No, don&apos;t connect
            </Button>
            <Button appearance="primary" onClick={onTrust} disabled={busy} data-testid="hostkey-trust">
              Yes, it matches: trust and connect
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
