#!/bin/bash
# Undo for the UFW step. Undo never throws away what changed later: it first compares the firewall with the state the
# step left (left-rules, left.sha256 in the backup) and prints the difference, then:
# - nothing changed since: /etc/ufw, /etc/default/ufw and the active/inactive state from before the first apply come
#   back byte-for-byte;
# - something changed since: only the step's own changes (record-*) are taken back, every later change stays:
#   * ufw is disabled only if the step enabled it and no rule was added since (a rule added by hand only works while
#     the firewall is on, so turning it off would silently drop it);
#   * the SSH rules the step added are deleted if they are still there, unless the firewall stays on and no other rule
#     lets that port in (deleting it would lock out SSH);
#   * a default policy or the IPV6 line goes back only while it is still what the step set.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
backup=/var/lib/openclaw-secure-setup/backup/ufw-firewall
# @include ufw-state.sh

if [ ! -d "$backup" ]; then
  say 'Nothing to undo: this tool has no saved firewall state on this machine.'
  exit 0
fi
was=$(cat "$backup/was")
had_chains=$(cat "$backup/had-chains" 2>/dev/null || echo yes)
is_active() { ufw status 2>/dev/null | grep '^Status: active' >/dev/null; }

# Removes only ufw's own chains and the jumps to them; other rules (Docker, libvirt, …) are left alone.
remove_ufw_chains() {
  local cmd rule chain
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null 2>&1 || continue
    "$cmd" -S 2>/dev/null | awk '/^-A (INPUT|OUTPUT|FORWARD) .*-j ufw6?-/ { sub(/^-A/, "-D"); print }' | while read -r rule; do
      # shellcheck disable=SC2086 # rule is iptables' own output, split into words on purpose
      "$cmd" $rule
    done
    for chain in $("$cmd" -S 2>/dev/null | awk '/^-N ufw6?-/ { print $2 }'); do "$cmd" -F "$chain"; done
    for chain in $("$cmd" -S 2>/dev/null | awk '/^-N ufw6?-/ { print $2 }'); do "$cmd" -X "$chain"; done
  done
}

restore_snapshot() {
  say 'Disabling ufw while the saved configuration is restored'
  ufw --force disable
  rm -rf /etc/ufw.ocss-undo
  mv /etc/ufw /etc/ufw.ocss-undo
  cp -a "$backup/etc-ufw" /etc/ufw
  cp -a "$backup/default-ufw" /etc/default/ufw
  rm -rf /etc/ufw.ocss-undo
  if [ "$was" = active ]; then
    say 'The firewall was active before; enabling it again with the earlier rules'
    ufw --force enable
  else
    say 'The firewall was inactive before; leaving it inactive'
    if [ "$had_chains" = no ]; then
      say 'Removing the iptables chains ufw created (there were none before)'
      remove_ufw_chains
    fi
  fi
}

say 'Comparing the firewall with the state this step left'
if [ -f "$backup/left.sha256" ] && [ "$(ocss_ufw_state_hash)" = "$(cat "$backup/left.sha256")" ]; then
  note 'Nothing changed since: the whole state from before the step comes back.'
  restore_snapshot
  rm -rf "$backup"
  ufw status verbose
  exit 0
fi

ocss_ufw_legacy_record "$backup"
cur_rules=$(ufw show added 2>/dev/null | grep '^ufw ' | sort || true)
if [ -f "$backup/left-rules" ]; then left_rules=$(sort "$backup/left-rules")
else
  note 'The backup was saved by an earlier version that did not record the state it left: every rule that is not'
  note "the step's own SSH rule counts as yours and stays."
  left_rules=$(while read -r spec; do grep -E "^ufw $spec( |\$)" <<<"$cur_rules" || true; done <"$backup/record-rules")
