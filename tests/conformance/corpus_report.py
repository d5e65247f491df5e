#!/usr/bin/env python3
"""Agreement of Phonon with Tidal 1.7.10 on the real-world corpus, and its failures grouped by cause.

usage: corpus_report.py CASES GOLDEN PHONON_OUT [--list]

CASES is corpus_cases.json, GOLDEN corpus_golden.json (cases Tidal rejects are not in it), PHONON_OUT the output of
`phonon query --cases CASES`. Comparison rules as in ../shared/conformance/compare.py (exact rational times, events
as a multiset, numbers within 1e-6, `bd:3` equal to {s: bd, n: 3}). Prints the rates and a table of causes; with
--list, every failing id and its cause (the format of corpus_known_failures.txt).
"""
import json
import math
import re
import sys
from collections import Counter
from fractions import Fraction

SAMPLE_RE = re.compile(r"^(.*):(-?\d+)$")


def norm_value(v):
    if not isinstance(v, dict):
        return v
    out = dict(v)
    if "sound" in out and "s" not in out:
        out["s"] = out.pop("sound")
    s = out.get("s")
    if isinstance(s, str) and "n" not in out:
        m = SAMPLE_RE.match(s)
        if m:
            out["s"], out["n"] = m.group(1), int(m.group(2))
    return out


def val_eq(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(val_eq(a[k], b[k]) for k in a)
    return a == b


def frac(x):
    return None if x is None else Fraction(x)


def events(c):
    return [(frac(e["whole_begin"]), frac(e["whole_end"]), frac(e["part_begin"]), frac(e["part_end"]),
             norm_value(e["value"])) for e in c.get("events", [])]


def same_events(want, got):
    if len(want) != len(got):
        return False
    used = [False] * len(got)
    buckets = {}
    for i, g in enumerate(got):
        buckets.setdefault(g[:4], []).append(i)
    for w in want:
        for i in buckets.get(w[:4], []):
            if not used[i] and val_eq(w[4], got[i][4]):
                used[i] = True
                break
        else:
            return False
    return True


def cause_of_error(msg):
    for pat, name in [(r"unknown (function|name|control|operator) `([^`]+)`", None)]:
        m = re.search(pat, msg)
        if m:
            return f"unknown {m.group(1)} `{m.group(2)}`"
    msg = re.sub(r"^defs: ", "", msg)
    msg = re.sub(r"^\d+:\d+: error: ", "", msg)
    msg = re.sub(r"`[^`]*`", "`…`", msg)
    msg = re.sub(r"\d+", "N", msg)
    return msg.split("\n")[0][:80]


def cause_of_mismatch(want, got):
    wk = {k for e in want for k in e[4]}
    gk = {k for e in got for k in e[4]}
    if wk != gk:
        return "different controls: tidal-only " + ",".join(sorted(wk - gk)) + " phonon-only " + ",".join(sorted(gk - wk))
    if len(want) != len(got):
        return "different number of events"
    if sorted(map(str, (e[:4] for e in want))) != sorted(map(str, (e[:4] for e in got))):
        return "different times"
    return "different values"


def classify(cases_path, golden_path, out_path):
    golden = {c["id"]: c for c in json.load(open(golden_path, encoding="utf-8"))["cases"]}
    got = {c["id"]: c for c in json.load(open(out_path, encoding="utf-8"))["cases"]}
    results = {}
    for cid, g in golden.items():
        p = got.get(cid)
        if p is None:
            results[cid] = "not in the output"
        elif "error" in p:
            results[cid] = "error: " + cause_of_error(p["error"])
        else:
            w, e = events(g), events(p)
            results[cid] = "" if same_events(w, e) else "events: " + cause_of_mismatch(w, e)
    return results


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    results = classify(*args)
    n = len(results)
    evaluated = sum(1 for r in results.values() if not r.startswith("error") and r != "not in the output")
    agree = sum(1 for r in results.values() if r == "")
    print(f"{n} statements Tidal accepts; Phonon evaluates {evaluated} ({100.0 * evaluated / n:.1f} %), "
          f"{agree} give Tidal's events ({100.0 * agree / n:.1f} %)")
    if "--list" in sys.argv:
        for cid, r in sorted(results.items()):
            if r:
                print(f"{cid}\t{r}")
        return 0
    print("\n| statements | cause |\n|---:|---|")
    for cause, k in Counter(r for r in results.values() if r).most_common():
        print(f"| {k} | {cause} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
