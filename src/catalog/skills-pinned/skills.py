# The skills OpenClaw lists, where each one lives, and the ClawHub lock file, read with the system's python3 as the
# OpenClaw account (skills.sh writes this file in and runs it so: the paths are the account's; `openclaw skills list
# --json` ran as the account before, its output is argv[2]). Files are read, never followed out of a skill folder by
# a symlink, and never written but OUT.
#   argv: MODE LIST_JSON HOME PKG [OUT]  (LIST_JSON "-": stdin; OUT "-": the new lock on stdout, one "lockb64 …" line)
#   inventory: prints the `### skills-list`, `### skills-dirs` and `### skills-lock` sections (one JSON object a line)
#   plan:      prints what apply pins ("show ..." lines), writes the new lock file's bytes to OUT when something
#              changes, and ends with "result unchanged|changed|refuse"
# A skill is "from the OpenClaw package" when OpenClaw lists it as bundled, or its folder's real path is inside the
# installed package (the plugin skills under ~/.openclaw/plugin-skills link there). Every other skill is from outside.
import base64
import json
import os
import re
import stat
import sys

LIMIT = 1048576
EXACT = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
PACKAGE_SOURCES = ("openclaw-bundled", "openclaw-custodian")
ORIGIN = {"clawhub": "ClawHub", "path": "a local folder", "git": "git", "none": "a folder with no origin file", "unknown": "a link out of its folder"}


def out(kind, obj):
    print(kind + " " + json.dumps(obj, sort_keys=True, ensure_ascii=True))


def read_small(path):
    """The bytes of a regular file that is not a symlink and at most LIMIT bytes, else (None, state)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None, "missing"
    except OSError:
        return None, "unreadable"
    if stat.S_ISLNK(st.st_mode):
        return None, "symlink"
    if not stat.S_ISREG(st.st_mode):
        return None, "not-a-file"
    if st.st_size > LIMIT:
        return None, "too-large"
    try:
        with open(path, "rb") as f:
            return f.read(LIMIT + 1), "ok"
    except OSError:
        return None, "unreadable"


def read_json(path):
    data, state = read_small(path)
    if data is None:
        return None, state
    try:
        return json.loads(data.decode("utf-8")), "ok"
    except (ValueError, UnicodeDecodeError):
        return None, "unparsable"


def frontmatter(text):
    """name and version from SKILL.md's front matter (top-level keys, or version under metadata:)."""
    lines = text.splitlines()
    fm = {}
    if not lines or lines[0].strip() != "---":
        return fm
    section = None
    for line in lines[1:200]:
        if line.strip() == "---":
            break
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*):\s*(.*?)\s*$", line)
        if m:
            section = m.group(1)
            val = m.group(2).strip("'\"")
            if section in ("name", "version") and val:
                fm[section] = val
            continue
        m = re.match(r"^\s+version:\s*(.*?)\s*$", line)
        if m and section == "metadata" and "version" not in fm:
            fm["version"] = m.group(1).strip("'\"")
    return fm


def inside(path, root):
    return root != "" and (path == root or path.startswith(root.rstrip("/") + "/"))


