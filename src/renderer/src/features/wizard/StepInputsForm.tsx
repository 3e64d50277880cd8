import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { StepInput } from '../../../../shared/step'
import { inputSchema, isSecretKind } from '../../../../shared/step-inputs'

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  advanced: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingLeft: tokens.spacingHorizontalL },
})

/** Why each field's value is not valid (the same schema the service applies), by input name. */
export function inputErrors(inputs: readonly StepInput[], values: Readonly<Record<string, string>>, requireAll: boolean): Record<string, string> {
  const r = inputSchema(inputs, { requireAll }).safeParse(values)
  if (r.success) return {}
  const errors: Record<string, string> = {}
  for (const issue of r.error.issues) {
    const name = String(issue.path[0] ?? '')
    if (name && errors[name] === undefined) errors[name] = issue.message
  }
  return errors
}

export interface StepInputsFormProps {
  readonly inputs: readonly StepInput[]
  readonly values: Readonly<Record<string, string>>
  /** Errors to show (the parent decides when: after a field was touched or Run was pressed). */
  readonly errors: Readonly<Record<string, string>>
  readonly disabled: boolean
  readonly onChange: (name: string, value: string) => void
}

/**
 * A step's inputs as a form, from `meta.inputs`: label and help per field, secrets masked (never saved; typed at the
 * job's prompt by the app), choices as a list, advanced fields behind a disclosure.
 */
export function StepInputsForm({ inputs, values, errors, disabled, onChange }: StepInputsFormProps): React.JSX.Element {
  const styles = useStyles()
  const [advanced, setAdvanced] = useState(false)
  const field = (input: StepInput): React.JSX.Element => {
    const error = errors[input.name]
    const hint = `${input.help}${isSecretKind(input.kind) ? ' Never saved: typed into the job when it asks, then forgotten.' : ''}${input.default !== undefined ? ` Empty: ${input.default}.` : ''}`.trim()
    return (
      <Field key={input.name} label={input.label} hint={hint} required={input.required} validationState={error ? 'error' : 'none'} validationMessage={error}>
        {input.kind === 'choice' ? (
          <Select value={values[input.name] ?? input.default ?? ''} disabled={disabled} onChange={(_e, d) => onChange(input.name, d.value)} data-testid={`step-input-${input.name}`}>
            {!input.required && <option value="">—</option>}
            {(input.choices ?? []).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </Select>
        ) : (
          <Input
            type={isSecretKind(input.kind) ? 'password' : 'text'}
            autoComplete="off"
            value={values[input.name] ?? ''}
            placeholder={input.default}
            disabled={disabled}
            onChange={(_e, d) => onChange(input.name, d.value)}
            data-testid={`step-input-${input.name}`}
          />
        )}
      </Field>
    )
  }
  const basic = inputs.filter((i) => !i.advanced)
  const more = inputs.filter((i) => i.advanced)
  return (
    <div className={styles.form} data-testid="step-inputs">
      {basic.map(field)}
      {more.length > 0 && (
        <>
          <Button appearance="subtle" aria-expanded={advanced} onClick={() => setAdvanced(!advanced)} data-testid="step-inputs-advanced">
            {advanced ? 'Hide advanced settings' : `Advanced settings (${more.length})`}
          </Button>
          {(advanced || more.some((i) => errors[i.name])) && <div className={styles.advanced}>{more.map(field)}</div>}
        </>
      )}
    </div>
  )
}
