import type * as Catalog from '../../src/catalog'

/**
 * Test-only steps for the step kit's tests, added to a test file's catalogue with
 * `vi.mock('<path>/catalog', async (orig) => withKitTestSteps(await orig()))` (the app never sees them; no production
 * step declares inputs yet):
 * - `kit-probe` (SSH): inputs PORT (port, required), NOTE (text), TOKEN (secret, required, read with lib/secret.sh
 *   `ocss_read_secret`); apply stores the port, note, OCSS_OC_USER and the token's SHA-256 under /root/kit-probe.*,
 *   then waits up to 10 s for /root/kit-probe.scanned (so a test can scan the machine while the job runs); the check
 *   compares OCSS_IN_PORT with the stored port.
 * - `kit-gated` (SSH): requires kit-probe; apply touches /root/kit-gated.applied.
 */
export async function withKitTestSteps(real: typeof Catalog): Promise<typeof Catalog> {
  const { withIncludes, parseSections } = await import('../../src/catalog/catalog-step')
  const secret = (await import('../../src/catalog/lib/secret.sh?raw')).default
  const apply = withIncludes(
    [
      '#!/bin/bash',
      'set -eu',
      '# @include secret.sh',
      'token=$(ocss_read_secret TOKEN)',
      "printf '%s' \"$token\" | sha256sum | cut -d' ' -f1 >/root/kit-probe.hash",
      "printf '%s\\n' \"$OCSS_IN_PORT\" >/root/kit-probe.port",
      "printf '%s\\n' \"${OCSS_IN_NOTE-unset}\" >/root/kit-probe.note",
      "printf '%s\\n' \"${OCSS_OC_USER-unset}\" >/root/kit-probe.ocuser",
      // The test scans the machine while the job still runs (every process of the job is alive here).
      'touch /root/kit-probe.waiting',
      'for _ in $(seq 100); do [ -e /root/kit-probe.scanned ] && break; sleep 0.1; done',
      'rm -f /root/kit-probe.waiting /root/kit-probe.scanned',
      '',
    ].join('\n'),
    { 'secret.sh': secret },
  )
  const check = "echo '### port'; printf '%s\\n' \"${OCSS_IN_PORT-unset}\"; echo '### stored'; cat /root/kit-probe.port 2>/dev/null || echo none\n"
  const probe = {
    meta: {
      id: 'kit-probe',
      layer: 0,
      title: 'Kit probe (test only)',
      rationale: 'A step that exists only in this test, to exercise inputs and secrets through the real job flow.',
      warnings: [],
      targets: ['ssh'],
      checkDescription: 'Compares OCSS_IN_PORT with the port apply stored.',
      inputs: [
        { name: 'PORT', label: 'Port', help: 'A TCP port.', kind: 'port', required: true },
        { name: 'NOTE', label: 'Note', help: 'Any one line.', kind: 'text', required: false, advanced: true },
        { name: 'TOKEN', label: 'Token', help: '', kind: 'secret', required: true },
      ],
    },
    scripts: { apply, check, undo: 'rm -f /root/kit-probe.*\n' },
    evaluate: (o: { stdout: string }) => {
      const s = parseSections(o.stdout)
      const port = s.get('port')?.[0] ?? ''
      const stored = s.get('stored')?.[0] ?? ''
      return { status: port !== 'unset' && port === stored ? 'pass' : 'fail', summary: `port ${port}, stored ${stored}`, evidence: [`port=${port}`, `stored=${stored}`] }
    },
    evaluatorSource: 'kit-probe evaluator',
  }
  const gated = {
    meta: {
      id: 'kit-gated',
      layer: 0,
      title: 'Kit gated (test only)',
      rationale: 'A step that exists only in this test, to exercise requirements.',
      warnings: [],
      targets: ['ssh'],
      checkDescription: 'Always passes.',
      requires: [{ step: 'kit-probe', why: 'the probe must pass before this runs.' }],
    },
    scripts: { apply: 'touch /root/kit-gated.applied\n', check: 'echo ok\n', undo: 'rm -f /root/kit-gated.applied\n' },
    evaluate: () => ({ status: 'pass', summary: 'ok', evidence: ['ok'] }),
    evaluatorSource: 'kit-gated evaluator',
  }
  const steps = [...real.STEPS, probe, gated] as typeof real.STEPS
  return { ...real, STEPS: steps, stepById: (id: string) => steps.find((s) => s.meta.id === id), stepsFor: (k: string) => steps.filter((s) => (s.meta.targets as readonly string[]).includes(k)) }
}
