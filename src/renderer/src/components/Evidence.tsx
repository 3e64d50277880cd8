import { Button, makeStyles, tokens } from '@fluentui/react-components'
import { ChevronDown16Regular, ChevronUp16Regular } from './icons'

const useStyles = makeStyles({
  evidence: {
    margin: `${tokens.spacingVerticalM} 0 0 0`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    maxHeight: '240px',
    overflow: 'auto',
    whiteSpace: 'pre',
  },
})

export interface EvidenceToggleProps {
  readonly open: boolean
  readonly onToggle: () => void
  /** No evidence: the button is disabled and says so. */
  readonly empty: boolean
  /** Text while closed, e.g. "Evidence (3)". */
  readonly label: string
  /** The id of the EvidenceBlock it opens. */
  readonly controls: string
  readonly testId: string
}

/** Shows or hides a check's evidence. */
export function EvidenceToggle({ open, onToggle, empty, label, controls, testId }: EvidenceToggleProps): React.JSX.Element {
  return (
    <Button
      appearance="subtle"
      size="small"
      icon={open ? <ChevronUp16Regular /> : <ChevronDown16Regular />}
      iconPosition="after"
      onClick={onToggle}
      disabled={empty}
      aria-expanded={open}
      aria-controls={controls}
      data-testid={testId}
    >
      {empty ? 'No evidence' : open ? 'Hide evidence' : label}
    </Button>
  )
}

/** A check's evidence: real command output, monospaced; `id` is also its test id. */
export function EvidenceBlock({ id, label, text }: { readonly id: string; readonly label: string; readonly text: string }): React.JSX.Element {
  const styles = useStyles()
  return (
    <pre className={styles.evidence} id={id} data-testid={id} aria-label={label}>
      {text}
    </pre>
  )
}
