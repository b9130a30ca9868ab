"""Checks the editor grammars against the language as tokpol implements it.

The words come from the sources, not from a list kept here: keywords from grammar/lexer.l, built-in
functions from the engine's TP_BUILTIN_LIST (wherever it is defined), clause words and severities
from the checker's name tables. Each must appear in the TextMate grammar and the Vim syntax file,
and each must be highlighted as what it is: a probe policy built from those lists (plus strings,
interpolation, escapes, durations, timestamps, numbers, comments, rule ids and field names) is
tokenized with the TextMate grammar by a small tokenizer here, and by Vim itself (headless).

The TextMate regexes are compiled with Python's `re`, which is close to Oniguruma for what the
grammar uses. Differences that matter elsewhere and are avoided here: Oniguruma's \\h is a hex
digit (not Vim's head-of-word), \\G, \\A/\\z and possessive or atomic groups behave differently or
are missing in older Pythons, and named groups are (?<n>...) in Oniguruma but (?P<n>...) in Python.

Usage: check_grammars.py SOURCE_DIR   (prints ok:/FAIL:/SKIP: lines; exits 1 on any FAIL)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP_DIRS = {".git", "build", "out"}
results = {"pass": 0, "fail": 0}


def ok(msg):
    print(f"ok: {msg}")
    results["pass"] += 1


def bad(msg):
    print(f"FAIL: {msg}")
    results["fail"] += 1


def check(cond, msg):
    (ok if cond else bad)(msg)
    return cond


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def source_files(root, exts):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith("build"))
        for f in sorted(files):
            if f.endswith(exts):
                yield os.path.join(d, f)


def extract(src):
    """The words of the language, from the sources."""
    lexer = read(os.path.join(src, "grammar", "lexer.l"))
    keywords = re.findall(r'^"([a-z]+)"\s+\{[^}]*\b(?:return|WORD\()\s*[A-Z_]+\)?;', lexer, re.M)
    builtins, where = [], None
    for path in source_files(src, (".h", ".c", ".def", ".inc")):
        text = read(path)
        m = re.search(r"#define\s+TP_BUILTIN_LIST\(X\)((?:.*\\\n)*.*)", text)
        if m:
            builtins, where = re.findall(r'X\(\s*\w+\s*,\s*"(\w+)"', m.group(1)), path
            break
    attrs, severities = [], []
    for path in source_files(os.path.join(src, "engine"), (".c", ".h")):
        text = read(path)
        for name, body in re.findall(r"(\w+)\[\]\s*=\s*\{([^}]*)\}", text):
            words = re.findall(r'"(\w+)"', body)
            if name.endswith("_attrs"):
                attrs += [w for w in words if w not in attrs]
            elif name == "severity_names" and not severities:
                severities = words
        m = re.search(r"#define\s+TP_SEVERITY_LIST\(X\)((?:.*\\\n)*.*)", text)
        if m and not severities:
            severities = re.findall(r'X\(\s*\w+\s*,\s*"(\w+)"', m.group(1))
    return keywords, builtins, where, attrs, severities


# --- A small TextMate tokenizer: begin/end rules, includes, captures, $N in names. ------------

class Grammar:
    def __init__(self, doc):
        self.doc = doc
        self.compiled = {}

    def regex(self, pattern):
        if pattern not in self.compiled:
            self.compiled[pattern] = re.compile(pattern)
        return self.compiled[pattern]

    def rules(self, patterns, seen=None):
        """The rules of a patterns list, includes resolved, in order."""
        seen = set() if seen is None else seen
        out = []
        for p in patterns:
            inc = p.get("include")
            if inc is None:
                out.append(p)
                continue
            if inc in seen:
                continue
            target = self.doc if inc == "$self" else self.doc["repository"][inc.lstrip("#")]
            if "match" in target or "begin" in target:
                out.append(target)  # a rule, not a list of patterns
            else:
                out += self.rules(target.get("patterns", []), seen | {inc})
        return out


def named(name, m):
    return re.sub(r"\$(\d+)", lambda g: m.group(int(g.group(1))) or "", name)


def tokenize(grammar, text):
    """Scopes of every character: a list per line of scope stacks (outermost first)."""
    # The open rules: (rule, scopes of its begin and end, scopes of its content).
    root = [grammar.doc["scopeName"]]
    stack = [({"patterns": grammar.doc["patterns"]}, root, root)]
    lines = []
    for line in text.split("\n"):
        scopes = [None] * len(line)
        pos = 0
        while pos < len(line):
            rule, outer, content = stack[-1]
            candidates = []
            if "end" in rule:  # the end is tried first: it wins a tie
                candidates.append(("end", rule, grammar.regex(rule["end"]).search(line, pos)))
            for r in grammar.rules(rule.get("patterns", [])):
                key = r.get("match", r.get("begin"))
                candidates.append(("rule", r, grammar.regex(key).search(line, pos)))
            found = [c for c in candidates if c[2]]
            if not found:
                break
            kind, r, m = min(found, key=lambda c: c[2].start())  # the first of the earliest
            for i in range(pos, m.start()):
                scopes[i] = content
            if kind == "end":
                for i in range(m.start(), m.end()):
                    scopes[i] = outer
                paint(scopes, m, r.get("endCaptures", {}), outer)
                stack.pop()
            elif "match" in r:
                inner = content + ([named(r["name"], m)] if "name" in r else [])
                for i in range(m.start(), m.end()):
                    scopes[i] = inner
                paint(scopes, m, r.get("captures", {}), inner)
            else:
                inner = content + ([r["name"]] if "name" in r else [])
                for i in range(m.start(), m.end()):
                    scopes[i] = inner
                paint(scopes, m, r.get("beginCaptures", {}), inner)
                stack.append((r, inner, inner + ([r["contentName"]] if "contentName" in r else [])))
            # An empty match that opens or closes nothing must not stop the scan.
            pos = m.end() if m.end() > pos or kind == "end" or "begin" in r else pos + 1
        for i in range(len(line)):
            scopes[i] = scopes[i] or stack[-1][2]
        # A rule that may end at $ (a string) ends with its line.
        while "end" in stack[-1][0] and stack[-1][0]["end"].endswith("$"):
            stack.pop()
        lines.append(scopes)
    return lines


def paint(scopes, m, captures, base):
    for group, cap in captures.items():
        g = int(group)
        if m.group(g) is not None and "name" in cap:
            for i in range(m.start(g), m.end(g)):
                scopes[i] = base + [named(cap["name"], m)]


# --- The probe: lines of policy text and what each marked word must be. -----------------------

KEYWORD_SCOPES = ("keyword.", "storage.type.", "constant.language.", "variable.language.")
KEYWORD_GROUPS = ("tpolDeclaration", "tpolStatement", "tpolConditional", "tpolLogical", "tpolBoolean",
                  "tpolNull")


def probe(keywords, builtins, attrs, severities):
    """Returns (text, checks); a check is (line, col, word, what, textmate test, vim group test)."""
    lines, checks = [], []

    def add(text, word, what, tm, vim, occurrence=0):
        col = [m.start() for m in re.finditer(re.escape(word), text)][occurrence]
        lines.append(text)
        checks.append((len(lines), col, word, what, tm, vim))

    def scope_has(*prefixes):
        return lambda stack: any(s.startswith(prefixes) for s in stack[1:])

    for kw in keywords:
        add(f"{kw} x1", kw, "keyword", lambda st: st[-1].startswith(KEYWORD_SCOPES), lambda g: g in KEYWORD_GROUPS)
    for fn in builtins:
        add(f"  require {fn}(x)", fn, "built-in function", scope_has("support.function.builtin"),
            lambda g: g == "tpolFunction")
    for a in attrs:
        value = "high" if a == "severity" else '"x"'
        add(f"  {a} {value}", a, "clause word", scope_has("keyword.other.clause"), lambda g: g == "tpolClause")
    for s in severities:
        add(f"  severity {s}", s, "severity", scope_has("constant.language.severity"),
            lambda g: g == "tpolSeverity")
    fixed = [
        ("rule gh.pat-expiry {", "gh.pat-expiry", "rule id", "entity.name.type.rule-id", "tpolRuleId"),
        ("waive LOK003 {", "LOK003", "rule id after waive", "entity.name.type.rule-id", "tpolRuleId"),
        ("# a comment with deny", "deny", "comment", "comment.line", "tpolComment"),
        ('  message "token {t.id} is {{old}} \\"x\\" \\u{1F600}"', "token", "string text",
         "string.quoted.double", "tpolString"),
        ('  message "token {t.id} is {{old}} \\"x\\" \\u{1F600}"', "t.id", "interpolated expression",
         "meta.interpolation", "tpolInterpolation"),
        ('  message "token {t.id} is {{old}} \\"x\\" \\u{1F600}"', "{{", "{{ escape",
         "constant.character.escape.brace", "tpolBraceEscape"),
        ('  message "token {t.id} is {{old}} \\"x\\" \\u{1F600}"', '\\"', "\\\" escape",
         "constant.character.escape", "tpolEscape"),
        ('  message "token {t.id} is {{old}} \\"x\\" \\u{1F600}"', "\\u{1F600}", "\\u{} escape",
         "constant.character.escape", "tpolEscape"),
        ('  message "a {len([1, 2])} b"', "len", "function in an interpolation",
         "support.function.builtin", "tpolFunction"),
        ('  message "a {{ b"', "b", "text after {{", "string.quoted.double", "tpolString"),
        ('  message "a {x ?? "none"} after"', "after", "text after an interpolation holding a string",
         "string.quoted.double", "tpolString"),
        ('  message "a {x ?? "none"} after"', "??", "operator in an interpolation", "keyword.operator",
         "tpolOperator"),
        ("  expires @2026-01-31", "@2026-01-31", "timestamp", "constant.other.timestamp", "tpolTimestamp"),
        ("  deny now > @2026-01-31T12:00:00+02:00", "@2026", "RFC 3339 timestamp",
         "constant.other.timestamp", "tpolTimestamp"),
        ("  deny now > @2026-13", "@2026-13", "malformed timestamp", "invalid.illegal", "tpolBadTimestamp"),
        ("  deny age(t.created_at) > 90d", "90d", "duration", "constant.numeric.duration", "tpolDuration"),
        ("  deny age(t.created_at) > 1h30m", "1h30m", "compound duration", "constant.numeric.duration",
         "tpolDuration"),
        ("  deny age(t.created_at) > 90x", "90x", "malformed duration", "invalid.illegal", "tpolBadDuration"),
        ("  deny x > 2.5", "2.5", "number", "constant.numeric", "tpolNumber"),
        ("  deny x > 1e3", "1e3", "number with an exponent", "constant.numeric", "tpolNumber"),
        ("  deny t.in == 1", "in", "keyword as a field name", "variable.other.property", "tpolField"),
        ("  let v = if t.a then 1 else 2", "then", "conditional", "keyword.control.conditional",
         "tpolConditional"),
        ("  deny t.else == 1", "else", "conditional keyword as a field name", "variable.other.property",
         "tpolField"),
        ("  let owner = 1", "owner", "clause word as a let name", "variable.other.definition",
         "tpolDefinedName"),
        ("  deny x ?? 1", "??", "coalescing operator", "keyword.operator", "tpolOperator"),
    ]
    for text, word, what, scope, group in fixed:
        add(text, word, what, scope_has(scope), lambda g, group=group: g == group)
    return "\n".join(lines) + "\n", checks


# --- Checks. ----------------------------------------------------------------------------------

def check_textmate(src, words, text, checks):
    path = os.path.join(src, "editors", "textmate", "tpol.tmLanguage.json")
    try:
        doc = json.loads(read(path))
    except ValueError as e:
        bad(f"tpol.tmLanguage.json does not parse as JSON: {e}")
        return
    ok("tpol.tmLanguage.json parses as JSON")
    grammar = Grammar(doc)
    patterns = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("match", "begin", "end"):
                if key in node:
                    patterns.append(node[key])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(doc)
    errors = []
    for p in patterns:
        try:
            grammar.regex(p)
        except re.error as e:
            errors.append(f"{p!r}: {e}")
    check(not errors, f"its {len(patterns)} regexes compile" + ("" if not errors else ": " + "; ".join(errors)))
    if errors:
        return
    regex_text = re.sub(r"\\[A-Za-z]", " ", "\n".join(patterns))  # \b before a word is no letter
    for kind, ws in words.items():
        missing = [w for w in ws if not re.search(rf"\b{w}\b", regex_text)]
        check(not missing, f"every {kind} is in the TextMate grammar" + (f"; missing: {missing}" if missing else ""))
    scopes = tokenize(grammar, text)
    wrong = []
    for line, col, word, what, tm, _ in checks:
        stack = scopes[line - 1][col]
        if not tm(stack):
            wrong.append(f"{what} '{word}' (line {line}) has scopes {' '.join(stack)}")
    check(not wrong, f"the TextMate grammar highlights all {len(checks)} probes as what they are"
          + ("".join("\n    " + w for w in wrong)))


def check_vim(src, words, text, checks):
    syntax = os.path.join(src, "editors", "vim", "syntax", "tpol.vim")
    vim_text = re.sub(r"\\z[se]|\\[A-Za-z]", " ", read(syntax))  # \zs, \< ... before a word are no letters
    for kind, ws in words.items():
        missing = [w for w in ws if not re.search(rf"\b{w}\b", vim_text)]
        check(not missing, f"every {kind} is in the Vim syntax file" + (f"; missing: {missing}" if missing else ""))
    vim = shutil.which("vim")
    if not vim:
        print("SKIP: vim is not installed (apt-get install vim, or scripts/deps --test): the Vim syntax "
              "file was checked for the words only, not loaded")
        return
    with tempfile.TemporaryDirectory() as tmp:
        policy = os.path.join(tmp, "probe.tpol")
        out = os.path.join(tmp, "result")
        with open(policy, "w", encoding="utf-8") as f:
            f.write(text)
        script = os.path.join(tmp, "probe.vim")
        positions = ", ".join(f"[{line}, {col + 1}]" for line, col, *_ in checks)
        with open(script, "w", encoding="utf-8") as f:
            f.write(f"""set nomore
