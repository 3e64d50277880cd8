import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { registryProblems } from './keys-check'
import { schemaAt, schemaChoices, schemaTypes, type SchemaNode } from './schema-path'

/** `openclaw config schema` of 2026.9.6 cut down to the paths the registry names (the full one is 2.4 MB). */
const SCHEMA = JSON.parse(readFileSync(resolve(__dirname, 'schema-2026.9.6.trimmed.json'), 'utf8')) as SchemaNode

describe('OPENCLAW_KEYS against the schema of OpenClaw 2026.9.6 (trimmed fixture)', () => {
  it('every key exists, has the registered type, and allows exactly the schema choices', () => {
    expect(registryProblems(SCHEMA)).toEqual([])
  })

  it('can fail: a key the schema lacks, a wrong type and a missing choice are reported', () => {
    const broken = JSON.parse(JSON.stringify(SCHEMA)) as { properties: { discovery: { properties: { mdns: { properties: Record<string, unknown> } } }; gateway: { properties: Record<string, unknown> } } }
    delete broken.properties.discovery.properties.mdns.properties.mode
    broken.properties.gateway.properties.port = { type: 'string' }
    const bind = broken.properties.gateway.properties.bind as { anyOf: unknown[] }
    bind.anyOf.push({ type: 'string', const: 'everywhere' })
    expect(registryProblems(broken as unknown as SchemaNode)).toEqual([
      'gateway.bind: the schema allows "everywhere", the registry does not',
      'gateway.port: schema types string, registry says integer',
      'discovery.mdns.mode: not in the schema',
    ])
  })

  it('follows $ref, anyOf/oneOf branches and additionalProperties maps', () => {
    const s: SchemaNode = {
      definitions: { mode: { type: 'string', enum: ['a', 'b'] } },
      properties: {
        x: { anyOf: [{ type: 'string' }, { type: 'object', properties: { y: { $ref: '#/definitions/mode' } } }] },
        m: { type: 'object', additionalProperties: { type: 'object', properties: { z: { type: 'boolean' } } } },
      },
    }
    expect(schemaChoices(s, schemaAt(s, 'x.y'))).toEqual(['a', 'b'])
    expect(schemaTypes(s, schemaAt(s, 'm.anything.z'))).toEqual(['boolean'])
    expect(schemaAt(s, 'x.nope')).toEqual([])
    expect(schemaAt(s, 'm.anything.nope')).toEqual([])
  })
})
