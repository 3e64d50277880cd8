import { Badge, type BadgeProps } from '@fluentui/react-components'
import { ITEM_STATUS_LABEL, type ItemStatus } from '../../../shared/checklist-types'
import type { CheckStatus } from '../../../shared/step'
import { CheckmarkCircle16Filled, Clock16Regular, DismissCircle16Filled, QuestionCircle16Regular, Warning16Filled } from './icons'

type Look = { color: BadgeProps['color']; appearance: BadgeProps['appearance']; icon: React.JSX.Element; label: string }

/** Every state a check or a checklist item can read (a check's five are a subset of an item's eleven). */
const LOOK: Record<ItemStatus, Look> = {
  pass: { color: 'success', appearance: 'filled', icon: <CheckmarkCircle16Filled />, label: 'Check passes' },
  fail: { color: 'danger', appearance: 'filled', icon: <DismissCircle16Filled />, label: 'Check fails' },
  error: { color: 'warning', appearance: 'filled', icon: <Warning16Filled />, label: 'The check could not run' },
  interrupted: { color: 'severe', appearance: 'filled', icon: <Warning16Filled />, label: 'Interrupted: the connection dropped before it finished' },
  unknown: { color: 'informative', appearance: 'tint', icon: <QuestionCircle16Regular />, label: 'Not checked' },
  stale: { color: 'warning', appearance: 'tint', icon: <Clock16Regular />, label: 'Re-check needed: the check changed since this result' },
  'not-set-up': { color: 'informative', appearance: 'outline', icon: <QuestionCircle16Regular />, label: 'Not set up yet: this app has no check for it yet' },
  'not-applicable': { color: 'informative', appearance: 'ghost', icon: <QuestionCircle16Regular />, label: 'Does not apply to this kind of machine' },
  confirmed: { color: 'brand', appearance: 'filled', icon: <CheckmarkCircle16Filled />, label: 'Confirmed by hand' },
  due: { color: 'danger', appearance: 'tint', icon: <Clock16Regular />, label: 'Due: the confirmation expired; confirm it again' },
  waived: { color: 'informative', appearance: 'outline', icon: <Warning16Filled />, label: 'Waived with a reason' },
}

export interface StatusBadgeProps {
  readonly status: CheckStatus | ItemStatus
  readonly size?: BadgeProps['size']
  readonly testId?: string
  /** Show the item label ("Not set up yet") instead of the status word. */
  readonly labelled?: boolean
}

/** A status badge; its text is the status word (pass, fail, …) or, when `labelled`, the item label. */
export function StatusBadge({ status, size = 'large', testId, labelled = false }: StatusBadgeProps): React.JSX.Element {
  const look = LOOK[status]
  return (
    <Badge appearance={look.appearance} color={look.color} size={size} icon={look.icon} title={look.label} data-testid={testId} data-status={status}>
      {labelled ? ITEM_STATUS_LABEL[status] : status}
    </Badge>
  )
}
