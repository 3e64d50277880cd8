import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components'
import { REPORT_EXPORT_FORMATS } from '../../../../shared/ipc-contract'
import { ArrowDown16Regular } from '../../components/icons'

type Format = (typeof REPORT_EXPORT_FORMATS)[number]
const LABEL: Record<Format, string> = { html: 'HTML (printable)', md: 'Markdown', json: 'JSON' }

/** "Export report": main asks where to save it (a save dialog) and writes it; the window never names a path. */
export function ExportMenu({ disabled, onExport }: { readonly disabled: boolean; readonly onExport: (format: Format) => void }): React.JSX.Element {
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="secondary" icon={<ArrowDown16Regular />} disabled={disabled} data-testid="report-export">
          Export report
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {REPORT_EXPORT_FORMATS.map((f) => (
            <MenuItem key={f} onClick={() => onExport(f)} data-testid={`report-export-${f}`}>
              {LABEL[f]}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  )
}
