import type { RunFinished } from '../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../shared/result'
import { ErrorBar } from './ErrorBar'
import { RunningBar } from './RunningBar'
import { RunResultBar } from './RunResultBar'

export interface JobMessagesProps {
  /** Title of the running job, or null when nothing runs. */
  readonly running: string | null
  readonly cancellable: boolean
  readonly result: RunFinished | null
  readonly error: AppErrorShape | null
  readonly onCancel: () => void
  readonly onDismiss: () => void
}

/** The running / finished / failed-to-start message of a job. */
export function JobMessages({ running, cancellable, result, error, onCancel, onDismiss }: JobMessagesProps): React.JSX.Element | null {
  if (running) return <RunningBar title={running} cancellable={cancellable} onCancel={onCancel} />
  if (error) return <ErrorBar error={error} onDismiss={onDismiss} testId="run-error" />
  if (result) return <RunResultBar result={result} onDismiss={onDismiss} />
  return null
}
