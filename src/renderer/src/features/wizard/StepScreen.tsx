import { Badge, Button, Card, CardHeader, makeStyles, MessageBar, MessageBarBody, Text, Title2, tokens } from '@fluentui/react-components'
import { useEffect, useRef, useState } from 'react'
import type { RunFinished, TargetSummary } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import type { CheckRecord, StepAction, StepEffect, StepView } from '../../../../shared/step'
import { plainInputs } from '../../../../shared/step-inputs'
import { ArrowSync20Regular, ArrowUndo20Regular, Play20Filled } from '../../components/icons'
import { JobMessages } from '../../components/JobMessages'
import { TerminalView } from '../terminal/TerminalView'
import { CheckResultCard } from './CheckResultCard'
import { ScriptTabs } from './ScriptTabs'
import { inputErrors, StepInputsForm } from './StepInputsForm'
import { UndoConfirmDialog } from './UndoConfirmDialog'

const useStyles = makeStyles({
  screen: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', alignItems: 'flex-end', justifyContent: 'space-between', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  heading: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  eyebrow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  rationale: { lineHeight: tokens.lineHeightBase400, fontSize: tokens.fontSizeBase300 },
  warnings: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: tokens.spacingHorizontalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  whyTable: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, '& th, & td': { textAlign: 'left', padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, verticalAlign: 'top' } },
})

/** What each effect means, next to the Run button (core/service/step-effects.ts does the service-side ones). */
const EFFECT_TEXT: Readonly<Record<StepEffect, string>> = {
  'restart-gateway': 'Restarts the OpenClaw gateway when the change needs it.',
  'recreate-sandbox': 'Recreates the OpenClaw sandbox when the change needs it.',
  'restart-wsl-distro': 'Restarts the WSL distribution afterwards, then checks again.',
  'ssh-lockout-guard': 'Lock-out guard: refused until the app key logs in; a fresh key-only login must succeed while the change is live, or the machine rolls back.',
}

/** A step this one requires, as the wizard shows it next to Run. */
export interface StepRequirementView {
  readonly stepId: string
  readonly title: string
  readonly why: string
  readonly passes: boolean
}

export interface StepScreenProps {
  readonly step: StepView
  readonly record: CheckRecord | undefined
  readonly stale: boolean
  readonly connected: TargetSummary | null
  /** Title of the running job (any step), or null. */
  readonly running: string | null
  /** The running job belongs to this step. */
  readonly runningHere: boolean
  readonly cancellable: boolean
  readonly lastRun: RunFinished | null
  readonly runError: AppErrorShape | null
  /** The non-secret inputs saved for this step on this target. */
  readonly savedInputs?: Readonly<Record<string, string>>
  /** The requirements that apply to the connected target's kind. */
  readonly requirements?: readonly StepRequirementView[]
  /** Apply, undo or one of the step's extra actions, with the form's values. */
  readonly onRun: (action: StepAction | string, inputs: Readonly<Record<string, string>>) => void
  readonly onRecheck: () => void
  readonly onCancel: () => void
  readonly onDismiss: () => void
}

