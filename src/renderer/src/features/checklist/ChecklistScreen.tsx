import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, Spinner, Text, Title2, tokens } from '@fluentui/react-components'
import type { ChecklistView, RunFinished, TargetSummary } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import type { StepView } from '../../../../shared/step'
import { ErrorBar } from '../../components/ErrorBar'
import { ArrowSync20Regular, Dismiss16Regular } from '../../components/icons'
import { JobMessages } from '../../components/JobMessages'
import { useNow } from '../../components/useNow'
import { TerminalView } from '../terminal/TerminalView'
import { ChecklistItems } from './ChecklistItems'
import { ExportMenu } from './ExportMenu'
import { ManualDialog } from './ManualDialogs'
import { useChecklistActions } from './useChecklistActions'
import { savedNotice } from './savedNotice'
import { StatusCounts } from './StatusCounts'

const useStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', alignItems: 'flex-end', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  heading: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  target: { color: tokens.colorNeutralForeground2, fontFamily: tokens.fontFamilyMonospace },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
})

export interface ChecklistScreenProps {
  readonly checklist: ChecklistView
  readonly steps: readonly StepView[]
  readonly connected: TargetSummary | null
  readonly connecting: boolean
  readonly liveChecked: ReadonlySet<string>
  /** Title of the running job, or null. */
  readonly running: string | null
  readonly cancellable: boolean
  readonly lastRun: RunFinished | null
  readonly runError: AppErrorShape | null
  readonly showTerminal: boolean
  readonly onRecheckAll: () => void
  readonly onCancel: () => void
  readonly onDismiss: () => void
  readonly onOpenStep: (stepId: string) => void
  /** Cards shown above the checklist items (the Key login panel for SSH targets). */
  readonly extra?: React.ReactNode
}

/** Every item's status, evidence and check time for the target; Re-check all. */
export function ChecklistScreen(props: ChecklistScreenProps): React.JSX.Element {
  const { checklist, steps, connected, connecting, liveChecked, running, cancellable, lastRun, runError, showTerminal } = props
  const styles = useStyles()
  const now = useNow()
  const notice = savedNotice({ checklist, liveChecked, connected: connected !== null, connecting, now })
  const label = connected?.label ?? checklist.targetLabel
  const checking = checklist.checking
  const actions = useChecklistActions()
  const hasTarget = checklist.targetKey !== null

  return (
    <div className={styles.screen} data-testid="checklist-screen">
      <div className={styles.header}>
        <div className={styles.heading}>
          <Title2 as="h1">Security checklist</Title2>
          <Text className={styles.target} data-testid="checklist-target">
            {label ?? 'No machine yet'}
          </Text>
        </div>
        <div className={styles.buttons}>
        <ExportMenu disabled={!hasTarget} onExport={actions.exportReport} />
        <Button
          appearance="primary"
          icon={checking ? <Spinner size="tiny" /> : <ArrowSync20Regular />}
          disabled={!connected || running !== null || checking}
          onClick={props.onRecheckAll}
          data-testid="checklist-recheck-all"
        >
          {checking ? 'Re-checking…' : 'Re-check all'}
        </Button>
        </div>
      </div>

      {actions.exported && (
        <MessageBar intent={actions.exported.saved ? 'success' : 'info'} data-testid="report-export-result" data-saved={String(actions.exported.saved)}>
          <MessageBarBody>{actions.exported.saved ? `Report saved to ${actions.exported.path ?? ''} (secrets in command output are redacted).` : 'Export cancelled; nothing was written.'}</MessageBarBody>
          <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss16Regular />} onClick={actions.dismissExport} />} />
        </MessageBar>
      )}
      {actions.exportError && <ErrorBar error={actions.exportError} testId="report-export-error" onDismiss={actions.dismissExport} />}

      {notice && (
        <MessageBar intent="info" data-testid="checklist-saved-banner">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}

      <JobMessages
        running={running}
        cancellable={cancellable}
        result={lastRun?.kind === 'check' ? lastRun : null}
        error={runError}
        onCancel={props.onCancel}
        onDismiss={props.onDismiss}
      />

      {props.extra}

      <StatusCounts entries={checklist.entries ?? []} items={checklist.items} />

      <ChecklistItems
        checklist={checklist}
        steps={steps}
        onOpenStep={props.onOpenStep}
        {...(hasTarget ? { onConfirm: actions.openConfirm, onWaive: actions.openWaive, onClear: actions.clear } : {})}
      />

      {actions.dialog && (
        <ManualDialog
          key={`${actions.dialog.kind}-${actions.dialog.entry.item.id}`}
          kind={actions.dialog.kind}
          item={actions.dialog.entry.item}
          busy={actions.busy}
          error={actions.dialogError}
          onSubmit={actions.submit}
          onCancel={actions.closeDialog}
        />
      )}

      {showTerminal && <TerminalView height={280} />}
    </div>
  )
}
