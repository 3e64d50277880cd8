import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { OPENCLAW_LIBS } from './openclaw-libs'

const state = mkdtempSync(join(tmpdir(), 'ocss-state-'))
afterAll(() => rmSync(state, { recursive: true, force: true }))

function file(rel: string): void {
  mkdirSync(dirname(join(state, rel)), { recursive: true })
  writeFileSync(join(state, rel), '{}')
}

describe('_ocss_oc_cred_find (lib/openclaw.sh, real bash and find): the credential paths the checks judge', () => {
  it('lists config, backups, credentials, auth profiles, session stores, SQLite files and undo records; skips OpenClaw\'s workspace, plugin-skills, tmp and cache', () => {
    for (const f of [
      'openclaw.json',
      'openclaw.json.bak.2',
      'credentials/telegram-allowFrom.json',
      'agents/main/agent/auth-profiles.json',
      'agents/main/agent/openclaw-agent.sqlite-wal',
      'agents/main/sessions/sessions.json',
      'state/openclaw.sqlite',
      '.ocss-undo/mdns-off.json',
      'workspace/notes.sqlite',
      'tmp/openclaw-1000/gateway.state.lock.sqlite',
      'cache/control-ui-assets/x.sqlite',
      'agents/main/sessions/2026-12-01.jsonl',
    ])
      file(f)
    mkdirSync(join(state, 'plugin-skills'))
    symlinkSync('/nonexistent', join(state, 'plugin-skills/canvas'))
    symlinkSync('/tmp/elsewhere.json', join(state, 'credentials/linked.json'))
    const out = execFileSync('bash', ['-c', `${OPENCLAW_LIBS['openclaw.sh']}\ncd "$1" && _ocss_oc_cred_find '%y %p\\n' | sort`, 'x', state], { encoding: 'utf8' })
    expect(out.trim().split('\n')).toEqual(
      [
        'd ./.ocss-undo',
        'd ./credentials',
        'f ./.ocss-undo/mdns-off.json',
        'f ./agents/main/agent/auth-profiles.json',
        'f ./agents/main/agent/openclaw-agent.sqlite-wal',
        'f ./agents/main/sessions/sessions.json',
        'f ./credentials/telegram-allowFrom.json',
        'f ./openclaw.json',
        'f ./openclaw.json.bak.2',
        'f ./state/openclaw.sqlite',
        'l ./credentials/linked.json',
      ].sort(),
    )
  })
})
