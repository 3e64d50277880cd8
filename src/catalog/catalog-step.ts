import type { CheckStatus, StepMeta } from '../shared/step'

/** What a check script printed, as the runner captured it. */
export interface CheckOutput {
  readonly exitCode: number
  readonly stdout: string
}

export interface CheckVerdict {
  readonly status: Exclude<CheckStatus, 'unknown'>
  readonly summary: string
  readonly evidence: readonly string[]
}

/** A step of the catalogue: metadata, the three scripts (run on the target as root) and a pure evaluator. */
export interface CatalogStep {
  readonly meta: StepMeta
  readonly scripts: { readonly apply: string; readonly check: string; readonly undo: string }
  /** The script of each of `meta.actions` (`<id>.sh`), by id. */
  readonly actionScripts?: Readonly<Record<string, string>>
  /** Turns the check script's output into a verdict. Pure, so it is tested on fixtures. */
  evaluate(output: CheckOutput): CheckVerdict
  /**
   * The source text of the module `evaluate` comes from (the step imports `./evaluate.ts` and `./evaluate.ts?raw`), so
   * checkVersion() changes when the evaluator does and old results read "re-check needed".
   */
  readonly evaluatorSource: string
  /**
   * Job parameters the step's scripts need besides its inputs (OCSS_<NAME>), built from data in the step's folder
   * (e.g. openclaw-install's pinned versions and hashes). The service adds them to every job with one of its items.
   */
  jobParams?(): Readonly<Record<string, string>>
}

/**
 * Check scripts print sections headed `### name`; this splits them.
 * Lines before the first header are ignored.
 */
export function parseSections(stdout: string): Map<string, string[]> {
  const sections = new Map<string, string[]>()
  let current: string[] | null = null
  for (const raw of stdout.split(/\r?\n/)) {
    const header = /^### ([a-z0-9-]+)\s*$/.exec(raw)
    if (header?.[1]) {
      current = []
      sections.set(header[1], current)
    } else if (current) {
      current.push(raw)
    }
  }
  for (const lines of sections.values()) {
    while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop()
  }
  return sections
}

/**
 * Writes shared shell helpers into a step's script at its `# @include NAME` lines, so the script that runs is the one
 * shown (nothing is sourced on the target). Every include line must name a helper given here.
 */
export function withIncludes(script: string, helpers: Readonly<Record<string, string>>): string {
  // A function replacer: helper text containing $' or $& must be inserted as is.
  return script.replace(/^# @include (\S+)\n/gm, (_line, name: string) => {
    const text = helpers[name]
    if (text === undefined) throw new Error(`The script includes "${name}", which was not given.`)
    return text
  })
}
