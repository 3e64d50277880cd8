# shellcheck shell=bash
# The far end of a persistent control channel. Started once per target (and once more for root); it then
# runs one request after another from stdin:
#   REQ <id> <param-count> <script-bytes>\n  <NAME=base64>\n × param-count  <script bytes>
# and answers each on stdout:
#   OCSS-RESP <id> <exit-code> <stdout-bytes> <stderr-bytes>\n  <stdout><stderr>
# Parameters are exported inside a subshell (never in an argument list); the script runs from a private file.
export LC_ALL=C
ocss_dir=$(mktemp -d) || exit 97
trap 'rm -rf "$ocss_dir"' EXIT
printf 'OCSS-READY %s\n' "$$"
while IFS=' ' read -r ocss_tag ocss_id ocss_n ocss_len; do
  [ "$ocss_tag" = REQ ] || exit 96
  ocss_params=()
  for ((ocss_i = 0; ocss_i < ocss_n; ocss_i++)); do IFS= read -r ocss_kv; ocss_params+=("$ocss_kv"); done
  ocss_script=''
  [ "$ocss_len" -gt 0 ] && IFS= read -r -d '' -N "$ocss_len" ocss_script
  printf '%s' "$ocss_script" >"$ocss_dir/s"
  (
    for ocss_kv in "${ocss_params[@]}"; do export "OCSS_${ocss_kv%%=*}=$(printf %s "${ocss_kv#*=}" | base64 -d)"; done
    unset ocss_params ocss_kv ocss_script
    exec bash "$ocss_dir/s"
  ) </dev/null >"$ocss_dir/o" 2>"$ocss_dir/e"
  ocss_rc=$?
  ocss_o=$(stat -c %s "$ocss_dir/o") ocss_e=$(stat -c %s "$ocss_dir/e")
  printf 'OCSS-RESP %s %s %s %s\n' "$ocss_id" "$ocss_rc" "$ocss_o" "$ocss_e"
  # Exactly the announced sizes, even if a background process the script left behind still writes.
  head -c "$ocss_o" "$ocss_dir/o"
  head -c "$ocss_e" "$ocss_dir/e"
done
