import { describeFullRun } from '../../test/helpers/full-run-suite'

// The app's whole OpenClaw set-up through the built CLI over SSH on port 22 (issue 10's "Done when"), with issue 11's
// layers 5, 6 and 8 on a lab with Debian's dockerd: see describeFullRun for the order and what each test asserts.
describeFullRun({ kind: 'ssh', layers: true })
