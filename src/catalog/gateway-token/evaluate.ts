import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { configValue, onboardedFacts } from '../openclaw-onboard/evaluate'
import { plaintextLength, redactedSecret } from '../openclaw/facts'

/** The guide's length (the WSL2 guide: 64 random characters); OpenClaw's own audit only warns below 24. */
export const GUIDE_TOKEN_LENGTH = 64
export const OPENCLAW_MIN_TOKEN_LENGTH = 24

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const word = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(v) ? v : '?')

/**
 * Judges gateway.auth from the facts: openclaw.json as the target parsed it, where a plaintext token arrives only as its
 * length (a redaction marker; the value never leaves the machine), and the secret store's entry lengths.
 */
export function evaluateToken(output: CheckOutput): CheckVerdict {
  const r = onboardedFacts(output)
  if ('status' in r) return r
  const { facts } = r
  const rawMode = configValue(facts, 'gateway.auth.mode')
  const mode = typeof rawMode === 'string' ? rawMode : rawMode === undefined ? 'unset' : JSON.stringify(rawMode)
  const tok = configValue(facts, 'gateway.auth.token')
  const plain = plaintextLength(tok)
  const evidence = [`gateway.auth.mode: ${mode}`]
  if (mode !== 'token') {
    evidence.push(`gateway.auth.token: ${tok === undefined ? 'not set' : plain !== null ? 'plain text' : redactedSecret(tok) ? 'a number' : 'a reference'}`)
    return { status: 'fail', summary: `Token auth is off: gateway.auth.mode is ${mode === 'unset' ? 'not set' : `"${mode}"`}, not "token". Apply this step.`, evidence }
  }
  const short = (n: number, where: string): CheckVerdict => ({
    status: 'fail',
    summary: n >= OPENCLAW_MIN_TOKEN_LENGTH
      ? `The token (${n} characters, ${where}) is shorter than the guide's ${GUIDE_TOKEN_LENGTH}; OpenClaw accepts it, the guide does not. Rotate the token.`
      : `The token has only ${n} characters (${where}): OpenClaw itself warns below ${OPENCLAW_MIN_TOKEN_LENGTH} and the guide asks for ${GUIDE_TOKEN_LENGTH}. Rotate the token.`,
    evidence: [...evidence, `token: ${n} characters, ${where}`],
  })
  if (tok === undefined || tok === null || plain === 0) {
    return { status: 'fail', summary: 'Token auth is on but no token is set (gateway.auth.token is missing): the gateway cannot authenticate anyone. Apply this step.', evidence: [...evidence, 'gateway.auth.token: not set'] }
  }
  if (plain !== null) {
    const n = plain
    return {
      status: 'fail',
      summary: `The token is in plain text in openclaw.json (${n} characters): move it to the secret store (Apply this step does that${n < GUIDE_TOKEN_LENGTH ? ' and makes a 64-character one' : ''}).`,
      evidence: [...evidence, `token: ${n} characters, in plain text in openclaw.json`],
    }
  }
  if (!isObject(tok) || typeof tok.source !== 'string' || typeof tok.id !== 'string') {
    return { status: 'fail', summary: 'gateway.auth.token has a shape the check does not know (neither a string nor a SecretRef).', evidence: [...evidence, `gateway.auth.token: ${Array.isArray(tok) ? 'a list' : redactedSecret(tok) ? 'number' : typeof tok}`] }
  }
  const source = word(tok.source)
  const provider = word(tok.provider ?? 'default')
  const id = word(tok.id)
  evidence.push(`gateway.auth.token: ${source} SecretRef (provider ${provider}, id ${id})`)
  if (source === 'env') {
    return {
      status: 'fail',
      summary: `The token comes from the environment variable ${id}, which root cannot verify (it lives only in the gateway's environment, and a service started without it has no token). Apply this step to move it to the secret store.`,
      evidence,
    }
  }
  if (source !== 'store') {
    return { status: 'fail', summary: `The token comes from a "${source}" SecretRef, which this check cannot verify as root. Apply this step to move it to the secret store.`, evidence }
  }
  if (facts.secrets === null) {
    return { status: 'fail', summary: 'gateway.auth.token points at the secret store, but the store cannot be read (unreadable): the token does not resolve. Rotate the token.', evidence }
  }
  // The facts list live entries only (a deleted one is not there).
  const entry = facts.secrets.find((e) => e.name === id)
  if (!entry) return { status: 'fail', summary: `gateway.auth.token points at the secret store entry ${id}, which does not exist: the token does not resolve. Rotate the token.`, evidence: [...evidence, `secret store: no entry ${id}`] }
  if (entry.kind !== 'secret') {
    return { status: 'fail', summary: `The secret store entry ${id} has kind "${entry.kind}", which reaches the agent's commands in plain text; it must be "secret". Rotate the token.`, evidence: [...evidence, `secret store: ${id} kind ${entry.kind}`] }
  }
  if (entry.length < GUIDE_TOKEN_LENGTH) return short(entry.length, 'in the secret store')
  return {
    status: 'pass',
    summary: `Token auth on; the token has ${entry.length} characters and is in the secret store (${id}).`,
    evidence: [...evidence, `token: ${entry.length} characters, in the secret store`],
  }
}