def skill_dirs(workspace, home, pkg):
    """Every skill folder in the places OpenClaw loads skills from (besides its own package)."""
    roots = [
        ("workspace", os.path.join(workspace, "skills")),
        ("workspace-agents", os.path.join(workspace, ".agents", "skills")),
        ("managed", os.path.join(home, ".openclaw", "skills")),
        ("personal", os.path.join(home, ".agents", "skills")),
        ("plugin", os.path.join(home, ".openclaw", "plugin-skills")),
    ]
    pkg_real = os.path.realpath(pkg) if pkg else ""
    found = []
    for label, root in roots:
        try:
            names = sorted(os.listdir(root))
        except OSError:
            continue
        for n in names[:500]:
            d = os.path.join(root, n)
            real = os.path.realpath(d)
            # A link is followed only into the OpenClaw package (OpenClaw's own plugin skills); anywhere else it is
            # judged by where it points, never read through.
            linked = os.path.islink(d)
            if linked and not inside(real, pkg_real):
                found.append({"root": label, "dir": n, "name": n, "package": False, "link": True, "origin": "unknown"})
                continue
            if not os.path.isdir(real):
                continue
            data, state = read_small(os.path.join(real, "SKILL.md"))
            if data is None:
                continue
            fm = frontmatter(data.decode("utf-8", "replace"))
            item = {"root": label, "dir": n, "name": fm.get("name", n), "package": inside(real, pkg_real), "link": linked}
            if "version" in fm:
                item["metaVersion"] = fm["version"][:80]
            origin = None
            for dot in (".clawhub", ".clawdhub"):
                o, st = read_json(os.path.join(real, dot, "origin.json"))
                if st != "missing":
                    origin = o if isinstance(o, dict) else {}
                    break
            if origin is not None:
                item["origin"] = "clawhub"
                for k in ("slug", "installedVersion", "ownerHandle", "registry"):
                    if isinstance(origin.get(k), str):
                        item[k] = origin[k][:200]
            else:
                so, st = read_json(os.path.join(real, ".openclaw", "source-origin.json"))
                # The source kind only: a git spec may hold credentials in its URL.
                item["origin"] = str(so.get("source"))[:40] if isinstance(so, dict) and so.get("source") else "none"
            found.append(item)
    return found


def read_lock(workspace):
    """The lock file OpenClaw reads: <workspace>/.clawhub/lock.json, else the legacy .clawdhub one."""
    path = os.path.join(workspace, ".clawhub", "lock.json")
    legacy = os.path.join(workspace, ".clawdhub", "lock.json")
    if not os.path.lexists(path) and os.path.lexists(legacy):
        path = legacy
    data, state = read_small(path)
    info = {"path": path, "state": state}
    lock = None
    if data is not None:
        try:
            lock = json.loads(data.decode("utf-8"))
            if not isinstance(lock, dict):
                info["state"] = "not-an-object"
                lock = None
            else:
                info["version"] = lock.get("version")
                if not isinstance(lock.get("skills"), dict):
                    info["state"] = "no-skills"
        except (ValueError, UnicodeDecodeError) as e:
            info["state"] = "unparsable"
            info["error"] = type(e).__name__
    return info, lock, data


def listed(list_file):
    if list_file == "-":
        # On a pipe from root (the step runs this as the account, which cannot open root's file).
        raw = sys.stdin.buffer.read(LIMIT + 1)
        state = "ok" if len(raw) <= LIMIT else "too-large"
        raw = raw if state == "ok" else None
    else:
        raw, state = read_small(list_file)
    if raw is None:
        return None, "list-" + state
    t = raw.decode("utf-8", "replace")
    try:
        d = json.loads(t[t.index("{"):t.rindex("}") + 1])
    except ValueError:
        return None, "list-unparsable"
    if not isinstance(d, dict) or not isinstance(d.get("skills"), list) or not isinstance(d.get("workspaceDir"), str):
        return None, "list-unexpected"
    if not d["workspaceDir"].startswith("/"):
        return None, "workspace-not-absolute"
    return d, "ok"


def outside_skills(d, dirs):
    """The listed skills from outside the package, each with its folder (when found) and slug."""
    by_name = {}
    for it in dirs:
        by_name.setdefault(it["name"], it)
    res = []
    for s in d["skills"]:
        if not isinstance(s, dict):
            continue
        name = str(s.get("name", ""))
        src = str(s.get("source", ""))
        if s.get("bundled") is True or src in PACKAGE_SOURCES:
            continue
        it = by_name.get(name)
        if it and it["package"]:
            continue
        slug = (it or {}).get("slug") or (it or {}).get("dir") or name
        installed = (it or {}).get("installedVersion") or (it or {}).get("metaVersion")
        res.append({"name": name, "source": src, "slug": slug, "installed": installed, "dir": it})
    return res


