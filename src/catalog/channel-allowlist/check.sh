#!/bin/bash
# Check for "Only your own chat". Runs as root and reads files only: the facts of lib/openclaw.sh (openclaw.json as
# the target parsed it, every plaintext secret replaced by its length; the secret store's entry lengths), the step's
# saved answer (Telegram or no chat channel), and the shape of each sender OpenClaw's pairing store approved for
# Telegram (numeric, "*" or other: never the id itself), read-only from ~/.openclaw/state/openclaw.sqlite.
export LC_ALL=C
# @include openclaw.sh
ocss_oc_facts
echo '### channel-choice'
case "${OCSS_IN_CHANNEL:-}" in
  none) echo none ;;
  telegram) echo telegram ;;
  *) echo unset ;;
esac
echo '### tg-pairing'
home=$(ocss_oc_home 2>/dev/null) || { echo unreadable no-account; exit 0; }
f=$home/.openclaw/state/openclaw.sqlite
if [ ! -e "$f" ]; then
  echo none
elif [ -f "$f" ] && [ ! -L "$f" ] && [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -I -c 'import re, sqlite3, sys, urllib.parse
try:
    db = sqlite3.connect("file:" + urllib.parse.quote(sys.argv[1]) + "?mode=ro", uri=True)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = ?", ("table",))}
    if "channel_pairing_allow_entries" not in tables:
        print("none")
        sys.exit(0)
    for (entry,) in db.execute("SELECT entry FROM channel_pairing_allow_entries WHERE channel_key = ? ORDER BY sort_order", ("telegram",)):
        e = str(entry).strip()
        print("allow " + ("star" if e == "*" else "numeric" if re.fullmatch(r"[1-9][0-9]{0,19}", e) else "other"))
    if "channel_pairing_requests" in tables:
        print("pending %d" % db.execute("SELECT count(*) FROM channel_pairing_requests WHERE channel_key = ?", ("telegram",)).fetchone()[0])
except Exception as e:
    print("unreadable", type(e).__name__)' "$f" 2>/dev/null || echo unreadable
else
  echo unreadable
fi