set runtimepath^={os.path.join(src, 'editors', 'vim')}
filetype on
syntax on
edit {policy}
let s:out = [&filetype, get(b:, 'current_syntax', ''), v:errmsg]
for [s:l, s:c] in [{positions}]
  call add(s:out, synIDattr(synID(s:l, s:c, 1), 'name'))
endfor
call writefile(s:out, '{out}')
qall!
""")
        proc = subprocess.run([vim, "-Nu", "NONE", "-i", "NONE", "-es", "-S", script],
                              capture_output=True, text=True, timeout=60)
        if not os.path.exists(out):
            bad(f"vim did not run the probe (exit {proc.returncode}): {proc.stdout}{proc.stderr}")
            return
        result = read(out).split("\n")
        check(result[0] == "tpol", f"ftdetect: vim sets filetype tpol for a .tpol file (got '{result[0]}')")
        check(result[1] == "tpol" and result[2] == "",
              f"vim loads the syntax file without an error ('{result[1]}', error '{result[2]}')")
        wrong = []
        for (line, col, word, what, _, vimcheck), group in zip(checks, result[3:]):
            if not vimcheck(group):
                wrong.append(f"{what} '{word}' (line {line}) is in group '{group}'")
        check(not wrong, f"Vim highlights all {len(checks)} probes as what they are"
              + ("".join("\n    " + w for w in wrong)))


def main(src):
    keywords, builtins, where, attrs, severities = extract(src)
    # Guard the extraction itself: an empty list would make every check below pass.
    for name, ws, known in (("keywords of grammar/lexer.l", keywords, "rule"),
                            ("built-ins of TP_BUILTIN_LIST", builtins, "len"),
                            ("clause words of the checker", attrs, "title"),
                            ("severities of the checker", severities, "critical")):
        if not check(known in ws, f"found {len(ws)} {name}" + (f" in {os.path.relpath(where, src)}"
                                                              if where and "BUILTIN" in name else "")):
            print(f"    the test cannot find them any more: update tests/editors/check_grammars.py")
    words = {"keyword": keywords, "built-in function": builtins, "clause word": attrs, "severity": severities}
    text, checks = probe(keywords, builtins, attrs, severities)
    check_textmate(src, words, text, checks)
    check_vim(src, words, text, checks)
    print(f"editors: {results['pass']} passed, {results['fail']} failed")
    return 1 if results["fail"] else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1])))
