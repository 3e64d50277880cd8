#!/bin/bash
# Check of router-isolation (layer 1): a probe that changes nothing. From this machine, as root, it tries to reach each
# home device the person named (OCSS_IN_DEVICES, comma-separated IPv4) on its usual TCP ports and with ping, every try
# at once and each bounded by TRY_SECONDS, and prints this machine's own IPv4 addresses and default route, which the
# evaluator compares with the home subnet (OCSS_IN_HOME_SUBNET). Only bash (/dev/tcp), coreutils' timeout, iproute2's
# ip and iputils' ping are used (all on a stock Ubuntu; without ping the ICMP part is reported as not tried).
set -uo pipefail
export LC_ALL=C
TRY_SECONDS=2
# The tries run in parallel; this is what the whole probe may take: one try's bound plus one second to start them.
BUDGET_MS=$((TRY_SECONDS * 1000 + 1000))
# ssh, DNS, web admin, NetBIOS/SMB (NAS, PCs), https, Synology DSM http/https, alternative web admin (QNAP, cameras).
PORTS=(22 53 80 139 443 445 5000 5001 8080)
IPV4='^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$'

echo '### kind'
if [ -n "${WSL_DISTRO_NAME:-}" ] || [ -n "${OCSS_WSL_STANDIN_DISTRO:-}" ] || grep -qi microsoft /proc/sys/kernel/osrelease 2>/dev/null; then echo wsl; else echo ssh; fi

# The inputs, validated again (the app validated them; a script never trusts its environment).
devices=()
state=ok
if [ -z "${OCSS_IN_DEVICES:-}" ]; then
  state=none
else
  IFS=',' read -r -a devices <<<"$OCSS_IN_DEVICES"
  if [ "${#devices[@]}" -gt 8 ]; then state=invalid; fi
  for d in "${devices[@]}"; do [[ "$d" =~ $IPV4 ]] || state=invalid; done
fi
subnet=${OCSS_IN_HOME_SUBNET:-}
if [ -n "$subnet" ] && ! { [[ "$subnet" =~ ^([0-9.]{7,15})/(3[0-2]|[12]?[0-9])$ ]] && [[ "${BASH_REMATCH[1]}" =~ $IPV4 ]]; }; then subnet=invalid; state=invalid; fi
echo '### inputs'
if [ "$state" = ok ]; then echo "devices $(IFS=','; echo "${devices[*]}")"; else echo "devices $state"; fi
echo "subnet ${subnet:-none}"

echo '### addr'
ip -4 -o addr show 2>&1 | awk '{ print $2, $4 }'
echo '### route'
ip -4 route show default 2>&1
echo '### resolv'
awk '$1 == "nameserver" { print $2 }' /etc/resolv.conf 2>/dev/null
[ "$state" = ok ] || exit 0

echo '### route-get'
for d in "${devices[@]}"; do printf '%s %s\n' "$d" "$(ip -4 route get "$d" 2>&1 | head -1)"; done

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(now_ms)
n=0
for d in "${devices[@]}"; do
  for p in "${PORTS[@]}"; do
    n=$((n + 1))
    (
      t0=$(now_ms)
      # shellcheck disable=SC2016 # $1 and $2 are the inner bash's arguments
      if err=$(timeout -k 1 "$TRY_SECONDS" bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$d" "$p" 2>&1); then
        r=open
      else
        rc=$?
        case "$rc:$err" in
          124:* | 137:*) r=timeout ;;
          *refused*) r=refused ;;
          *'No route'* | *unreachable*) r=noroute ;;
          *'not permitted'* | *'Permission denied'*) r=blocked ;;
          *) r=other ;;
        esac
      fi
      echo "$d tcp/$p $r $(($(now_ms) - t0))" >"$tmp/$n"
    ) &
  done
  n=$((n + 1))
  (
    t0=$(now_ms)
    if ! command -v ping >/dev/null 2>&1; then
      r=no-ping
    else
      ping -n -q -c 2 -i 0.5 -w "$TRY_SECONDS" "$d" >/dev/null 2>&1
      case $? in 0) r=reply ;; 1) r=no-reply ;; *) r=error ;; esac
    fi
    echo "$d icmp $r $(($(now_ms) - t0))" >"$tmp/$n"
  ) &
done
wait
end=$(now_ms)
echo '### probe'
for i in $(seq 1 "$n"); do cat "$tmp/$i" 2>/dev/null || echo "? missing result $i"; done
echo '### timing'
echo "total-ms $((end - start)) budget-ms $BUDGET_MS try-ms $((TRY_SECONDS * 1000)) tries $n"
