import { describeWizardFullRun } from './openclaw-wizard-suite'

// The app's whole OpenClaw set-up through the wizard over SSH on port 22 (issue 10's "Done when", browser bridge):
// see describeWizardFullRun for the order and what each test asserts.
describeWizardFullRun({ kind: 'ssh' })
