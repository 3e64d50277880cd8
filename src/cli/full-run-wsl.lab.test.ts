import { describeFullRun } from '../../test/helpers/full-run-suite'

// The same full run through the wsl.exe stand-in (Windows mocked: test/wsl-standin), on a systemd lab like WSL with
// systemd=true. The OpenClaw account is the distribution's default user.
describeFullRun({ kind: 'wsl' })
