import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The INI helpers with real bash and awk on temp files (the lab tests run them as the steps on /etc/wsl.conf).
const lib = readFileSync(join(__dirname, 'wsl-conf.sh'), 'utf8')
function sh(dir: string, script: string): { status: number | null; stdout: string } {
  const r = spawnSync('bash', ['-c', `${lib}\nset -e\ncd "$1"\n${script}`, 'sh', dir], { encoding: 'utf8' })
  if (r.status !== 0 && r.stderr) console.log(r.stderr)
  return { status: r.status, stdout: r.stdout }
}
const ORIGINAL = '# mine\r\n[automount]\r\nroot = /mnt/\r\noptions = "metadata,umask=22"\r\n\r\n[network]\r\nhostname=box\r\n[Interop]\r\n Enabled = TRUE \r\n[user]\ndefault=alice'

describe('wsl.conf INI helpers (bash + awk)', () => {
  it('sets keys in place, under an existing header, or in a new section; every other line stays byte-for-byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-ini-'))
    writeFileSync(join(dir, 'wsl.conf'), ORIGINAL)
    expect(sh(dir, 'ocss_ini_set interop enabled false wsl.conf; ocss_ini_set automount enabled false wsl.conf; ocss_ini_set boot systemd true wsl.conf').status).toBe(0)
    const after = readFileSync(join(dir, 'wsl.conf'), 'utf8')
    expect(after).toBe('# mine\r\n[automount]\r\nenabled=false\nroot = /mnt/\r\noptions = "metadata,umask=22"\r\n\r\n[network]\r\nhostname=box\r\n[Interop]\r\nenabled=false\n[user]\ndefault=alice\n[boot]\nsystemd=true')
    expect(sh(dir, 'ocss_ini_get interop enabled wsl.conf; ocss_ini_get user default wsl.conf; ocss_ini_get boot systemd wsl.conf').stdout).toBe('false\nalice\ntrue\n')
    expect(sh(dir, 'ocss_ini_get boot nothing wsl.conf').status).toBe(1)
  })

  it('undo: exact original when untouched since, per key otherwise (both orders give the original bytes back)', () => {
    for (const order of [['a', 'b'], ['b', 'a']]) {
      const dir = mkdtempSync(join(tmpdir(), 'ocss-ini-'))
      writeFileSync(join(dir, 'wsl.conf'), ORIGINAL)
      const r = sh(dir, `
        ocss_conf_backup bk-a wsl.conf boot.systemd; ocss_ini_set boot systemd true wsl.conf; sha256sum <wsl.conf | cut -d' ' -f1 >bk-a/applied.sha256
        ocss_conf_backup bk-b wsl.conf interop.enabled interop.appendWindowsPath automount.enabled
        ocss_ini_set interop enabled false wsl.conf; ocss_ini_set interop appendWindowsPath false wsl.conf; ocss_ini_set automount enabled false wsl.conf
        sha256sum <wsl.conf | cut -d' ' -f1 >bk-b/applied.sha256
        undo_a() { ocss_conf_undo bk-a wsl.conf boot.systemd; }
        undo_b() { ocss_conf_undo bk-b wsl.conf interop.enabled interop.appendWindowsPath automount.enabled; }
        undo_${order[0]}; undo_${order[1]}`)
      expect(r.status).toBe(0)
      expect(readFileSync(join(dir, 'wsl.conf'), 'utf8')).toBe(ORIGINAL)
    }
  })

  it('a file that did not exist is removed again by undo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-ini-'))
    const r = sh(dir, `ocss_conf_backup bk wsl.conf boot.systemd; ocss_ini_set boot systemd true wsl.conf; cat wsl.conf; echo changed >>wsl.conf.x
      ocss_conf_undo bk wsl.conf boot.systemd; [ ! -e wsl.conf ] && echo gone`)
    expect(r.stdout).toBe('[boot]\nsystemd=true\ngone\n')
  })

  it('undo keeps a key edited by hand after the apply, says so, and still takes back the keys the step left as they were', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-ini-'))
    writeFileSync(join(dir, 'wsl.conf'), ORIGINAL)
    const r = sh(dir, `
      ocss_conf_backup bk wsl.conf interop.enabled automount.enabled
      ocss_ini_set interop enabled false wsl.conf; ocss_ini_set automount enabled false wsl.conf
      ocss_conf_applied bk wsl.conf interop.enabled automount.enabled
      stat -c %a bk/applied.interop.enabled
      ocss_ini_set automount enabled true wsl.conf
      ocss_conf_undo bk wsl.conf interop.enabled automount.enabled`)
    expect(r.status).toBe(0)
    expect(r.stdout).toBe("600\nwsl.conf changed since the apply: only the keys this step set that are still as it left them go back\nkept your later change to [automount] enabled: the step left 'enabled=false', it is now 'enabled=true'\n")
    // [interop] enabled has its original line back; the hand-made [automount] enabled=true stays.
    expect(readFileSync(join(dir, 'wsl.conf'), 'utf8')).toBe(ORIGINAL.replace('[automount]\r\n', '[automount]\r\nenabled=true\n'))
  })
})
