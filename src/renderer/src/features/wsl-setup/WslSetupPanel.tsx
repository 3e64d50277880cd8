import { Badge, Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Spinner, Subtitle2, Text, tokens } from '@fluentui/react-components'
import { useEffect } from 'react'
import type { WslPreflightView, WslSetupFinished } from '../../../../shared/ipc-contract'
import { ErrorBar } from '../../components/ErrorBar'
import { ArrowSync20Regular, Play20Filled } from '../../components/icons'
import { TerminalView } from '../terminal/TerminalView'
import { useWslSetup } from './useWslSetup'

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  spacer: { flexGrow: 1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  command: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  versions: { color: tokens.colorNeutralForeground3 },
})

export interface WslSetupPanelProps {
  /** The distribution picked in the panel (fills the connect form's distribution field). */
  readonly selected: string
  readonly busy: boolean
  readonly onPick: (distro: string) => void
}

const OUTCOME_TITLES: Readonly<Record<WslSetupFinished['outcome'], string>> = {
  installed: 'Installed',
  'uac-cancelled': 'Installation cancelled at the administrator prompt',
  'reboot-needed': 'Restart Windows to finish',
  'user-created': 'Your Linux user is ready',
  failed: 'That did not work',
}

/** The WSL part of the connect screen: what state WSL is in, what to do next, the distro picker and installers. */
export function WslSetupPanel({ selected, busy, onPick }: WslSetupPanelProps): React.JSX.Element {
  const styles = useStyles()
  const setup = useWslSetup()
  const p = setup.preflight
  const phase = p?.progress?.phase ?? null
  const running = setup.running !== null
  const disabled = busy || running || setup.checking
  const outcome = setup.outcome
  const readyDistro = phase === 'connect' ? (p?.progress?.distro ?? null) : null

  // Once the setup reaches "connect", its distribution goes into the form, so Connect is one press away.
  useEffect(() => {
    if (readyDistro) onPick(readyDistro)
  }, [readyDistro, onPick])

  const installButton = (label: string) => (
    <Button appearance="primary" icon={<Play20Filled />} disabled={disabled} onClick={setup.install} data-testid="wsl-install">
      {label}
    </Button>
  )

  let body: React.JSX.Element | null = null
  if (!p) {
    body = setup.checking ? <Spinner size="small" label="Checking WSL on this PC…" data-testid="wsl-checking" /> : null
  } else if (phase === 'reboot-pending' && !running) {
    body = (
      <MessageBar intent="warning" layout="multiline" data-testid="wsl-phase-reboot-pending">
        <MessageBarBody>
          <MessageBarTitle>Restart Windows to finish the installation</MessageBarTitle>
          Restart Windows, then reopen this app — it continues here. {p.progress?.distro ? `Next: create your Linux user in ${p.progress.distro}.` : 'Next: install Ubuntu 24.04.'}
        </MessageBarBody>
      </MessageBar>
    )
  } else if (phase === 'first-user' && p.progress?.distro && p.distros.some((d) => d.name === p.progress?.distro)) {
    const distro = p.progress.distro
    body = (
      <div className={styles.panel} data-testid="wsl-phase-first-user">
        <Subtitle2>Create your Linux user in {distro}</Subtitle2>
        <Text>
          {distro} starts for the first time in the terminal below and asks for a new UNIX username and a password (twice; nothing shows while you type
          it). This is the account OpenClaw will run as — not root. When you see the Linux prompt, type <code>exit</code>.
        </Text>
        <div className={styles.actions}>
          <Button appearance="primary" icon={<Play20Filled />} disabled={disabled} onClick={() => setup.firstUser(distro)} data-testid="wsl-first-user">
            Create the Linux user
          </Button>
        </div>
      </div>
    )
  } else if (phase === 'connect' && p.progress?.distro) {
    const distro = p.progress.distro
    body = (
      <div className={styles.panel} data-testid="wsl-phase-connect">
        <Subtitle2>
          {distro} is set up{p.progress.user ? ` with the user ${p.progress.user}` : ''}
        </Subtitle2>
        <Text>{selected === distro ? 'Press Connect to start hardening it.' : `Pick ${distro} below, or type another distribution, then press Connect.`}</Text>
      </div>
    )
  } else {
    body = <StateScreen preflight={p} selected={selected} disabled={disabled} onPick={onPick} installButton={installButton} />
  }

  return (
    <section className={styles.panel} aria-label="WSL on this PC" data-testid="wsl-setup-panel" data-state={p?.state ?? ''} data-phase={phase ?? ''}>
      <div className={styles.head}>
        <Subtitle2 as="h2">WSL on this PC</Subtitle2>
        {p?.wslVersion && (
          <Text size={200} className={styles.versions} data-testid="wsl-version">
            WSL {p.wslVersion}
            {p.kernelVersion ? ` · kernel ${p.kernelVersion}` : ''}
            {p.windowsVersion ? ` · Windows ${p.windowsVersion}` : ''}
          </Text>
        )}
        <span className={styles.spacer} />
        <Button size="small" appearance="subtle" icon={<ArrowSync20Regular />} disabled={disabled} onClick={setup.recheck} data-testid="wsl-recheck">
          Check again
        </Button>
      </div>
      {setup.error && <ErrorBar error={setup.error} testId="wsl-error" />}
      {outcome && !running && (
        <MessageBar intent={outcome.outcome === 'failed' ? 'error' : outcome.outcome === 'uac-cancelled' || outcome.outcome === 'reboot-needed' ? 'warning' : 'success'} layout="multiline" data-testid={`wsl-outcome-${outcome.outcome}`}>
          <MessageBarBody>
            <MessageBarTitle>{OUTCOME_TITLES[outcome.outcome]}</MessageBarTitle>
            {outcome.message} {outcome.hint}
          </MessageBarBody>
        </MessageBar>
      )}
      {running && (
        <Spinner size="tiny" label={setup.running?.what === 'install' ? 'Installing — follow the terminal below (Windows may ask for administrator approval).' : 'Answer the questions in the terminal below.'} data-testid="wsl-running" />
      )}
      {body}
      {(running || outcome) && <TerminalView height={260} caption={running ? 'WSL setup' : undefined} />}
    </section>
  )
}

