/**
 * A shell script, run as the OpenClaw account with its user bus, that waits until the gateway's unit has been active
 * for 5 s in a row with its port listening as `listen` says (`any`: on 0.0.0.0, `loopback`: on 127.0.0.1/::1 only).
 * OpenClaw restarts its gateway itself on some config changes; a check read mid-restart would see a gateway that is down.
 */
export function gatewaySteadyScript(listen: 'any' | 'loopback', port = 18789): string {
  const want = listen === 'any' ? 'printf "%s\\n" "$l" | grep -q "^0\\.0\\.0\\.0:"' : '! printf "%s\\n" "$l" | grep -qvE "^(127\\.0\\.0\\.1|\\[::1\\]):"'
  return (
    `ok=0; for i in $(seq 240); do l=$(ss -ltnH "sport = :${port}" | awk '{print $4}'); ` +
    `if systemctl --user is-active -q openclaw-gateway.service && [ -n "$l" ] && ${want}; then ok=$((ok + 1)); [ "$ok" -ge 5 ] && exit 0; else ok=0; fi; sleep 1; done; echo "gateway not steady: $l"; exit 1`
  )
}
