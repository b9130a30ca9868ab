#!/usr/bin/env python3
"""Looks for pieces of the corpus credentials in everything tokpol wrote.

Usage: check_leaks.py MANIFEST DIR
Every file under DIR is one output channel of one run (DIR/RUN/stdout, DIR/RUN/stderr,
DIR/RUN/report.FMT). A channel leaks a credential when any 8-character piece of its secret appears
in it, as written or after undoing JSON, XML and HTML escapes. Prints one `LEAK:` line per leaking
channel and kind of credential, then a summary; exits 1 when something leaked.
"""

import html
import os
import sys

PIECE = 8


def read_manifest(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kind, position, secret = line.split("\t", 2)
            rows.append((kind, position, secret.replace("\\n", "\n")))
    return rows


def pieces(secret):
    for part in secret.split("\n"):
        if part.startswith("-----"):
            continue  # the BEGIN and END lines of a private key name its format
        for i in range(0, max(len(part) - PIECE, 0) + 1):
            piece = part[i:i + PIECE]
            if len(piece) == PIECE:
                yield piece


def variants(text):
    yield text
    yield html.unescape(text)
    yield text.replace("\\/", "/").replace('\\"', '"').replace("\\\\", "\\")


def main():
    manifest, root = sys.argv[1], sys.argv[2]
    rows = read_manifest(manifest)
    leaks = {}
    channels = 0
    for run in sorted(os.listdir(root)):
        run_dir = os.path.join(root, run)
        if not os.path.isdir(run_dir):
            continue
        for channel in sorted(os.listdir(run_dir)):
            path = os.path.join(run_dir, channel)
            if not os.path.isfile(path) or channel == "exit":
                continue
            channels += 1
            with open(path, "rb") as f:
                texts = list(variants(f.read().decode("utf-8", errors="replace")))
            found = {}
            for kind, position, secret in rows:
                hit = next((p for p in pieces(secret) if any(p in t for t in texts)), None)
                if hit:
                    found.setdefault(kind, hit)
                    leaks.setdefault(f"{run.split('.')[0]}/{channel}", set()).add(kind)
            for kind, hit in sorted(found.items()):
                print(f"LEAK: {run}/{channel}: {kind}, e.g. '{hit}'")
    total = sum(len(v) for v in leaks.values())
    print(f"secrets: {len(rows)} credentials, {channels} channels checked; "
          f"{total} (channel, kind) leaks in {len(leaks)} kinds of channel")
    for where in sorted(leaks):
        print(f"  {where}: {', '.join(sorted(leaks[where]))}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
