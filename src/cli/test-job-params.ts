import { STEPS } from '../catalog'

/** The environment variable of the CLI's test seam (StepJobsHost.testJobParams). */
export const TEST_JOB_PARAMS_ENV = 'OCSS_TEST_JOB_PARAMS'

/**
 * TESTS ONLY: job parameters that replace a step's own (`CatalogStep.jobParams`), from OCSS_TEST_JOB_PARAMS (a JSON
 * object), so a lab test can run the real CLI against a mirror whose Node tarball is not the official one. Only names
 * some step's jobParams() defines are taken (never SSH_PORT, OC_USER, inputs …); anything else is refused. Every use
 * prints a warning, so a person who finds it set knows the pinned hashes are not in force.
 */
export function testJobParams(env: NodeJS.ProcessEnv, warn: (line: string) => void): Readonly<Record<string, string>> | undefined {
  const raw = env[TEST_JOB_PARAMS_ENV]
  if (raw === undefined || raw === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new Error(`${TEST_JOB_PARAMS_ENV} is not JSON. Unset it: it is for the project's own tests only.`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${TEST_JOB_PARAMS_ENV} must be a JSON object. Unset it: it is for the project's own tests only.`)
  const known = new Set(STEPS.flatMap((s) => Object.keys(s.jobParams?.() ?? {})))
  const params: Record<string, string> = {}
  for (const [name, value] of Object.entries(parsed)) {
    if (!known.has(name) || typeof value !== 'string' || !/^[\x20-\x7e]{0,256}$/.test(value)) {
      throw new Error(`${TEST_JOB_PARAMS_ENV} names "${name}", which is not a step parameter it may replace. Unset it: it is for the project's own tests only.`)
    }
    params[name] = value
  }
  warn(`WARNING: ${TEST_JOB_PARAMS_ENV} is set: the pinned values ${Object.keys(params).join(', ')} are replaced for this run. It exists for the project's own tests; unset it.`)
  return params
}
