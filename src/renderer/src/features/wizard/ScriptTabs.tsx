import { Card, CardHeader, makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { StepView } from '../../../../shared/step'
import { codeBlock } from '../../components/codeBlock'
import { CopyButton } from '../../components/CopyButton'

type ScriptName = keyof StepView['scripts']

const TABS: ReadonlyArray<{ name: ScriptName; label: string; about: string }> = [
  { name: 'apply', label: 'Apply', about: 'Runs when you press Run, then the check runs.' },
  { name: 'check', label: 'Check', about: 'Runs on Re-check (and after Run and Undo). It changes nothing.' },
  { name: 'undo', label: 'Undo', about: 'Runs when you press Undo, then the check runs.' },
]

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  about: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground3 },
  pre: {
    ...codeBlock,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    maxHeight: '340px',
    tabSize: 4,
  },
  runsAs: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    padding: `1px ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground3,
  },
})

export interface ScriptTabsProps {
  readonly step: StepView
}

/** "What will run": the exact Apply / Check / Undo scripts, with Copy, and the command line that runs them. */
export function ScriptTabs({ step }: ScriptTabsProps): React.JSX.Element {
  const styles = useStyles()
  const [tab, setTab] = useState<ScriptName>('apply')
  const current = TABS.find((t) => t.name === tab) ?? TABS[0]
  const script = step.scripts[tab]
  const panelId = `script-panel-${step.id}`
  return (
    <Card className={styles.card} data-testid="what-will-run">
      <CardHeader header={<Text weight="semibold" size={400} as="h2">What will run</Text>} />
      <div className={styles.bar}>
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as ScriptName)} aria-label="Scripts">
          {TABS.map((t) => (
            <Tab key={t.name} value={t.name} aria-controls={panelId} data-testid={`script-tab-${t.name}`}>
              {t.label}
            </Tab>
          ))}
        </TabList>
        <CopyButton text={script} what={`the ${tab} script`} testId="script-copy" />
      </div>
      <Text size={200} className={styles.muted}>
        {current?.about}
        {tab === 'check' ? ` ${step.checkDescription}` : ''}
      </Text>
      <pre className={styles.pre} id={panelId} role="tabpanel" tabIndex={0} aria-label={`${current?.label ?? ''} script`} data-testid="script-text" data-script={tab}>
        {script}
      </pre>
      <div className={styles.runsAs}>
        <Text size={200} className={styles.muted}>
          Runs as:
        </Text>
        <code className={styles.code} data-testid="script-runs-as">
          {step.runsAs}
        </code>
      </div>
    </Card>
  )
}
