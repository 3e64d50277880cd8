# shellcheck shell=bash
# Skills for the skills-pinned step (include after openclaw.sh). OpenClaw's own list of its skills comes from
# `openclaw skills list --json`, run as the account; everything else (the skill folders, their origin files, the
# ClawHub lock file) is read by the system's python3 (skills.py) as the account too: those paths are the account's to
# point anywhere (a symlinked folder, a workspace it names), so root never opens them. skills.py writes nothing.

_ocss_skills_py() {
  cat <<'OCSS_SKILLS_PY'
# @include skills.py
OCSS_SKILLS_PY
}

# ocss_skills_list FILE: `openclaw skills list --json` as the account into FILE (root's temporary file).
ocss_skills_list() {
  _ocss_oc_as -- timeout 120 openclaw skills list --json >"$1" 2>/dev/null
}

# ocss_skills_py MODE LIST: skills.py as the account (the list, root's file, on a pipe), with the account's home and
# the installed package's folder. In plan mode the new lock file comes back on stdout, as a "lockb64 …" line.
ocss_skills_py() {
  local home pkg
  home=$(ocss_oc_home) && pkg=$(_ocss_oc_pkg) || return 2
  cat -- "$2" | _ocss_oc_as -- /usr/bin/python3 -I -c "$(_ocss_skills_py)" "$1" - "$home" "$pkg" -
}

# ocss_skills_inventory: the sections the check judges (skills-list, skills-dirs, skills-lock).
ocss_skills_inventory() {
  local list
  if ! ocss_oc_home >/dev/null 2>&1 || ! _ocss_oc_pkg >/dev/null 2>&1; then
    printf '### skills-list\nfailed {"reason": "no-openclaw"}\n'
    return 0
  fi
  if [ ! -x /usr/bin/python3 ]; then printf '### skills-list\nfailed {"reason": "no-python3"}\n'; return 0; fi
  list=$(mktemp) || { printf '### skills-list\nfailed {"reason": "no-tempfile"}\n'; return 0; }
  if ! ocss_skills_list "$list"; then
    printf '### skills-list\nfailed {"reason": "list-command-failed"}\n'
  else
    ocss_skills_py inventory "$list" || printf '### skills-list\nfailed {"reason": "python3-failed"}\n'
  fi
  rm -f -- "$list"
}