def inventory(argv):
    d, state = listed(argv[2])
    print("### skills-list")
    if d is None:
        out("failed", {"reason": state})
        return
    out("workspace", {"dir": d["workspaceDir"]})
    for s in d["skills"]:
        if isinstance(s, dict):
            out("skill", {"name": str(s.get("name", ""))[:200], "source": str(s.get("source", ""))[:80], "bundled": s.get("bundled") is True})
    print("### skills-dirs")
    for it in skill_dirs(d["workspaceDir"], argv[3], argv[4]):
        out("dir", it)
    print("### skills-lock")
    info, lock, _ = read_lock(d["workspaceDir"])
    out("lock", info)
    if lock is not None and isinstance(lock.get("skills"), dict):
        for slug, e in sorted(lock["skills"].items()):
            v = e.get("version") if isinstance(e, dict) else None
            out("pin", {"slug": str(slug)[:200], "version": v if isinstance(v, (str, int, float, type(None))) else "?"})


def plan(argv):
    d, state = listed(argv[2])
    if d is None:
        print("refuse OpenClaw's skill list could not be read (" + state + ").")
        print("result refuse")
        return
    outs = outside_skills(d, skill_dirs(d["workspaceDir"], argv[3], argv[4]))
    info, lock, data = read_lock(d["workspaceDir"])
    print("lockpath " + info["path"])
    if info["state"] not in ("ok", "missing"):
        print("refuse The lock file " + info["path"] + " cannot be used (" + info["state"] + "): OpenClaw itself refuses it. Repair it, or move it away and install the skills again, then apply again.")
        print("result refuse")
        return
    changed = False
    if lock is not None and lock.get("version") != 1:
        print("show The lock file's version is " + json.dumps(lock.get("version")) + "; OpenClaw reads only the number 1: setting it to 1")
        lock["version"] = 1
        changed = True
    if not outs and not changed:
        print("show No skills from outside OpenClaw are installed: nothing to pin.")
        print("result unchanged")
        return
    if lock is None:
        lock = {"version": 1, "skills": {}}
    refuse = []
    for s in outs:
        v = s["installed"]
        entry = lock["skills"].get(s["slug"])
        have = entry.get("version") if isinstance(entry, dict) else None
        origin = (s["dir"] or {}).get("origin", "")
        where = "(" + s["source"] + ", from " + ORIGIN.get(origin, origin or "a place the check did not find") + ")"
        if not (isinstance(v, str) and EXACT.match(v)):
            if isinstance(have, str) and EXACT.match(have) and v is None:
                print("show " + s["slug"] + " " + have + " " + where + ": already pinned")
                continue
            refuse.append(s["slug"] + " " + where + " has no exact version of its own (" + json.dumps(v) + "): give it one in its SKILL.md (version: 1.0.0), install it again with openclaw skills install @owner/" + s["slug"] + " --version X.Y.Z, or remove it")
            continue
        if have == v:
            print("show " + s["slug"] + " " + v + " " + where + ": already pinned")
            continue
        print("show " + s["slug"] + " " + v + " " + where + ": pinning" + ("" if entry is None else " (the lock had " + json.dumps(have) + ")"))
        new = dict(entry) if isinstance(entry, dict) else {}
        new["version"] = v
        dirinfo = s["dir"] or {}
        if "registry" in dirinfo and "registry" not in new:
            new["registry"] = dirinfo["registry"]
        if "ownerHandle" in dirinfo and "ownerHandle" not in new:
            new["ownerHandle"] = dirinfo["ownerHandle"]
        if not isinstance(new.get("installedAt"), (int, float)):
            try:
                new["installedAt"] = int(os.lstat(os.path.join(d["workspaceDir"], "skills", s["slug"])).st_mtime * 1000)
            except OSError:
                new["installedAt"] = 0
        new["pinned"] = True
        lock["skills"][s["slug"]] = new
        changed = True
    if refuse:
        for r in refuse:
            print("refuse " + r)
        print("result refuse")
        return
    if not changed:
        print("result unchanged")
        return
    text = json.dumps(lock, indent=2, ensure_ascii=False) + "\n"
    if argv[5] == "-":
        # The step runs this as the account, which cannot write root's temporary folder: the new lock goes on stdout.
        print("lockb64 " + base64.b64encode(text.encode("utf-8")).decode("ascii"))
    else:
        with open(argv[5], "w", encoding="utf-8") as f:
            f.write(text)
    print("result changed")


if __name__ == "__main__":
    {"inventory": inventory, "plan": plan}[sys.argv[1]](sys.argv)