interface StateScreenProps {
  readonly preflight: WslPreflightView
  readonly selected: string
  readonly disabled: boolean
  readonly onPick: (distro: string) => void
  readonly installButton: (label: string) => React.JSX.Element
}

/** One screen per preflight state: what is wrong (or ready) and what to do next. */
function StateScreen({ preflight: p, selected, disabled, onPick, installButton }: StateScreenProps): React.JSX.Element {
  const styles = useStyles()
  const hasUbuntu = p.distros.some((d) => d.name === 'Ubuntu-24.04')
  const intent = p.state === 'ready' ? 'success' : p.state === 'wsl1' || p.state === 'no-distro' ? 'warning' : 'error'
  return (
    <div className={styles.panel} data-testid={`wsl-state-${p.state}`}>
      <MessageBar intent={intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{p.next.title}</MessageBarTitle>
          {p.next.text}
          {p.errorCode && (
            <>
              {' '}
              <Badge appearance="outline" size="small" data-testid="wsl-error-code">
                {p.errorCode}
              </Badge>
            </>
          )}
        </MessageBarBody>
      </MessageBar>
      {p.next.command && (
        <Text className={styles.command} data-testid="wsl-next-command">
          {p.next.command}
        </Text>
      )}
      {p.distros.length > 0 && (
        <RadioGroup aria-label="Linux distributions" value={selected} onChange={(_, d) => onPick(d.value)} disabled={disabled}>
          {p.distros.map((d, i) => (
            <Radio
              key={d.name}
              value={d.name}
              disabled={d.version !== 2}
              label={`${d.name} — WSL ${d.version || '?'}${d.state ? `, ${d.state}` : ''}${d.isDefault ? ', default' : ''}`}
              data-testid={`wsl-distro-${i}`}
            />
          ))}
        </RadioGroup>
      )}
      <div className={styles.actions}>
        {(p.state === 'missing' || p.state === 'virtualization-off') && p.next.command && installButton('Install WSL')}
        {(p.state === 'no-distro' || p.state === 'wsl1' || (p.state === 'ready' && !hasUbuntu)) && installButton('Install Ubuntu 24.04')}
      </div>
    </div>
  )
}
