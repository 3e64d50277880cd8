import { INPUT_NAME_PATTERN } from '../../shared/step'
import type { Typist } from './sudo-answer'

/** The marker lib/secret.sh `ocss_read_secret` prints before it reads a secret from the terminal. */
export const SECRET_REQUEST = 'OCSS-SECRET-REQUEST'

const TAG = /^[0-9a-f]{16,64}$/
/** Enough to hold the marker (name ≤ 40, tag ≤ 64) split over chunks. */
const TAIL = 512

export interface SecretAnswer {
  /** Feed every chunk of the job's terminal output here. */
  watch(data: string, session: Typist): void
  /** Names the job asked for that the app did not hold (the person typed them, or the script gave up). */
  unanswered(): readonly string[]
  /** Drops every value still held. Called when the job ends; afterwards nothing is ever typed. */
  forget(): void
}

/**
 * A terminal watcher that types each secret input once, at the job's own prompt for it: the marker line
 * `OCSS-SECRET-REQUEST <NAME> <tag>` as the last thing printed (the script waits there with echo off), where `tag` is
 * the job's random OCSS_PROMPT_TAG (job.env, which only root and the login account can read; lib/openclaw.sh runs
 * the OpenClaw account's processes with `env -i`). Nothing is answered before the job runner printed `startMarker`
 * (root is running: the login's start-up files and sudo's prompt come before it), no NAME is answered twice, and
 * after `forget()` the values are gone.
 */
export function secretAnswer(secrets: Readonly<Record<string, string>>, tag: string, startMarker: string): SecretAnswer {
  if (!TAG.test(tag)) throw new Error('The secret prompt tag must be 16-64 hex digits.')
  const held = new Map(Object.entries(secrets).filter(([name]) => INPUT_NAME_PATTERN.test(name)))
  const asked = new Set<string>()
  const missing: string[] = []
  const request = new RegExp(`${SECRET_REQUEST} ([A-Z][A-Z0-9_]{0,39}) ${tag}\\r?\\n$`)
  let started = false
  let tail = ''
  let done = false
  return {
    watch(data, session) {
      if (done) return
      tail = (tail + data).slice(-TAIL)
      if (!started) {
        const at = tail.indexOf(startMarker)
        if (at < 0) return
        started = true
        tail = tail.slice(at + startMarker.length)
      }
      const m = request.exec(tail)
      if (!m?.[1]) return
      tail = ''
      const name = m[1]
      if (asked.has(name)) return
      asked.add(name)
      const value = held.get(name)
      if (value === undefined) {
        missing.push(name)
        return
      }
      held.delete(name)
      session.write(`${value}\r`)
    },
    unanswered: () => [...missing],
    forget() {
      done = true
      held.clear()
      tail = ''
    },
  }
}
