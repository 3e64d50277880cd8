import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Text, Textarea, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { ChecklistItem } from '../../../../shared/checklist-types'

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  prompt: { color: tokens.colorNeutralForeground2 },
})

export type ManualRequest = { readonly kind: 'confirm'; readonly who: string; readonly note: string } | { readonly kind: 'waive'; readonly who: string; readonly reason: string; readonly until?: string }

export interface ManualDialogProps {
  readonly kind: 'confirm' | 'waive'
  readonly item: ChecklistItem
  readonly busy: boolean
  /** The refusal from main (e.g. a missing name), shown under the form. */
  readonly error: string | null
  readonly onSubmit: (request: ManualRequest) => void
  readonly onCancel: () => void
}

/** "Confirm by hand" (who + note; an expiring item shows its reminder date) or "Waive" (who + reason + optional end date). */
export function ManualDialog({ kind, item, busy, error, onSubmit, onCancel }: ManualDialogProps): React.JSX.Element {
  const styles = useStyles()
  const [who, setWho] = useState('')
  const [text, setText] = useState('')
  const [until, setUntil] = useState('')
  const renew = item.check.kind === 'manual' ? item.check.renewEveryDays : undefined
  const reminder = renew ? new Date(Date.now() + renew * 86_400_000).toLocaleDateString() : null
  const prefix = `checklist-${kind}-dialog`
  const submit = () => onSubmit(kind === 'confirm' ? { kind, who, note: text } : { kind, who, reason: text, ...(until ? { until } : {}) })
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface data-testid={prefix}>
        <DialogBody>
          <DialogTitle>
            {kind === 'confirm' ? 'Confirm' : 'Waive'} “{item.title}”
          </DialogTitle>
          <DialogContent className={styles.form}>
            <Text className={styles.prompt}>
              {kind === 'confirm' ? (item.check.kind === 'manual' ? item.check.prompt : item.description) : 'The item is accepted as it is and no longer counts against the checklist. Say why.'}
            </Text>
            {kind === 'confirm' && reminder && <Text data-testid={`${prefix}-reminder`}>This confirmation expires: you will be reminded on {reminder}.</Text>}
            <Field label="Your name" required>
              <Input value={who} onChange={(_, d) => setWho(d.value)} maxLength={80} data-testid={`${prefix}-who`} />
            </Field>
            <Field label={kind === 'confirm' ? 'Note: what you checked' : 'Reason'} required validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'}>
              <Textarea value={text} onChange={(_, d) => setText(d.value)} maxLength={500} data-testid={`${prefix}-text`} />
            </Field>
            {kind === 'waive' && (
              <Field label="Until (optional)" hint="After this date the item counts again.">
                <Input type="date" value={until} onChange={(_, d) => setUntil(d.value)} data-testid={`${prefix}-until`} />
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel} data-testid={`${prefix}-cancel`}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={busy || who.trim() === '' || text.trim() === ''} onClick={submit} data-testid={`${prefix}-submit`}>
              {kind === 'confirm' ? 'Confirm' : 'Waive'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
