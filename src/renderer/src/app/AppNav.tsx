import { Divider, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components'
import type { CheckRecord, StepView } from '../../../shared/step'
import { TaskListSquareLtr20Regular } from '../components/icons'
import { StatusBadge } from '../components/StatusBadge'
import { UpdateCheckLink } from '../components/UpdateCheckLink'
import type { View } from './useAppController'

const useStyles = makeStyles({
  nav: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    width: '272px',
    flexShrink: 0,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    overflowY: 'auto',
  },
  section: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXS}`,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    width: '100%',
    minHeight: '44px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    textAlign: 'left',
    cursor: 'pointer',
    position: 'relative',
    ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
    fontWeight: tokens.fontWeightSemibold,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1 },
    '::before': {
      content: '""',
      position: 'absolute',
      left: 0,
      top: '10px',
      bottom: '10px',
      width: '3px',
      borderRadius: '2px',
      backgroundColor: tokens.colorBrandBackground,
    },
  },
  text: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  layer: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  divider: { flexGrow: 0, margin: `${tokens.spacingVerticalS} 0` },
  spacer: { flexGrow: 1 },
})

export interface AppNavProps {
  readonly steps: readonly StepView[]
  readonly items: readonly CheckRecord[]
  readonly view: View
  readonly onNavigate: (view: View) => void
}

/** Left navigation: the checklist, then each step with its status; "Check for updates" at the bottom. */
export function AppNav({ steps, items, view, onNavigate }: AppNavProps): React.JSX.Element {
  const styles = useStyles()
  const isChecklist = view.screen === 'checklist'
  return (
    <nav className={styles.nav} aria-label="Steps">
      <button
        type="button"
        className={mergeClasses(styles.item, isChecklist && styles.selected)}
        aria-current={isChecklist ? 'page' : undefined}
        onClick={() => onNavigate({ screen: 'checklist' })}
        data-testid="nav-checklist"
      >
        <TaskListSquareLtr20Regular aria-hidden />
        <span className={styles.text}>Checklist</span>
      </button>
      <Divider className={styles.divider} />
      <Text className={styles.section}>Hardening steps</Text>
      {steps.map((step) => {
        const selected = view.screen === 'step' && view.stepId === step.id
        const status = items.find((i) => i.stepId === step.id)?.status ?? 'unknown'
        return (
          <button
            key={step.id}
            type="button"
            className={mergeClasses(styles.item, selected && styles.selected)}
            aria-current={selected ? 'page' : undefined}
            onClick={() => onNavigate({ screen: 'step', stepId: step.id })}
            data-testid={`nav-step-${step.id}`}
          >
            <span className={styles.text}>
              <span className={styles.layer}>Layer {step.layer}</span>
              <span>{step.title}</span>
            </span>
            <StatusBadge status={status} size="small" testId={`nav-status-${step.id}`} />
          </button>
        )
      })}
      <span className={styles.spacer} />
      <Divider className={styles.divider} />
      <UpdateCheckLink />
    </nav>
  )
}
