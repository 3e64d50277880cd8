# shellcheck shell=bash
# INI helpers for /etc/wsl.conf, written into the WSL steps' scripts by step.ts (not sourced).
# Sections and keys match case-insensitively with the spaces around them ignored; lines starting with # or ; are
# comments. Every line the helpers do not manage is kept byte-for-byte (CRLF included).
ocss_ini_awk_lib='
  function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
  function header(t) { return t ~ /^\[.*\]$/ ? tolower(trim(substr(t, 2, length(t) - 2))) : "" }
  function iskey(t, k) { return t !~ /^[#;]/ && index(t, "=") > 0 && tolower(trim(substr(t, 1, index(t, "=") - 1))) == tolower(k) }
'
# ocss_ini_get SECTION KEY FILE: prints the value of the last KEY in [SECTION]; status 1 when it is not set.
ocss_ini_get() {
  [ -f "$3" ] || return 1
  awk -v sec="$1" -v key="$2" "$ocss_ini_awk_lib"'
    { t = trim($0); h = header(t) }
    h != "" { cur = h; next }
    cur == tolower(sec) && iskey(t, key) { v = trim(substr(t, index(t, "=") + 1)); found = 1 }
    END { if (found) print v; exit found ? 0 : 1 }' "$3"
}
# ocss_ini_line SECTION KEY FILE: prints the first raw line setting KEY in [SECTION]; status 1 when there is none.
ocss_ini_line() {
  [ -f "$3" ] || return 1
  awk -v sec="$1" -v key="$2" "$ocss_ini_awk_lib"'
    { t = trim($0); h = header(t) }
    h != "" { cur = h; next }
    cur == tolower(sec) && iskey(t, key) { print; found = 1; exit }
    END { exit found ? 0 : 1 }' "$3"
}
# ocss_ini_has_section SECTION FILE
ocss_ini_has_section() {
  [ -f "$2" ] && awk -v sec="$1" "$ocss_ini_awk_lib"'header(trim($0)) == tolower(sec) { found = 1; exit } END { exit found ? 0 : 1 }' "$2"
}
# Rewrites FILE in place (same inode and mode) from the awk program's output. awk ends every line with a newline;
# a file whose last line had none keeps it that way.
ocss_ini_rewrite() {
  local file=$1 tmp open=0; shift
  tmp=$(mktemp) || return 1
  [ -s "$file" ] && [ -n "$(tail -c 1 "$file")" ] && open=1
  if awk "$@" "$file" >"$tmp"; then
    [ $open = 1 ] && [ -s "$tmp" ] && [ -z "$(tail -c 1 "$tmp")" ] && truncate -s -1 "$tmp"
    cat "$tmp" >"$file"; rm -f "$tmp"
  else rm -f "$tmp"; return 1; fi
}
# ocss_ini_set SECTION KEY VALUE FILE: the first KEY line in [SECTION] becomes KEY=VALUE (later duplicates there are
# dropped); without one, KEY=VALUE goes right under the first [SECTION] header; without the section, both are appended.
ocss_ini_set() {
  local sec=$1 key=$2 val=$3 file=$4 has=0 hassec=0
  [ -f "$file" ] || : >"$file"
  ocss_ini_line "$sec" "$key" "$file" >/dev/null && has=1
  ocss_ini_has_section "$sec" "$file" && hassec=1
  # shellcheck disable=SC2016 # an awk program: its $0 and fields are awk's, not the shell's
  OCSS_INI_NEW="$key=$val" ocss_ini_rewrite "$file" -v sec="$sec" -v key="$key" -v has="$has" -v hassec="$hassec" "$ocss_ini_awk_lib"'
    { t = trim($0); h = header(t) }
    h != "" { cur = h; print; if (cur == tolower(sec) && !has && !done) { print ENVIRON["OCSS_INI_NEW"]; done = 1 } next }
    cur == tolower(sec) && iskey(t, key) { if (!replaced) print ENVIRON["OCSS_INI_NEW"]; replaced = 1; next }
    { print }
    END { if (!hassec) { print "[" sec "]"; print ENVIRON["OCSS_INI_NEW"] } }'
}
# ocss_ini_restore SECTION KEY FILE [ORIGINAL-LINE]: puts KEY in [SECTION] back as it was: the exact original line in
# place of the current one, or (no original line) the KEY lines removed.
ocss_ini_restore() {
  local sec=$1 key=$2 file=$3 has=0
  [ -f "$file" ] || return 0
  [ $# -ge 4 ] && has=1
  # shellcheck disable=SC2016 # an awk program: its $0 and fields are awk's, not the shell's
  OCSS_INI_ORIG="${4-}" ocss_ini_rewrite "$file" -v sec="$sec" -v key="$key" -v has="$has" "$ocss_ini_awk_lib"'
    { t = trim($0); h = header(t) }
    h != "" { cur = h; print; next }
    cur == tolower(sec) && iskey(t, key) { if (has && !done) print ENVIRON["OCSS_INI_ORIG"]; done = 1; next }
    { print }'
}
# ocss_ini_drop_empty_section SECTION FILE: removes [SECTION] headers followed by nothing but blank lines.
ocss_ini_drop_empty_section() {
  local sec=$1 file=$2
  [ -f "$file" ] || return 0
  # shellcheck disable=SC2016 # an awk program: its $0 and fields are awk's, not the shell's
  ocss_ini_rewrite "$file" -v sec="$sec" "$ocss_ini_awk_lib"'
    function flush() { if (held != "" && !content) { held = ""; blanks = ""; return } printf "%s%s", held, blanks; held = ""; blanks = "" }
    { t = trim($0); h = header(t) }
    h != "" { flush(); if (h == tolower(sec)) { held = $0 "\n"; content = 0; next } cur = h; print; next }
    held != "" && t == "" { blanks = blanks $0 "\n"; next }
    held != "" { content = 1; flush(); print; next }
    { print }
    END { flush() }'
}
# ocss_conf_backup STEP-DIR FILE SECTION.KEY...: saves FILE (or that it was absent) and each key's original line, once.
ocss_conf_backup() {
  local dir=$1 file=$2 item; shift 2
  [ -d "$dir" ] && return 0
  rm -rf "$dir.tmp"
  install -d -m 700 "$(dirname "$dir")" "$dir.tmp"
  if [ -e "$file" ]; then cp -a "$file" "$dir.tmp/original"; else : >"$dir.tmp/absent"; fi
  for item in "$@"; do
    ocss_ini_line "${item%%.*}" "${item#*.}" "$file" >"$dir.tmp/line.$item" 2>/dev/null || rm -f "$dir.tmp/line.$item"
    ocss_ini_has_section "${item%%.*}" "$file" && : >"$dir.tmp/section.${item%%.*}"
  done
  mv "$dir.tmp" "$dir"
}
# ocss_conf_applied STEP-DIR FILE SECTION.KEY...: after an apply, records the state it left: the file's hash and each
# key's line, so that undo can tell the step's own values from changes made later.
ocss_conf_applied() {
  local dir=$1 file=$2 item; shift 2
  sha256sum <"$file" | cut -d' ' -f1 >"$dir/applied.sha256"
  for item in "$@"; do
    ocss_ini_line "${item%%.*}" "${item#*.}" "$file" >"$dir/applied.$item" 2>/dev/null || : >"$dir/applied.$item"
  done
  chmod 600 "$dir"/applied.*
}
# ocss_conf_undo STEP-DIR FILE SECTION.KEY...: if FILE is still exactly what the last apply left, the original comes
# back byte-for-byte; otherwise (edited since: by hand or by another step) each key that still has the line the apply
# left gets its original line back, or goes; a key changed since is kept, and the difference is printed.
ocss_conf_undo() {
  local dir=$1 file=$2 item sec now; shift 2
  if [ -f "$dir/applied.sha256" ] && [ -f "$file" ] && [ "$(sha256sum <"$file" | cut -d' ' -f1)" = "$(cat "$dir/applied.sha256")" ]; then
    if [ -f "$dir/absent" ]; then rm -f "$file"; else cat "$dir/original" >"$file"; fi
    return 0
  fi
  [ ! -f "$dir/applied.sha256" ] || echo "$file changed since the apply: only the keys this step set that are still as it left them go back"
  for item in "$@"; do
    sec=${item%%.*}
    now=$(ocss_ini_line "$sec" "${item#*.}" "$file" 2>/dev/null) || now=''
    if [ -f "$dir/applied.$item" ] && [ "$now" != "$(cat "$dir/applied.$item")" ]; then
      echo "kept your later change to [$sec] ${item#*.}: the step left '$(cat "$dir/applied.$item")', it is now '${now:-(not set)}'"
      continue
    fi
    if [ -f "$dir/line.$item" ]; then ocss_ini_restore "$sec" "${item#*.}" "$file" "$(cat "$dir/line.$item")"
    else ocss_ini_restore "$sec" "${item#*.}" "$file"; fi
    [ -f "$dir/section.$sec" ] || ocss_ini_drop_empty_section "$sec" "$file"
  done
  if [ -f "$dir/absent" ] && [ -f "$file" ] && ! grep -q '[^[:space:]]' "$file"; then rm -f "$file"; fi
  return 0
}
