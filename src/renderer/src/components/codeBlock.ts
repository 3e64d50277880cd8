import { tokens, type GriffelStyle } from '@fluentui/react-components'

/** The monospace block used for scripts and check evidence. */
export const codeBlock: GriffelStyle = {
  margin: 0,
  borderRadius: tokens.borderRadiusMedium,
  backgroundColor: tokens.colorNeutralBackground3,
  border: `1px solid ${tokens.colorNeutralStroke2}`,
  fontFamily: tokens.fontFamilyMonospace,
  fontSize: tokens.fontSizeBase200,
  lineHeight: tokens.lineHeightBase300,
  overflow: 'auto',
  whiteSpace: 'pre',
}
