import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, tokens } from '@fluentui/react-components'
import { Stop20Regular } from './icons'

const useStyles = makeStyles({
  icon: { display: 'flex', alignItems: 'center', paddingRight: tokens.spacingHorizontalS },
})

export interface RunningBarProps {
  /** What is running, e.g. "Running the apply script". */
  readonly title: string
  /** False while the request is still on its way (nothing to cancel yet). */
  readonly cancellable: boolean
  readonly onCancel: () => void
}

/** Shown while a job runs in the terminal. */
export function RunningBar({ title, cancellable, onCancel }: RunningBarProps): React.JSX.Element {
  const styles = useStyles()
  return (
    <MessageBar
      intent="info"
      icon={
        <span className={styles.icon}>
          <Spinner size="extra-tiny" />
        </span>
      }
      data-testid="job-running"
      role="status"
    >
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        Running… answer any prompt (e.g. the sudo password) in the terminal below.
      </MessageBarBody>
      <MessageBarActions>
        <Button icon={<Stop20Regular />} onClick={onCancel} disabled={!cancellable} data-testid="job-cancel">
          Cancel
        </Button>
      </MessageBarActions>
    </MessageBar>
  )
}
