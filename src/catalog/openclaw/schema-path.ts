/** JSON Schema (draft-07, as `openclaw config schema` prints it) lookup of a dotted key path, for the key registry's tests. */
export type SchemaNode = Readonly<Record<string, unknown>>

const isNode = (v: unknown): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v)

function resolveRef(root: SchemaNode, node: SchemaNode): SchemaNode | undefined {
  let n: SchemaNode | undefined = node
  for (let i = 0; n && typeof n.$ref === 'string' && n.$ref.startsWith('#') && i < 32; i++) {
    let target: unknown = root
    for (const part of n.$ref.slice(2).split('/').filter(Boolean)) target = isNode(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
    n = isNode(target) ? target : undefined
  }
  return n
}

/** The node and every anyOf/oneOf/allOf branch under it, $refs followed. */
export function schemaBranches(root: SchemaNode, node: SchemaNode): SchemaNode[] {
  const n = resolveRef(root, node)
  if (!n) return []
  const alts = (['anyOf', 'oneOf', 'allOf'] as const).flatMap((k) => (Array.isArray(n[k]) ? (n[k] as unknown[]).filter(isNode) : []))
  return [n, ...alts.flatMap((a) => schemaBranches(root, a))]
}

function child(root: SchemaNode, node: SchemaNode, key: string): SchemaNode[] {
  const found: SchemaNode[] = []
  for (const b of schemaBranches(root, node)) {
    const props = b.properties
    const patterns = isNode(b.patternProperties) ? Object.entries(b.patternProperties).filter(([re]) => new RegExp(re, 'u').test(key)) : []
    if (isNode(props) && Object.prototype.hasOwnProperty.call(props, key) && isNode(props[key])) found.push(props[key])
    else if (patterns.length > 0) found.push(...patterns.map(([, s]) => s).filter(isNode))
    else if (isNode(b.additionalProperties)) found.push(b.additionalProperties)
  }
  return found
}

/** The schema nodes a key path reaches (empty: the installed version has no such setting). */
export function schemaAt(root: SchemaNode, key: string): SchemaNode[] {
  let nodes: SchemaNode[] = [root]
  for (const part of key.split('.')) {
    nodes = nodes.flatMap((n) => child(root, n, part))
    if (nodes.length === 0) return []
  }
  return nodes
}

/** The literal values a leaf allows (enum or const branches), or null when it is not a closed set. */
export function schemaChoices(root: SchemaNode, nodes: readonly SchemaNode[]): unknown[] | null {
  const values: unknown[] = []
  for (const n of nodes.flatMap((x) => schemaBranches(root, x))) {
    if (Array.isArray(n.enum)) values.push(...(n.enum as unknown[]))
    else if ('const' in n) values.push(n.const)
    else if (!n.anyOf && !n.oneOf) return null
  }
  return values
}

/** The leaf's types: "string", "boolean", "integer", "string-array", "object". */
export function schemaTypes(root: SchemaNode, nodes: readonly SchemaNode[]): string[] {
  const out = new Set<string>()
  for (const n of nodes.flatMap((x) => schemaBranches(root, x))) {
    if (n.type === 'array' && isNode(n.items) && n.items.type === 'string') out.add('string-array')
    else if (typeof n.type === 'string') out.add(n.type)
  }
  return [...out].sort()
}
