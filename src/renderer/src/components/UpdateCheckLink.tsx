import { Link, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { UpdateCheck } from '../../../shared/ipc-contract'
import { invokeMain, toApiError, type ApiError } from '../api'

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}` },
  text: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  error: { fontSize: tokens.fontSizeBase200, color: tokens.colorPaletteRedForeground1 },
})

type State = { readonly phase: 'idle' } | { readonly phase: 'checking' } | { readonly phase: 'done'; readonly result: UpdateCheck } | { readonly phase: 'failed'; readonly error: ApiError }

/**
 * "Check for updates" (docs/updates.md): main reads the latest release's version from the release feed and this shows
 * it with the release's page, which opens in the system browser. Nothing is downloaded from here.
 */
export function UpdateCheckLink(): React.JSX.Element {
  const styles = useStyles()
  const [state, setState] = useState<State>({ phase: 'idle' })
  const check = (): void => {
    setState({ phase: 'checking' })
    invokeMain('updates:check', {}).then(
      (result) => setState({ phase: 'done', result }),
      (err: unknown) => setState({ phase: 'failed', error: toApiError(err) }),
    )
  }
  const again = (label: string) => (
    <Link as="button" onClick={check} data-testid="update-check">
      {label}
    </Link>
  )
  return (
    <div className={styles.box} data-testid="update-box" aria-live="polite">
      {state.phase === 'idle' && again('Check for updates')}
      {state.phase === 'checking' && <Spinner size="extra-tiny" label="Checking the release feed…" labelPosition="after" />}
      {state.phase === 'done' && !state.result.newer && (
        <>
          <Text className={styles.text} data-testid="update-result">
            Version {state.result.current} is the latest release.
          </Text>
          {again('Check again')}
        </>
      )}
      {state.phase === 'done' && state.result.newer && (
        <>
          <Text className={styles.text} data-testid="update-result">
            Version {state.result.latest} is available (this is {state.result.current}).{' '}
            {state.result.mode === 'auto' ? 'The app offers the signed download when it next starts.' : 'Download it from its release page; nothing is downloaded from here.'}
          </Text>
          <Link href={state.result.url} target="_blank" rel="noreferrer" data-testid="update-release-page">
            Open the release page
          </Link>
        </>
      )}
      {state.phase === 'failed' && (
        <>
          <Text className={styles.error} data-testid="update-error">
            {state.error.message} {state.error.hint}
          </Text>
          {again('Try again')}
        </>
      )}
    </div>
  )
}
