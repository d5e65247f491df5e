#!/usr/bin/env python3
"""Second step of building the corpus (see corpus.md).

usage: corpus_assemble.py RAW.json ids CASES_ALL.json
       corpus_assemble.py CASES_ALL.json split GOLDEN_ALL.json

`ids`: gives each statement drawn by corpus_extract.py an id (owner + number) and 4 cycles.
`split`: with Tidal's output for all of them, writes corpus_cases.json (the statements Tidal accepts),
corpus_rejected_by_tidal.json (the others, with the first line of Tidal's error) and corpus_golden.json (one
event per line).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def ids(raw_path, out_path):
    out, count = [], {}
    for x in json.load(open(raw_path, encoding="utf-8")):
        owner = re.match(r"https://github.com/([^/]+)/", x["source"]).group(1)
        short = re.sub(r"[^a-z0-9]+", "_", owner.lower())[:12]
        count[short] = count.get(short, 0) + 1
        case = {"id": f"{short}_{count[short]:02d}", "tidal": x["tidal"], "cycles": 4}
        if x["defs"]:
            case["defs"] = x["defs"]
        case["source"] = x["source"]
        out.append(case)
    json.dump(out, open(out_path, "w", encoding="utf-8"), indent=1, ensure_ascii=False)


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


def split(cases_path, golden_path):
    cases = json.load(open(cases_path, encoding="utf-8"))
    gall = json.load(open(golden_path, encoding="utf-8"))
    g = {c["id"]: c for c in gall["cases"]}
    # `^name` inside a string reads a control bus: external state, like the `"^…"` the extractor leaves out
    cases = [c for c in cases if not any("^" in x for x in re.findall(r'"[^"]*"', c["tidal"]))]
    accepted = [c for c in cases if "error" not in g[c["id"]]]
    rejected = [dict(c, tidal_error=g[c["id"]]["error"].strip().split("\n")[0][:200]) for c in cases
                if "error" in g[c["id"]]]
    write_json(os.path.join(HERE, "corpus_cases.json"), accepted)
    write_json(os.path.join(HERE, "corpus_rejected_by_tidal.json"), rejected)
    header = {k: v for k, v in gall.items() if k != "cases"}
    with open(os.path.join(HERE, "corpus_golden.json"), "w", encoding="utf-8") as f:
        f.write("{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in header.items()) + ',\n "cases": [\n')
        for i, c in enumerate(accepted):
            gc = g[c["id"]]
            f.write(' {"id": %s, "cycles": %d, "events": [' % (json.dumps(c["id"]), gc["cycles"]))
            f.write(",".join("\n  " + json.dumps(e, separators=(",", ":")) for e in gc["events"]))
            f.write("]}" + ("," if i + 1 < len(accepted) else "") + "\n")
        f.write("]}\n")
    print(f"{len(accepted)} accepted, {len(rejected)} rejected by Tidal")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[2] not in ("ids", "split"):
        sys.exit(__doc__)
    (ids if sys.argv[2] == "ids" else split)(sys.argv[1], sys.argv[3])