/** One hardening step: why, warnings, the exact scripts, Run / Re-check / Undo, the terminal and the check result. */
export function StepScreen(props: StepScreenProps): React.JSX.Element {
  const { step, record, stale, connected, running, runningHere, cancellable, lastRun, runError } = props
  const styles = useStyles()
  const [confirmUndo, setConfirmUndo] = useState(false)
  const terminalRef = useRef<HTMLDivElement>(null)
  const busy = running !== null
  const disabled = !connected || busy
  const applicable = !connected || step.targets.includes(connected.kind)
  const inputs = step.inputs ?? []
  // Only the inputs the form has (the saved ones may hold more, e.g. the SHA-256 the app keeps of a secret-url).
  const [values, setValues] = useState<Record<string, string>>(() => plainInputs(inputs, props.savedInputs ?? {}))
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [submitted, setSubmitted] = useState(false)
  const allErrors = inputErrors(inputs, values, true)
  const shownErrors = Object.fromEntries(Object.entries(allErrors).filter(([name]) => submitted || touched.has(name)))
  const missing = (props.requirements ?? []).filter((r) => !r.passes)
  // Only what the person typed or had saved: a secret goes to the service for this one job and is then cleared here.
  const send = (action: string, requireAll: boolean): void => {
    const errors = inputErrors(inputs, values, requireAll)
    setSubmitted(true)
    if (Object.keys(errors).length > 0) return
    props.onRun(action, values)
    setValues((v) => plainInputs(inputs, v))
  }

  // Bring the terminal into view when a job starts, so a sudo prompt is not missed.
  useEffect(() => {
    if (runningHere) terminalRef.current?.scrollIntoView({ behavior: 'smooth', block: 'nearest' })
  }, [runningHere])

  const action = (label: string, testId: string, icon: React.JSX.Element, onClick: () => void, primary = false): React.JSX.Element => (
    <Button appearance={primary ? 'primary' : 'secondary'} icon={icon} onClick={onClick} disabled={disabled || !applicable} data-testid={testId}>
      {label}
    </Button>
  )

  return (
    <div className={styles.screen} data-testid={`step-screen-${step.id}`}>
      <div className={styles.header}>
        <div className={styles.heading}>
          <div className={styles.eyebrow}>
            <Badge appearance="outline" color="brand" data-testid="step-layer">
              Layer {step.layer}
            </Badge>
            <Text size={200}>Hardening step</Text>
          </div>
          <Title2 as="h1" data-testid="step-title">
            {step.title}
          </Title2>
        </div>
        <div className={styles.actions}>
          {action('Run', 'step-run', <Play20Filled />, () => send('apply', true), true)}
          {(step.actions ?? []).map((a) => (
            <Button key={a.id} appearance="secondary" title={a.description} onClick={() => send(a.id, false)} disabled={disabled || !applicable} data-testid={`step-action-${a.id}`}>
              {a.label}
            </Button>
          ))}
          {action('Re-check', 'step-recheck', <ArrowSync20Regular />, props.onRecheck)}
          {action('Undo', 'step-undo', <ArrowUndo20Regular />, () => setConfirmUndo(true))}
        </div>
      </div>

      {!connected && (
        <MessageBar intent="info" data-testid="step-not-connected">
          <MessageBarBody>Connect to a machine to run or check this step.</MessageBarBody>
        </MessageBar>
      )}

      {!applicable && connected && (
        <MessageBar intent="info">
          <MessageBarBody>This step does not apply to {connected.kind.toUpperCase()} targets.</MessageBarBody>
        </MessageBar>
      )}

      {missing.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="step-requirements">
          <MessageBarBody>
            {missing.map((r) => (
              <div key={r.stepId}>
                Run “{r.title}” first: {r.why}
              </div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}

      {(step.effects ?? []).length > 0 && (
        <ul className={styles.list} data-testid="step-effects">
          {(step.effects ?? []).map((e) => (
            <li key={e}>
              <Text size={200}>{EFFECT_TEXT[e]}</Text>
            </li>
          ))}
        </ul>
      )}

      {inputs.length > 0 && (
        <Card className={styles.card}>
          <CardHeader header={<Text weight="semibold" size={400} as="h2">Settings for this step</Text>} />
          <StepInputsForm
            inputs={inputs}
            values={values}
            errors={shownErrors}
            disabled={busy}
            onChange={(name, value) => {
              setValues((v) => ({ ...v, [name]: value }))
              setTouched((t) => new Set([...t, name]))
            }}
          />
        </Card>
      )}

      <JobMessages
        running={running}
        cancellable={cancellable}
        result={lastRun && lastRun.stepIds.includes(step.id) ? lastRun : null}
        error={runError}
        onCancel={props.onCancel}
        onDismiss={props.onDismiss}
      />

      <CheckResultCard stepId={step.id} record={record} stale={stale} />

      <Card className={styles.card}>
        <CardHeader header={<Text weight="semibold" size={400} as="h2">Why it matters</Text>} />
        <Text className={styles.rationale} data-testid="step-rationale">
          {step.rationale}
        </Text>
        {(step.why ?? []).map((w) => (
          <section key={w.title} data-testid="step-why-section">
            <Text weight="semibold" as="h3" block>
              {w.title}
            </Text>
            {(w.paragraphs ?? []).map((p) => (
              <Text key={p} className={styles.rationale} as="p" block>
                {p}
              </Text>
            ))}
            {w.bullets && w.bullets.length > 0 && (
              <ul className={styles.list}>
                {w.bullets.map((b) => (
                  <li key={b}>
                    <Text>{b}</Text>
                  </li>
                ))}
              </ul>
            )}
            {w.table && (
              <table className={styles.whyTable} data-testid="step-why-table">
                <thead>
                  <tr>
                    {w.table.columns.map((c) => (
                      <th key={c}>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {w.table.rows.map((r) => (
                    <tr key={r.join('|')}>
                      {r.map((c, i) => (
                        <td key={i}>{c}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
        {step.warnings.length > 0 && (
          <div className={styles.warnings} data-testid="step-warnings">
            {step.warnings.map((w) => (
              <MessageBar key={w} intent="warning" layout="multiline">
                <MessageBarBody>{w}</MessageBarBody>
              </MessageBar>
            ))}
          </div>
        )}
      </Card>

      <ScriptTabs step={step} />

      <div ref={terminalRef}>
        <TerminalView height={300} />
      </div>

      <UndoConfirmDialog
        open={confirmUndo}
        stepTitle={step.title}
        targetLabel={connected?.label ?? 'the machine'}
        onWindows={step.actor === 'windows'}
        onCancel={() => setConfirmUndo(false)}
        onConfirm={() => {
          setConfirmUndo(false)
          props.onRun('undo', plainInputs(inputs, values))
        }}
      />
    </div>
  )
}
