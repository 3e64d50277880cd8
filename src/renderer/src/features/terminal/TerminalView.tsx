import { Badge, Button, Input, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components'
import { useEffect, useRef, useState } from 'react'
import { ArrowDown16Regular, ArrowUp16Regular, Search16Regular, WindowConsole20Regular } from '../../components/icons'
import { terminalSession } from './terminalSession'
import { useTerminalState } from './useTerminalState'

const useStyles = makeStyles({
  frame: {
    display: 'flex',
    flexDirection: 'column',
    borderRadius: tokens.borderRadiusLarge,
    overflow: 'hidden',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    boxShadow: tokens.shadow4,
    backgroundColor: '#1b1b1f',
  },
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: '#2b2b30',
    color: '#e8e8e8',
    minHeight: '40px',
  },
  title: { fontWeight: tokens.fontWeightSemibold, color: '#f0f0f0' },
  spacer: { flexGrow: 1 },
  search: { width: '200px' },
  iconButton: { color: '#e8e8e8', minWidth: '28px' },
  screen: {
    padding: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    outlineStyle: 'none',
  },
  hint: { color: '#b8b8b8' },
})

export interface TerminalViewProps {
  /** Height of the terminal screen in pixels. */
  readonly height?: number
  /** A short line for the toolbar, e.g. "Running the apply script". */
  readonly caption?: string
}

/** The embedded terminal: the app's single xterm instance, with search. */
export function TerminalView({ height = 320, caption }: TerminalViewProps): React.JSX.Element {
  const styles = useStyles()
  const screenRef = useRef<HTMLDivElement>(null)
  const state = useTerminalState()
  const [query, setQuery] = useState('')

  useEffect(() => {
    const container = screenRef.current
    if (!container) return
    const session = terminalSession()
    session.attach(container)
    return () => session.detach(container)
  }, [])

  const running = state.sessionId !== null && state.exitCode === null
  const status = state.sessionId === null ? null : running ? { text: 'running', color: 'brand' as const } : { text: state.exitCode === 0 ? 'exited 0' : `exited ${state.exitCode ?? ''}`, color: state.exitCode === 0 ? ('success' as const) : ('danger' as const) }

  const find = (forward: boolean): void => {
    const session = terminalSession()
    if (forward) session.findNext(query)
    else session.findPrevious(query)
  }

  return (
    <section className={styles.frame}>
      <div className={styles.toolbar}>
        <WindowConsole20Regular aria-hidden />
        <Text className={styles.title}>Terminal</Text>
        {status && (
          <Badge appearance="tint" color={status.color} size="small" data-testid="terminal-status">
            {status.text}
          </Badge>
        )}
        {caption && (
          <Text size={200} className={styles.hint}>
            {caption}
          </Text>
        )}
        <span className={styles.spacer} />
        <Input
          className={styles.search}
          size="small"
          appearance="filled-darker"
          placeholder="Search output"
          aria-label="Search the output"
          contentBefore={<Search16Regular aria-hidden />}
          value={query}
          onChange={(_, d) => {
            setQuery(d.value)
            if (d.value === '') terminalSession().clearSearch()
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(!e.shiftKey)
            if (e.key === 'Escape') {
              setQuery('')
              terminalSession().clearSearch()
              terminalSession().focus()
            }
          }}
          data-testid="terminal-search"
        />
        <Tooltip content="Previous match" relationship="label">
          <Button className={styles.iconButton} size="small" appearance="transparent" icon={<ArrowUp16Regular />} onClick={() => find(false)} disabled={!query} />
        </Tooltip>
        <Tooltip content="Next match" relationship="label">
          <Button className={styles.iconButton} size="small" appearance="transparent" icon={<ArrowDown16Regular />} onClick={() => find(true)} disabled={!query} />
        </Tooltip>
      </div>
      <div ref={screenRef} className={styles.screen} style={{ height }} role="region" aria-label="Terminal" data-testid="terminal" />
    </section>
  )
}
