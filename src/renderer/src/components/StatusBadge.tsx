import { Badge, type BadgeProps } from '@fluentui/react-components'
import type { CheckStatus } from '../../../shared/step'
import { CheckmarkCircle16Filled, DismissCircle16Filled, QuestionCircle16Regular, Warning16Filled } from './icons'

const LOOK: Record<CheckStatus, { color: BadgeProps['color']; icon: React.JSX.Element; label: string }> = {
  pass: { color: 'success', icon: <CheckmarkCircle16Filled />, label: 'Check passes' },
  fail: { color: 'danger', icon: <DismissCircle16Filled />, label: 'Check fails' },
  error: { color: 'warning', icon: <Warning16Filled />, label: 'The check could not run' },
  interrupted: { color: 'severe', icon: <Warning16Filled />, label: 'Interrupted: the connection dropped before it finished' },
  unknown: { color: 'informative', icon: <QuestionCircle16Regular />, label: 'Not checked' },
}

export interface StatusBadgeProps {
  readonly status: CheckStatus
  readonly size?: BadgeProps['size']
  readonly testId?: string
}

/** A status badge whose text content is exactly the status word (pass, fail, error, interrupted, unknown). */
export function StatusBadge({ status, size = 'large', testId }: StatusBadgeProps): React.JSX.Element {
  const look = LOOK[status]
  return (
    <Badge
      appearance={status === 'unknown' ? 'tint' : 'filled'}
      color={look.color}
      size={size}
      icon={look.icon}
      title={look.label}
      data-testid={testId}
      data-status={status}
    >
      {status}
    </Badge>
  )
}
