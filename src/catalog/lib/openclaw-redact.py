# openclaw.json as the app may see it, read by root with the system's python3 (lib/openclaw.sh writes this file into
# ocss_oc_facts; nothing of the account's runs). argv[1]: the file. Prints the `### oc-config` section's body:
#   absent | symlink | not-a-file | too-large BYTES
#   unparseable BYTES MODE [LINE COLUMN]          (no text of the file)
#   json BYTES MODE  +  one line of strict JSON   (comments dropped; every secret replaced by its shape)
# The file is parsed as JSON, else as JSON5 (comments, trailing commas, unquoted keys, single quotes, hex, +1, .5,
# Infinity, NaN, escapes, line continuations). Under a secret-looking key (token, password, secret, apiKey, api_key,
# botToken, privateKey, credentials, cookie, authorization, ...), at any depth below it, a string becomes
# {"$ocssRedacted": "plaintext", "length": N} (N in UTF-16 units, as JavaScript counts) and a number
# {"$ocssRedacted": "number"}; a SecretRef object ({source, id[, provider]}, all strings) is kept as it is.
import errno
import json
import os
import re
import stat
import sys
import unicodedata

LIMIT = 1048576
SECRET_KEY = re.compile(r"token|passw(or)?d|passphrase|secret|apikey|privatekey|accesskey|credential|cookie|authorization|bearer|key$|^pass$|^pwd$")
REF_KEYS = {"source", "provider", "id"}


class Bad(Exception):
    def __init__(self, pos):
        Exception.__init__(self, "parse error")
        self.pos = pos


def secret_key(k):
    return bool(SECRET_KEY.search(re.sub(r"[-_.\s]", "", k.lower())))


