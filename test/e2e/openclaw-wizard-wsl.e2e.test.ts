import { describeWizardFullRun } from './openclaw-wizard-suite'

// The same full run through the wizard on WSL (issue 10's "Done when", browser bridge): wsl.exe is the stand-in
// (test/wsl-standin, Windows mocked), backed by a systemd lab like WSL with systemd=true.
describeWizardFullRun({ kind: 'wsl' })
