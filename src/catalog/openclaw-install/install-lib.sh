# shellcheck shell=bash
# Paths of "Install OpenClaw", written into its scripts by step.ts. Everything lives in the OpenClaw account's home:
#   ~/.local/share/openclaw-secure-setup/node/node-v<V>-linux-<arch>   the Node tarball, extracted; `current` -> it
#   ~/.local/lib/node_modules/openclaw, ~/.local/bin/openclaw            npm install -g --prefix ~/.local
# What apply created (folders that were missing before) is recorded root-only for undo.
ocss_inst_state=/var/lib/openclaw-secure-setup/state/openclaw-install.json
# Folders apply may create, parents first (relative to the home).
# shellcheck disable=SC2034 # used by apply.sh
ocss_inst_dirs='.local .local/bin .local/lib .local/lib/node_modules .local/share .local/share/openclaw-secure-setup'

ocss_inst_get() {
  [ -f "$ocss_inst_state" ] || return 0
  sed -n "s/^  \"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$ocss_inst_state" | head -n1
}

# ocss_inst_put USER CREATED_DIRS (colon-separated, relative to the home)
ocss_inst_put() {
  local tmp
  install -d -m 700 -o root -g root "${ocss_inst_state%/*}"
  tmp=$(mktemp "$ocss_inst_state.XXXXXX")
  printf '{\n  "user": "%s",\n  "createdDirs": "%s"\n}\n' "$1" "$2" >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$ocss_inst_state"
}

# ocss_inst_arch: the Node arch name of this machine (x64, arm64), or status 1.
ocss_inst_arch() {
  case "$(uname -m)" in
    x86_64|amd64) echo x64 ;;
    aarch64|arm64) echo arm64 ;;
    *) return 1 ;;
  esac
}

# ocss_inst_version FILE: the top-level "version" of a package.json (a regular file), or nothing.
ocss_inst_version() {
  [ -f "$1" ] && [ ! -L "$1" ] || return 0
  head -c 262144 -- "$1" | grep -ao '"version"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n1 | sed 's/.*"\([^"]*\)"$/\1/' || true
}
