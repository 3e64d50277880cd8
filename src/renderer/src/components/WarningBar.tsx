import { MessageBar, MessageBarBody } from '@fluentui/react-components'

/** A warning main read on the machine (e.g. OpenClaw runs as the login account), shown while connected. */
export function WarningBar({ text }: { readonly text: string }): React.JSX.Element {
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="connection-warning">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  )
}
