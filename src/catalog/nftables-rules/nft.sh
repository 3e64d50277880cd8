# shellcheck shell=bash
# Helpers of the nftables step (the native-npm guide's sandbox rules), written into its scripts by step.ts (not
# sourced). The app's own table lives in the app's own file, loaded by the app's own unit after the system's rules;
# nothing here ever flushes the ruleset.
# shellcheck disable=SC2034 # the places, read by the scripts that include this file (each uses some of them)
ocss_nft_table='inet oc_sandbox' ocss_nft_file=/etc/openclaw-secure-setup/nftables/oc-sandbox.nft \
  ocss_nft_unit=ocss-nftables.service ocss_nft_unit_file=/etc/systemd/system/ocss-nftables.service \
  ocss_nft_undo=/var/lib/openclaw-secure-setup/undo/nftables-rules ocss_nft_bridge=docker0

# ocss_nft_resolvers: the IPv4 name servers this machine resolves through, one line, space-separated: with
# systemd-resolved (resolv.conf pointing at its stub) the servers resolvectl names, else resolv.conf's nameserver lines.
# Loopback addresses (a local stub or cache) are left out: a sandbox cannot use them. Status 1 when none is left.
ocss_nft_resolvers() {
  local link servers
  link=$(readlink /etc/resolv.conf 2>/dev/null) || link=''
  if case "$link" in */run/systemd/resolve/stub-resolv.conf | */run/systemd/resolve/resolv.conf) true ;; *) false ;; esac && command -v resolvectl >/dev/null; then
    servers=$(resolvectl dns 2>/dev/null | sed 's/^[^:]*://' | tr ' ' '\n')
  else
    servers=$(sed -n 's/^[[:space:]]*nameserver[[:space:]]\{1,\}\([^[:space:]#]*\).*/\1/p' /etc/resolv.conf 2>/dev/null)
  fi
  servers=$(printf '%s\n' "$servers" | grep -E '^[0-9]{1,3}(\.[0-9]{1,3}){3}$' | grep -v '^127\.' | awk '!seen[$0]++' | tr '\n' ' ')
  servers=${servers% }
  [ -n "$servers" ] || return 1
  printf '%s\n' "$servers"
}

# ocss_nft_table_text SERVER...: the app's file. It creates the table, deletes it and defines it again in one
# transaction (`nft -f` applies a file atomically), so loading it replaces only this table, never the rest.
ocss_nft_table_text() {
  local servers
  servers=$(printf '%s, ' "$@")
  cat <<EOF
#!/usr/sbin/nft -f
# Written by OpenClaw Secure Setup (step nftables-rules). Undo the step in the app to remove it.
# Loaded by $ocss_nft_unit after the system's own rules. Replaces only table $ocss_nft_table.
table $ocss_nft_table
delete table $ocss_nft_table
table $ocss_nft_table {
  set private_ipv4 {
    type ipv4_addr
    flags interval
    elements = { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, 100.64.0.0/10 }
  }
  set private_ipv6 {
    type ipv6_addr
    flags interval
    elements = { fc00::/7, fe80::/10 }
  }
  set dns_servers {
    type ipv4_addr
    elements = { ${servers%, } }
  }
  chain forward {
    type filter hook forward priority 0; policy accept;
    # Containers talking to each other on the bridge.
    iifname "$ocss_nft_bridge" oifname "$ocss_nft_bridge" accept
    # DNS only to the name servers this machine uses (port 53, even when that is the router).
    iifname "$ocss_nft_bridge" ip daddr @dns_servers meta l4proto { tcp, udp } th dport 53 accept
    # Every private network, link-local (cloud metadata) and multicast: dropped.
    iifname "$ocss_nft_bridge" ip daddr @private_ipv4 drop
    iifname "$ocss_nft_bridge" ip6 daddr @private_ipv6 drop
    iifname "$ocss_nft_bridge" ip daddr 224.0.0.0/4 drop
    iifname "$ocss_nft_bridge" ip6 daddr ff00::/8 drop
    # Any other DNS server: dropped, so a tool cannot pick its own.
    iifname "$ocss_nft_bridge" meta l4proto { tcp, udp } th dport 53 drop
    # The rest of the internet.
    iifname "$ocss_nft_bridge" accept
  }
}
EOF
}

# ocss_nft_unit_text: the app's unit. After the system's nftables.service and part of it: when that service restarts
# (Debian's /etc/nftables.conf starts with `flush ruleset`), this one loads the table again.
ocss_nft_unit_text() {
  cat <<EOF
# Written by OpenClaw Secure Setup (step nftables-rules). Undo the step in the app to remove it.
[Unit]
Description=OpenClaw Secure Setup: the sandbox's nftables table ($ocss_nft_table)
After=nftables.service network-pre.target
Before=docker.service
PartOf=nftables.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/sbin/nft -f $ocss_nft_file

[Install]
WantedBy=multi-user.target
EOF
}

# ocss_nft_list_json: the live table as nft's JSON, or the line "absent".
ocss_nft_list_json() {
  nft -j list table "${ocss_nft_table% *}" "${ocss_nft_table#* }" 2>/dev/null || echo absent
}
