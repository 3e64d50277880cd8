# shellcheck shell=bash
# ocss_oc_config_shape HOME [store]: root's read of the account's OpenClaw files, as shapes only. Prints sections
# shape-config (gateway.mode, auth mode, the token's shape: "plaintext N", "ref SOURCE PROVIDER ID" or "unset"), shape-workspace
# and, with "store", shape-store (each secret store entry's scope, name, kind, value LENGTH and live/deleted). A token's
# value is never printed: python3 reads it and prints its length. The config is refused when it is a symlink or over
# 1 MiB; the SQLite store is opened read-only (root writes nothing into the account's files).
ocss_oc_config_shape() {
  /usr/bin/python3 - "$@" <<'PY'
import json, os, stat, sys
home = sys.argv[1]
want_store = len(sys.argv) > 2 and sys.argv[2] == "store"
oc = os.path.join(home, ".openclaw")
conf = os.path.join(oc, "openclaw.json")

def kind(p):
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return "missing", None
    if stat.S_ISLNK(st.st_mode):
        return "symlink", st
    if stat.S_ISDIR(st.st_mode):
        return "dir", st
    if stat.S_ISREG(st.st_mode):
        return "file", st
    return "other", st

def get(obj, path):
    for k in path.split("."):
        if not isinstance(obj, dict) or k not in obj:
            return None
        obj = obj[k]
    return obj

def scalar(v):
    if v is None:
        return "unset"
    if isinstance(v, (str, int, float, bool)):
        return json.dumps(v) if not isinstance(v, str) else v
    return type(v).__name__

def token_shape(v):
    if v is None:
        return "unset"
    if isinstance(v, str):
        return "plaintext %d" % len(v)
    if isinstance(v, dict):
        parts = [str(v.get(k, "-")) for k in ("source", "provider", "id")]
        return "ref " + " ".join(p if p and " " not in p else "?" for p in parts)
    return "other " + type(v).__name__

print("### shape-config")
cfg = None
k, st = kind(conf)
if k != "file":
    print("state " + ("not-a-file" if k in ("dir", "other") else k))
elif st.st_size > 1048576:
    print("state too-large %d" % st.st_size)
else:
    try:
        fd = os.open(conf, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            raw = f.read(1048577)
        cfg = json.loads(raw.decode("utf-8"))
        if not isinstance(cfg, dict):
            raise ValueError("the top level is not an object")
        print("state present")
    except Exception as e:  # the message names the position, never the content
        cfg = None
        why = "not UTF-8" if isinstance(e, UnicodeDecodeError) else (str(e).splitlines() or [""])[0][:120]
        print("state unparsable " + type(e).__name__ + ": " + why)
    print("bytes %d" % st.st_size)
    print("mode %o" % stat.S_IMODE(st.st_mode))
if cfg is not None:
    for key in ("gateway.mode", "gateway.bind", "gateway.auth.mode", "tools.profile", "agents.defaults.workspace"):
        print(key + " " + scalar(get(cfg, key)))
    print("gateway.auth.token " + token_shape(get(cfg, "gateway.auth.token")))

print("### shape-workspace")
ws = get(cfg, "agents.defaults.workspace") if cfg is not None else None
if not isinstance(ws, str) or not ws:
    ws = os.path.join(oc, "workspace")
if ws.startswith("~/"):
    ws = os.path.join(home, ws[2:])
print(ws + " " + kind(ws)[0])

if want_store:
    import sqlite3
    print("### shape-store")
    db = os.path.join(oc, "state", "openclaw.sqlite")
    k, _ = kind(db)
    if k != "file":
        print("state " + k)
    else:
        try:
            from urllib.parse import quote
            q = "SELECT scope_kind, scope_id, name, kind, length(value), deleted_at_ms FROM secret_store_entries ORDER BY name"
            try:  # read-only, WAL included; immutable only when read-only cannot open it (no -shm, no write access)
                rows = sqlite3.connect("file:" + quote(db) + "?mode=ro", uri=True).execute(q).fetchall()
            except sqlite3.OperationalError:
                rows = sqlite3.connect("file:" + quote(db) + "?mode=ro&immutable=1", uri=True).execute(q).fetchall()
            print("state present")
            for sk, sid, name, kd, ln, dl in rows:
                print("entry %s %s %s %s %d %s" % (sk, sid or "-", name, kd, ln or 0, "live" if dl is None else "deleted"))
        except Exception as e:
            print("state unreadable " + type(e).__name__ + ": " + str(e)[:120])
PY
}