def utf16_len(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def is_ref(v):
    return isinstance(v, dict) and "source" in v and "id" in v and set(v) <= REF_KEYS and all(isinstance(x, str) for x in v.values())


def redact(v, under):
    if isinstance(v, dict):
        if under and is_ref(v):
            return v
        return {k: redact(x, under or secret_key(k)) for k, x in v.items()}
    if isinstance(v, list):
        return [redact(x, under) for x in v]
    if under and isinstance(v, str):
        return {"$ocssRedacted": "plaintext", "length": utf16_len(v)}
    if under and isinstance(v, (int, float)) and not isinstance(v, bool):
        return {"$ocssRedacted": "number"}
    return v


# JSON5 (https://spec.json5.org), a recursive-descent parser over the decoded text.
WS = "\t\n\v\f\r \u00a0\u2028\u2029\ufeff"
LT = "\n\r\u2028\u2029"
ESC = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0"}
NUM = re.compile(r"[+-]?(0[xX][0-9a-fA-F]+|Infinity|NaN|(0|[1-9][0-9]*)(\.[0-9]*)?([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?)")
ID_START = ("Lu", "Ll", "Lt", "Lm", "Lo", "Nl")
ID_PART = ID_START + ("Mn", "Mc", "Nd", "Pc")


class Json5:
    def __init__(self, text):
        self.t = text
        self.i = 0

    def ws(self):
        t = self.t
        while self.i < len(t):
            c = t[self.i]
            if c in WS or (c > "\x7f" and _cat(c) == "Zs"):
                self.i += 1
            elif t.startswith("//", self.i):
                while self.i < len(t) and t[self.i] not in LT:
                    self.i += 1
            elif t.startswith("/*", self.i):
                e = t.find("*/", self.i + 2)
                if e < 0:
                    raise Bad(len(t))
                self.i = e + 2
            else:
                break

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else ""

    def document(self):
        self.ws()
        v = self.value(0)
        self.ws()
        if self.i != len(self.t):
            raise Bad(self.i)
        return v

    def value(self, depth):
        if depth > 200:
            raise Bad(self.i)
        c = self.peek()
        if c == "":
            raise Bad(self.i)
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.arr(depth)
        if c in "\"'":
            return self.string()
        for word, v in (("true", True), ("false", False), ("null", None)):
            if self.t.startswith(word, self.i) and not _id_part(self.t[self.i + len(word):self.i + len(word) + 1]):
                self.i += len(word)
                return v
        return self.number()

    def number(self):
        m = NUM.match(self.t, self.i)
        if not m or _id_part(self.t[m.end():m.end() + 1]):
            raise Bad(self.i)
        s = m.group(0)
        self.i = m.end()
        sign = -1 if s[0] == "-" else 1
        body = s.lstrip("+-")
        if body == "Infinity":
            return sign * float("inf")
        if body == "NaN":
            return float("nan")
        if body[:2] in ("0x", "0X"):
            return sign * int(body, 16)
        if re.fullmatch(r"[0-9]+", body):
            return sign * int(body)
        return sign * float(body)

    def string(self):
        t, q = self.t, self.t[self.i]
        self.i += 1
        out = []
        while True:
            if self.i >= len(t):
                raise Bad(self.i)
            c = t[self.i]
            if c == q:
                self.i += 1
                return _pairs("".join(out))
            if c in "\n\r":
                raise Bad(self.i)
            if c != "\\":
                out.append(c)
                self.i += 1
                continue
            self.i += 1
            e = t[self.i] if self.i < len(t) else ""
            if e == "":
                raise Bad(self.i)
            if e in "\r\n\u2028\u2029":
                self.i += 2 if t.startswith("\r\n", self.i) else 1
                continue
            if e == "x" or e == "u":
                n = 2 if e == "x" else 4
                h = t[self.i + 1:self.i + 1 + n]
                if not re.fullmatch("[0-9a-fA-F]{%d}" % n, h):
                    raise Bad(self.i)
                out.append(chr(int(h, 16)))
                self.i += 1 + n
                continue
            if e == "0" and t[self.i + 1:self.i + 2].isdigit() or e in "123456789":
                raise Bad(self.i)
            out.append(ESC.get(e, e))
            self.i += 1

    def key(self):
        c = self.peek()
        if c and c in "\"'":
            return self.string()
        start = self.i
        out = []
        while True:
            c = self.peek()
            if c == "\\":
                h = self.t[self.i + 2:self.i + 6]
                if self.t[self.i + 1:self.i + 2] != "u" or not re.fullmatch("[0-9a-fA-F]{4}", h):
                    raise Bad(self.i)
                ch = chr(int(h, 16))
                self.i += 6
            elif c and (_id_start(c) or (out and _id_part(c))):
                ch = c
                self.i += 1
            else:
                break
            if not (_id_start(ch) or (out and _id_part(ch))):
                raise Bad(self.i)
            out.append(ch)
        if not out:
            raise Bad(start)
        return "".join(out)

    def obj(self, depth):
        self.i += 1
        d = {}
        while True:
            self.ws()
            if self.peek() == "}":
                self.i += 1
                return d
            k = self.key()
            self.ws()
            if self.peek() != ":":
                raise Bad(self.i)
            self.i += 1
            self.ws()
            d[k] = self.value(depth + 1)
            self.ws()
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == "}":
                self.i += 1
                return d
            else:
                raise Bad(self.i)

    def arr(self, depth):
        self.i += 1
        a = []
        while True:
            self.ws()
            if self.peek() == "]":
                self.i += 1
                return a
            a.append(self.value(depth + 1))
            self.ws()
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == "]":
                self.i += 1
                return a
            else:
                raise Bad(self.i)


def _cat(c):
    return unicodedata.category(c)


def _id_start(c):
    return bool(c) and c in "$_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or (c > "\x7f" and _cat(c) in ID_START)


def _id_part(c):
    return bool(c) and (_id_start(c) or c.isdigit() and c < "\x7f" or c in "\u200c\u200d" or (c > "\x7f" and _cat(c) in ID_PART))


def _pairs(s):
    # \uD83D\uDE00 written as two escapes is one character, as in JavaScript; a lone surrogate stays as it is.
    try:
        return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return s


def position(text, i):
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def read(path):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "absent"
    if stat.S_ISLNK(st.st_mode):
        return "symlink"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        return "symlink" if e.errno == errno.ELOOP else "absent" if e.errno == errno.ENOENT else "not-a-file"
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        return "not-a-file"
    with os.fdopen(fd, "rb") as f:
        data = f.read(LIMIT + 1)
    size = max(st.st_size, len(data))
    if size > LIMIT:
        return "too-large %d" % size
    head = "%d %o" % (size, stat.S_IMODE(st.st_mode))
    text = data.decode("utf-8", "replace")
    try:
        try:
            value = json.loads(text)
        except ValueError:
            value = Json5(text).document()
    except Bad as e:
        return "unparseable %s %d %d" % ((head,) + position(text, e.pos))
    except Exception:
        return "unparseable " + head
    if not isinstance(value, dict):
        return "unparseable %s not-an-object" % head
    try:
        body = json.dumps(redact(value, False), ensure_ascii=True, separators=(",", ":"))
    except Exception:
        return "unparseable " + head
    return "json %s\n%s" % (head, body)


if __name__ == "__main__":
    print(read(sys.argv[1]))