fi
added_since=$(comm -13 <(printf '%s\n' "$left_rules") <(printf '%s\n' "$cur_rules") | grep . || true)
removed_since=$(comm -23 <(printf '%s\n' "$left_rules") <(printf '%s\n' "$cur_rules") | grep . || true)
if [ -n "$added_since" ]; then note 'Rules added since (they stay):'; printf '%s\n' "$added_since" | sed 's/^/      + /'; fi
if [ -n "$removed_since" ]; then note 'Rules removed since (they stay removed):'; printf '%s\n' "$removed_since" | sed 's/^/      - /'; fi
declare -A set_by_step=([input]=DROP [output]=ACCEPT)
for dir in input output; do
  [ -f "$backup/record-default-$dir" ] || continue
  now=$(ocss_ufw_policy "DEFAULT_${dir^^}_POLICY")
  [ "$now" = "${set_by_step[$dir]}" ] || note "Default $dir policy changed since: the step set ${set_by_step[$dir]}, it is now $now (it stays)."
done
if [ -f "$backup/record-ipv6" ] && [ "$(ocss_ufw_policy IPV6)" != yes ]; then note "IPV6 changed since: the step set yes, it is now $(ocss_ufw_policy IPV6) (it stays)."; fi
if [ -f "$backup/record-enabled" ] && ! is_active; then note 'ufw was disabled since (it stays disabled).'; fi
[ -n "$added_since$removed_since" ] || note 'The rules are as the step left them; other settings changed (see above, or files under /etc/ufw).'

say "Undoing only this step's own changes"
stays_on=no
if is_active; then
  if [ -f "$backup/record-enabled" ] && [ -z "$added_since" ]; then
    say 'Disabling ufw: this step enabled it and no rule was added since'
    ufw --force disable
    if [ "$had_chains" = no ]; then remove_ufw_chains; fi
  else
    stays_on=yes
    if [ -f "$backup/record-enabled" ]; then say 'Keeping ufw enabled: rules were added since, and they only work while it is on'
    else say 'Keeping ufw enabled: it was already on before this step'; fi
  fi
fi
while read -r spec; do
  [ -n "$spec" ] || continue
  if ! grep -E "^ufw $spec( |\$)" <<<"$cur_rules" >/dev/null; then
    say "The rule '$spec' this step added is gone already"
    continue
  fi
  port=${spec#allow }; port=${port%/tcp}
  others=$(grep -vE "^ufw $spec( |\$)" <<<"$cur_rules" || true)
  if [ "$stays_on" = yes ] && ! ocss_ufw_allows_port "$port" <<<"$others"; then
    say "Keeping the rule '$spec': the firewall stays on and no other rule lets SSH on port $port in (removing it would lock you out)"
    note "Remove it yourself once SSH is allowed otherwise: ufw delete $spec"
    continue
  fi
  say "Deleting the rule this step added: ufw delete $spec"
  # shellcheck disable=SC2086 # spec is this step's own record ("allow PORT/tcp"), split into words on purpose
  ufw delete $spec
done <"$backup/record-rules"
ufw_default() { case "$1" in ACCEPT) echo allow ;; REJECT) echo reject ;; *) echo deny ;; esac; }
for dir in input output; do
  [ -f "$backup/record-default-$dir" ] || continue
  if [ "$(ocss_ufw_policy "DEFAULT_${dir^^}_POLICY")" = "${set_by_step[$dir]}" ]; then
    old=$(cat "$backup/record-default-$dir")
    say "Putting the default $dir policy back to $old"
    if [ "$dir" = input ]; then ufw default "$(ufw_default "$old")" incoming; else ufw default "$(ufw_default "$old")" outgoing; fi
  fi
done
if [ -f "$backup/record-ipv6" ] && [ "$(ocss_ufw_policy IPV6)" = yes ]; then
  old=$(cat "$backup/record-ipv6")
  say "Putting IPv6 filtering back as it was ($old)"
  if [ "$old" = absent ]; then sed -i '/^IPV6=/d' /etc/default/ufw; else OCSS_OLD=$old awk '/^IPV6=/ { print ENVIRON["OCSS_OLD"]; next } { print }' /etc/default/ufw >/etc/default/ufw.ocss-tmp && cat /etc/default/ufw.ocss-tmp >/etc/default/ufw && rm -f /etc/default/ufw.ocss-tmp; fi
  if is_active; then ufw reload; fi
fi
rm -rf "$backup"
ufw status verbose
