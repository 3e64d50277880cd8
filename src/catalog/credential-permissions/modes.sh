# shellcheck shell=bash
# Run AS THE OPENCLAW ACCOUNT (cwd = its home) by apply.sh and undo.sh of credential-permissions, with
# _ocss_oc_cred_find defined. `fix`: every credential path with group or other bits loses them (chmod go-rwx); the
# earlier mode of each path it changes is kept first in ~/.openclaw/.ocss-undo/credential-permissions.modes (600).
# `undo`: puts back each recorded mode where the path still has the mode `fix` left; a mode changed since is kept.
set -eu
cd "$HOME/.openclaw"
rec=.ocss-undo/credential-permissions.modes
# judged PATH TYPE: directories other than the state folder, credentials/ and .ocss-undo are OpenClaw's own (755 is fine).
judged() {
  case "$2" in
    f) return 0 ;;
    d) case "$1" in . | ./credentials | ./credentials/* | ./.ocss-undo) return 0 ;; esac ;;
  esac
  return 1
}
case "$1" in
  fix)
    todo=()
    while IFS='|' read -r type mode path; do
      judged "$path" "$type" || continue
      if [ $((8#$mode & 8#077)) -ne 0 ]; then todo+=("$mode|$path"); fi
    done < <(find -P . -maxdepth 0 -printf '%y|%m|.\n'; _ocss_oc_cred_find '%y|%m|%p\n')
    if [ "${#todo[@]}" -eq 0 ]; then echo '==> Every credential path already has owner-only modes; nothing to change'; exit 0; fi
    mkdir -p .ocss-undo && chmod 700 .ocss-undo
    touch "$rec" && chmod 600 "$rec"
    for t in "${todo[@]}"; do
      # The earliest mode wins: a path already in the record keeps its first entry.
      grep -qF -- "|${t#*|}" "$rec" || printf '%s\n' "$t" >>"$rec"
    done
    for t in "${todo[@]}"; do
      chmod go-rwx -- "${t#*|}"
      echo "==> ${t#*|}: mode ${t%%|*} -> $(stat -c %a -- "${t#*|}")"
    done
    ;;
  undo)
    if [ ! -f "$rec" ]; then echo '==> Nothing to undo: this step never changed a mode here'; exit 0; fi
    while IFS='|' read -r mode path; do
      if [ -L "$path" ] || [ ! -e "$path" ]; then echo "==> $path: gone or replaced; left alone"; continue; fi
      now=$(stat -c %a -- "$path")
      if [ "$now" = "$(printf '%o' $((8#$mode & ~8#077)))" ]; then
        chmod -- "$mode" "$path" && echo "==> $path: mode $now -> $mode (as before)"
      else
        echo "==> Kept your later change to $path (mode $now)"
      fi
    done <"$rec"
    rm -f -- "$rec"
    rmdir .ocss-undo 2>/dev/null || true
    ;;
esac
