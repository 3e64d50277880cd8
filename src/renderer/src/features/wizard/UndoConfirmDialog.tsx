import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text } from '@fluentui/react-components'

export interface UndoConfirmDialogProps {
  readonly open: boolean
  readonly stepTitle: string
  readonly targetLabel: string
  /** The step runs on Windows, in the app (StepView.actor 'windows'), not as a script on the target. */
  readonly onWindows?: boolean
  readonly onConfirm: () => void
  readonly onCancel: () => void
}

/** Asks before running a step's Undo script. */
export function UndoConfirmDialog({ open, stepTitle, targetLabel, onWindows = false, onConfirm, onCancel }: UndoConfirmDialogProps): React.JSX.Element {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface data-testid="undo-dialog">
        <DialogBody>
          <DialogTitle>Undo “{stepTitle}”?</DialogTitle>
          <DialogContent>
            <Text as="p">
              {onWindows ? (
                <>This runs the Undo on Windows, in this app, as you (for <strong>{targetLabel}</strong>), then checks the result.</>
              ) : (
                <>This runs the Undo script as root on <strong>{targetLabel}</strong>, then checks the result.</>
              )}{' '}
              The Undo tab under “What will run” shows exactly what it changes.
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel} data-testid="undo-cancel">
              Cancel
            </Button>
            <Button appearance="primary" onClick={onConfirm} data-testid="undo-confirm">
              Undo
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
