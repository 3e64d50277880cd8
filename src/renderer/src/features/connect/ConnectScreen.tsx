import { Card, makeStyles, Subtitle2, Text, Title2, tokens } from '@fluentui/react-components'
import type { ChecklistView } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import type { StepView } from '../../../../shared/step'
import type { SshTargetSpec, TargetSpec } from '../../../../shared/target-spec'
import { ErrorBar } from '../../components/ErrorBar'
import { ChecklistItems } from '../checklist/ChecklistItems'
import { FirstKeyInstall } from '../key-setup/FirstKeyInstall'
import { ConnectForm } from './ConnectForm'
import { UpdateCheckLink } from '../../components/UpdateCheckLink'

const useStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '820px', margin: '0 auto', width: '100%' },
  intro: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  lead: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  card: { padding: tokens.spacingHorizontalXXL },
  saved: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  savedLabel: { color: tokens.colorNeutralForeground3 },
})

export interface ConnectScreenProps {
  readonly lastTarget: TargetSpec | null
  readonly busy: boolean
  readonly error: AppErrorShape | null
  readonly checklist: ChecklistView
  readonly steps: readonly StepView[]
  readonly onConnect: (target: TargetSpec) => void
  readonly onDismissError: () => void
  /** A guided WSL setup is under way: the form opens on the WSL side. */
  readonly wslSetupUnderWay?: boolean
  /** An SSH machine that refused the login: offer to install the app's key with the account's password. */
  readonly authFailed?: SshTargetSpec | null
}

/** Shown while no machine is connected: the connect form, and the saved status of the last machine. */
export function ConnectScreen({ lastTarget, busy, error, checklist, steps, onConnect, onDismissError, wslSetupUnderWay = false, authFailed = null }: ConnectScreenProps): React.JSX.Element {
  const styles = useStyles()
  const hasSaved = checklist.targetLabel !== null && checklist.items.length > 0
  return (
    <div className={styles.screen} data-testid="connect-screen">
      <div className={styles.intro}>
        <Title2 as="h1">Connect to the machine to secure</Title2>
        <Text className={styles.lead}>
          OpenClaw Secure Setup connects to the Linux machine that runs (or will run) OpenClaw and walks you through hardening it, one step at a
          time. You see every command before it runs, and every step can be undone.
        </Text>
      </div>

      {error && <ErrorBar error={error} onDismiss={onDismissError} testId="connect-error" />}
      {authFailed && <FirstKeyInstall key={JSON.stringify(authFailed)} spec={authFailed} onProven={() => onConnect(authFailed)} />}

      <Card className={styles.card}>
        <ConnectForm key={lastTarget ? JSON.stringify(lastTarget) : 'empty'} initial={lastTarget} busy={busy} onConnect={onConnect} preferWsl={wslSetupUnderWay} />
      </Card>

      {hasSaved && (
        <section className={styles.saved} aria-label="Saved status">
          <div>
            <Subtitle2 as="h2" block>
              Saved status
            </Subtitle2>
            <Text as="p" block size={200} className={styles.savedLabel} data-testid="connect-saved-target">
              {checklist.targetLabel}: saved results, not re-checked yet. Connect to re-check them.
            </Text>
          </div>
          <ChecklistItems checklist={checklist} steps={steps} />
        </section>
      )}

      <footer aria-label="Updates">
        <UpdateCheckLink />
      </footer>
    </div>
  )
}
