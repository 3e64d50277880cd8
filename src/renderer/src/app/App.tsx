import { FluentProvider, makeStyles, Spinner, tokens, webLightTheme } from '@fluentui/react-components'
import { targetKey } from '../../../shared/target-spec'
import { applicableRequirements } from '../../../shared/step-requirements'
import { ErrorBar } from '../components/ErrorBar'
import { jobTitle } from '../components/jobTitle'
import { ChecklistScreen } from '../features/checklist/ChecklistScreen'
import { ConnectScreen } from '../features/connect/ConnectScreen'
import { HostKeyDialog } from '../features/connect/HostKeyDialog'
import { SudoPasswordBar } from '../features/connect/SudoPasswordBar'
import { WarningBar } from '../components/WarningBar'
import { KeyPanel } from '../features/key-setup/KeyPanel'
import { useTerminalState } from '../features/terminal/useTerminalState'
import { StepScreen } from '../features/wizard/StepScreen'
import { AppNav } from './AppNav'
import { ConnectionBanner } from './ConnectionBanner'
import { StoreProblems } from './StoreProblems'
import { HeaderBar } from './HeaderBar'
import { useAppController, type AppController } from './useAppController'

const useStyles = makeStyles({
  shell: { display: 'flex', flexDirection: 'column', height: '100%', backgroundColor: tokens.colorNeutralBackground2 },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  content: { flexGrow: 1, minWidth: 0, overflowY: 'auto', padding: `${tokens.spacingVerticalXXL} 40px 48px`, backgroundColor: tokens.colorNeutralBackground3 },
  inner: { maxWidth: '1120px', margin: '0 auto' },
  center: { display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%' },
})

/** The whole window. */
export function App(): React.JSX.Element {
  return (
    <FluentProvider theme={webLightTheme}>
      <Shell />
    </FluentProvider>
  )
}

function Shell(): React.JSX.Element {
  const styles = useStyles()
  const app = useAppController()
  const terminal = useTerminalState()

  const autoConnecting = app.connecting === 'auto' || (app.hostKey?.auto ?? false)
  const showMain = app.connected !== null || autoConnecting
  const connectingTo = app.connecting && !app.connected ? (app.checklist.targetLabel ?? (app.lastTarget ? targetKey(app.lastTarget) : null)) : null

  return (
    <div className={styles.shell}>
      <HeaderBar connected={app.connected} connection={app.connection} connectingTo={connectingTo} disconnectDisabled={app.job !== null || app.starting !== null} onDisconnect={app.disconnect} />
      {!app.loaded ? (
        <div className={styles.center} data-testid="app-loading">
          <Spinner label="Loading…" />
        </div>
      ) : app.loadError ? (
        <div className={styles.content}>
          <div className={styles.inner}>
            <ErrorBar error={app.loadError} testId="app-error" />
          </div>
        </div>
      ) : showMain ? (
        <div className={styles.body}>
          <AppNav steps={visibleSteps(app)} items={app.checklist.items} view={app.view} onNavigate={app.navigate} />
          <main className={styles.content}>
            <div className={styles.inner}>
              <StoreProblems problems={app.storeProblems} />
              <ConnectionBanner status={app.connection} onReconnect={app.reconnect} />
              {app.connected?.warnings?.map((w) => <WarningBar key={w} text={w} />)}
              {app.connected && <SudoPasswordBar connected={app.connected} onSubmit={app.submitSudoPassword} />}
              <MainScreen app={app} showTerminal={terminal.sessionId !== null} />
            </div>
          </main>
        </div>
      ) : (
        <main className={styles.content}>
          <StoreProblems problems={app.storeProblems} />
          <ConnectScreen
            lastTarget={app.lastTarget}
            busy={app.connecting !== null}
            error={app.connectError}
            checklist={app.checklist}
            steps={app.steps}
            onConnect={app.connect}
            onDismissError={app.dismissConnectError}
            wslSetupUnderWay={app.setup !== null}
            authFailed={app.authFailed}
          />
        </main>
      )}
      {app.hostKey && (
        <HostKeyDialog
          open
          hostLabel={app.hostKey.hostLabel}
          keyType={app.hostKey.keyType}
          fingerprint={app.hostKey.fingerprint}
          busy={app.connecting !== null}
          onTrust={app.trustHostKey}
          onCancel={app.cancelHostKey}
        />
      )}
    </div>
  )
}

/** Steps that apply to the connected (or last) target's kind. */
function visibleSteps(app: AppController): AppController['steps'] {
  const kind = app.connected?.kind ?? app.lastTarget?.kind
  return kind ? app.steps.filter((s) => s.targets.includes(kind)) : app.steps
}

function MainScreen({ app, showTerminal }: { readonly app: AppController; readonly showTerminal: boolean }): React.JSX.Element {
  const titleOf = (id: string): string => app.steps.find((s) => s.id === id)?.title ?? id
  const kind = app.job?.kind ?? app.starting
  const running = kind ? jobTitle(kind, (app.job?.stepIds ?? []).map(titleOf)) : null
  const cancellable = app.job !== null
  const common = { running, cancellable, lastRun: app.lastRun, runError: app.runError, onCancel: app.cancelJob, onDismiss: app.dismissRunMessages }

  const view = app.view
  const step = view.screen === 'step' ? app.steps.find((s) => s.id === view.stepId) : undefined
  if (step) {
    return (
      <StepScreen
        key={step.id}
        step={step}
        record={app.checklist.items.find((i) => i.stepId === step.id)}
        stale={!app.liveChecked.has(step.id)}
        connected={app.connected}
        runningHere={app.job?.stepIds.includes(step.id) ?? false}
        savedInputs={app.checklist.stepInputs?.[step.id] ?? {}}
        requirements={(app.connected ? applicableRequirements(step, app.connected.kind, app.checklist.stepInputs?.[step.id] ?? {}) : (step.requires ?? []))
          .map((r) => ({ stepId: r.step, title: titleOf(r.step), why: r.why, passes: app.checklist.items.find((i) => i.stepId === r.step)?.status === 'pass' }))}
        onRun={(action, inputs) => app.runStep(step.id, action, inputs)}
        onRecheck={() => app.recheck([step.id])}
        {...common}
      />
    )
  }
  return (
    <ChecklistScreen
      checklist={app.checklist}
      steps={app.steps}
      connected={app.connected}
      connecting={app.connecting !== null}
      liveChecked={app.liveChecked}
      showTerminal={showTerminal || running !== null}
      onRecheckAll={() => app.recheck()}
      onOpenStep={(stepId) => app.navigate({ screen: 'step', stepId })}
      extra={app.connected?.kind === 'ssh' ? <KeyPanel targetKey={app.connected.key} terminalBusy={running !== null} onOpenPasswordStep={() => app.navigate({ screen: 'step', stepId: 'ssh-password-login' })} /> : undefined}
      {...common}
    />
  )
}
