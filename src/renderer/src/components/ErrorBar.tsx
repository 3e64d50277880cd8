import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components'
import type { AppErrorShape } from '../../../shared/result'
import { Dismiss16Regular } from './icons'

export interface ErrorBarProps {
  readonly error: AppErrorShape
  readonly onDismiss?: () => void
  readonly testId?: string
}

/** An error from main: what happened (message) and what to do next (hint). */
export function ErrorBar({ error, onDismiss, testId }: ErrorBarProps): React.JSX.Element {
  return (
    <MessageBar intent="error" layout="multiline" data-testid={testId} data-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{error.message}</MessageBarTitle>
        {error.hint}
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions
          containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss16Regular />} onClick={onDismiss} />}
        />
      )}
    </MessageBar>
  )
}
