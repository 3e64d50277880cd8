import { randomBytes } from 'node:crypto'
import { sudoPromptSeen } from '../targets/ssh-target'

/** The part of a terminal session the answerer needs: typing into it. */
export interface Typist {
  write(data: string): void
}

/** A fresh random tag for one job's sudo prompt (TerminalCommand.promptTag). */
export function promptTag(): string {
  return randomBytes(12).toString('hex')
}

/** Enough to hold the prompt (user names are at most 32 characters) or the start marker, split over chunks. */
const TAIL = 256

/**
 * A terminal watcher that types the held sudo password at the app's own sudo prompt for this job, and nowhere else.
 *
 * The prompt carries the job's random `tag` (generated here in the service, hidden in the displayed command), so text
 * printed by accident (a banner, a MOTD, the old fixed prompt text in a start-up file, a script) does not match it. It
 * does not stop the login account itself: its start-up files can read the tag from the remote command line and print
 * the exact prompt (security review M1; docs/threat-model.md). The prompt must be the last thing printed (sudo waits there), it is answered at most once (a second
 * prompt means the password was wrong, and the person answers), and once the job runner has printed `startMarker`
 * (root is running: sudo did not ask, e.g. a cached timestamp) the watcher is done for good, so nothing a root script
 * prints is ever answered.
 */
export function sudoAnswer(password: string, tag: string, startMarker: string): (data: string, session: Typist) => void {
  const seen = sudoPromptSeen(tag)
  let tail = ''
  let done = false
  return (data, session) => {
    if (done) return
    tail = (tail + data).slice(-TAIL)
    if (tail.includes(startMarker)) {
      done = true
    } else if (seen.test(tail)) {
      done = true
      session.write(`${password}\r`)
    }
  }
}
