import { OPENCLAW_KEYS } from './keys'
import { schemaAt, schemaChoices, schemaTypes, type SchemaNode } from './schema-path'

const TYPES: Record<string, string[]> = {
  string: ['string'],
  boolean: ['boolean'],
  integer: ['integer'],
  'string-array': ['string-array'],
  // items of type ["string", "number"] (Telegram ids)
  'id-array': ['array'],
  'secret-input': ['object', 'string'],
}

/** Every registry key against a schema: present, of the registered type, and the value schema = the schema's choices. */
export function registryProblems(schema: SchemaNode): string[] {
  const problems: string[] = []
  for (const [key, spec] of Object.entries(OPENCLAW_KEYS)) {
    const nodes = schemaAt(schema, key)
    if (nodes.length === 0) {
      problems.push(`${key}: not in the schema`)
      continue
    }
    const types = schemaTypes(schema, nodes)
    if (JSON.stringify(types) !== JSON.stringify(TYPES[spec.schemaType])) problems.push(`${key}: schema types ${types.join(',')}, registry says ${spec.schemaType}`)
    const choices = schemaChoices(schema, nodes)
    if (choices && spec.schemaType !== 'secret-input') {
      for (const c of choices) if (!spec.value.safeParse(c).success) problems.push(`${key}: the schema allows ${JSON.stringify(c)}, the registry does not`)
      if (spec.value.safeParse('__not_a_choice__').success) problems.push(`${key}: the registry accepts a value outside the schema's choices`)
    }
    if (spec.default !== undefined && !spec.value.safeParse(spec.default).success) problems.push(`${key}: default ${JSON.stringify(spec.default)} does not fit its value schema`)
  }
  return problems
}
