import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components'
import type { RunFinished } from '../../../shared/ipc-contract'
import { Dismiss16Regular } from './icons'

const TITLES: Record<RunFinished['kind'], [ok: string, failed: string]> = {
  apply: ['Step applied', 'The step did not complete'],
  undo: ['Step undone', 'Undo did not complete'],
  check: ['Check finished', 'Check finished with problems'],
  action: ['Action finished', 'The action did not complete'],
}

export interface RunResultBarProps {
  readonly result: RunFinished
  readonly onDismiss: () => void
}

/** The message of a finished job (run:finished). */
export function RunResultBar({ result, onDismiss }: RunResultBarProps): React.JSX.Element {
  const [okTitle, failTitle] = TITLES[result.kind]
  const title = result.interrupted ? 'Interrupted: the connection dropped' : result.ok ? okTitle : failTitle
  return (
    <MessageBar
      intent={result.ok ? 'success' : result.interrupted ? 'warning' : 'error'}
      layout="multiline"
      data-testid="run-finished"
      data-ok={String(result.ok)}
      data-kind={result.kind}
      data-interrupted={String(result.interrupted)}
    >
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {result.message}
      </MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss16Regular />} onClick={onDismiss} />} />
    </MessageBar>
  )
}
