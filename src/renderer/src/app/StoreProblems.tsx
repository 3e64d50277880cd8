import { makeStyles } from '@fluentui/react-components'
import { useState } from 'react'
import type { AppErrorShape } from '../../../shared/result'
import { ErrorBar } from '../components/ErrorBar'

const useStyles = makeStyles({ list: { display: 'flex', flexDirection: 'column', gap: '8px', marginBottom: '16px', maxWidth: '1120px', margin: '0 auto 16px' } })

/** Saved files the app could not use (moved aside at start): what happened and what to do, until dismissed. */
export function StoreProblems({ problems }: { readonly problems: readonly AppErrorShape[] }): React.JSX.Element | null {
  const styles = useStyles()
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set())
  const shown = problems.map((p, i) => ({ p, i })).filter(({ i }) => !dismissed.has(i))
  if (shown.length === 0) return null
  return (
    <div className={styles.list} data-testid="store-problems">
      {shown.map(({ p, i }) => (
        <ErrorBar key={i} error={p} testId={`store-problem-${i}`} onDismiss={() => setDismissed((d) => new Set([...d, i]))} />
      ))}
    </div>
  )
}
