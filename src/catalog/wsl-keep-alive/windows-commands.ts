/*
 * What the step does on Windows, as the window shows it before Run (a Windows-side step has no Linux script; the app
 * does this itself, as you, in core/windows/wsl-keep-alive.ts). NAME is the connected distribution. A change here is
 * a change of the check's version (checkVersion() hashes WINDOWS_CHECK).
 */

export const WINDOWS_APPLY = `# Runs on Windows, in the app, as you (no administrator rights, nothing runs in the distribution):
wsl.exe --version        # refuses on the inbox WSL, which ignores the setting; then nothing is changed
# %UserProfile%\\.wslconfig (created if missing; every other line, comment, section, CRLF and BOM kept):
[general]
instanceIdleTimeout=-1   # the earlier value (or its absence) is kept for Undo
# The logon task, registered from an XML definition (at your logon, as you, least privilege, also on battery):
schtasks.exe /Create /TN "OpenClaw keep-alive (NAME)" /XML <task definition> /F
#   action: C:\\Windows\\System32\\wsl.exe -d NAME --exec /bin/true
# Takes effect after "wsl.exe --shutdown" (stops every distribution) or the next restart of Windows.
`

export const WINDOWS_CHECK = `# Runs on Windows, in the app, as you; reads the machine, never what the app remembers (check v2):
type %UserProfile%\\.wslconfig                           # every [general] instanceIdleTimeout is -1
schtasks.exe /Query /TN "OpenClaw keep-alive (NAME)" /XML  # enabled, at your logon, as you, runs wsl.exe -d NAME
`

export const WINDOWS_UNDO = `# Runs on Windows, in the app, as you:
# %UserProfile%\\.wslconfig: back to the exact bytes from before the apply when nothing changed since; otherwise only
# the step's own instanceIdleTimeout line is taken back (a value you changed since is kept and reported), and the
# [general] header goes only if the apply created it and it is empty.
schtasks.exe /Delete /TN "OpenClaw keep-alive (NAME)" /F   # or the earlier task put back; a task you changed is kept
`
