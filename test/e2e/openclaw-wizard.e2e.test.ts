import { describeWizardFullRun } from './openclaw-wizard-suite'

// The app's whole OpenClaw set-up through the wizard over SSH on port 22 (issue 10's "Done when", browser bridge),
// with issue 11's layers 5, 6 and 8 on a lab with Debian's dockerd: see describeWizardFullRun for the order and what
// each test asserts.
describeWizardFullRun({ kind: 'ssh', layers: true })
