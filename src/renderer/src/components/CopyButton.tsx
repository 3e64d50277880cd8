import { Button, Tooltip } from '@fluentui/react-components'
import { useEffect, useState } from 'react'
import { copyToClipboard } from '../api'
import { Checkmark16Regular, Copy16Regular } from './icons'

export interface CopyButtonProps {
  readonly text: string
  /** What is being copied, for the accessible name ("Copy the apply script"). */
  readonly what: string
  readonly testId?: string
}

type CopyState = 'idle' | 'copied' | 'failed'

/** Copies `text` to the clipboard (through main: the page has no clipboard permission) and says "Copied" for a moment. */
export function CopyButton({ text, what, testId }: CopyButtonProps): React.JSX.Element {
  const [state, setState] = useState<CopyState>('idle')

  useEffect(() => {
    if (state === 'idle') return
    const timer = window.setTimeout(() => setState('idle'), 2000)
    return () => window.clearTimeout(timer)
  }, [state])

  const copy = (): void => {
    copyToClipboard(text).then(
      () => setState('copied'),
      (err: unknown) => {
        console.warn('Copy failed:', err instanceof Error ? err.message : String(err))
        setState('failed')
      },
    )
  }

  const label = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'
  return (
    <Tooltip content={`Copy ${what} to the clipboard`} relationship="description">
      <Button
        size="small"
        appearance="secondary"
        icon={state === 'copied' ? <Checkmark16Regular /> : <Copy16Regular />}
        onClick={copy}
        aria-label={`Copy ${what}`}
        aria-live="polite"
        data-testid={testId}
      >
        {label}
      </Button>
    </Tooltip>
  )
}
