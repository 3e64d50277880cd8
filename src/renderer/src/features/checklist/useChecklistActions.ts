import { useCallback, useState } from 'react'
import type { ChecklistEntry } from '../../../../shared/checklist-types'
import type { ReportExported } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import { invoke, toApiError } from '../../api'
import type { ManualRequest } from './ManualDialogs'

export interface ChecklistActions {
  readonly dialog: { readonly kind: 'confirm' | 'waive'; readonly entry: ChecklistEntry } | null
  readonly busy: boolean
  readonly dialogError: string | null
  readonly exported: ReportExported | null
  readonly exportError: AppErrorShape | null
  openConfirm(entry: ChecklistEntry): void
  openWaive(entry: ChecklistEntry): void
  closeDialog(): void
  submit(request: ManualRequest): void
  clear(entry: ChecklistEntry): void
  exportReport(format: ReportExported['format']): void
  dismissExport(): void
}

/** Confirm / Waive / Clear and Export: each a validated request to main (the screen updates from checklist:changed). */
export function useChecklistActions(): ChecklistActions {
  const [dialog, setDialog] = useState<ChecklistActions['dialog']>(null)
  const [busy, setBusy] = useState(false)
  const [dialogError, setDialogError] = useState<string | null>(null)
  const [exported, setExported] = useState<ReportExported | null>(null)
  const [exportError, setExportError] = useState<AppErrorShape | null>(null)

  const submit = useCallback(
    (request: ManualRequest) => {
      if (!dialog) return
      const itemId = dialog.entry.item.id
      setBusy(true)
      setDialogError(null)
      const call = request.kind === 'confirm' ? invoke('checklist:confirm', { itemId, who: request.who, note: request.note }) : invoke('checklist:waive', { itemId, who: request.who, reason: request.reason, ...(request.until ? { until: request.until } : {}) })
      call.then(
        () => setDialog(null),
        (err: unknown) => {
          const e = toApiError(err)
          setDialogError(`${e.message} ${e.hint}`)
        },
      ).finally(() => setBusy(false))
    },
    [dialog],
  )

  return {
    dialog,
    busy,
    dialogError,
    exported,
    exportError,
    openConfirm: (entry) => {
      setDialogError(null)
      setDialog({ kind: 'confirm', entry })
    },
    openWaive: (entry) => {
      setDialogError(null)
      setDialog({ kind: 'waive', entry })
    },
    closeDialog: () => setDialog(null),
    submit,
    clear: (entry) => {
      invoke('checklist:clear', { itemId: entry.item.id }).catch((err: unknown) => setExportError(toApiError(err).toShape()))
    },
    exportReport: (format) => {
      setExported(null)
      setExportError(null)
      invoke('report:export', { format }).then(setExported, (err: unknown) => setExportError(toApiError(err).toShape()))
    },
    dismissExport: () => {
      setExported(null)
      setExportError(null)
    },
  }
}
