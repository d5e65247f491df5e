#!/usr/bin/env python3
"""2-thread scaling of the standard voice, measured so that this noisy 2-core VM's drift cancels out.

Runs `phonon_perf --benchmark_filter=std_voice/voices:N/threads:T` for T = 1 and 2 alternately, `--rounds` times
each (short runs, so a burst of load from elsewhere hits a few runs of both, not all runs of one), and prints per
voice count the minimum and median block time of each thread count and the ratios min/min and median/median.

    python3 perf/scaling.py build-lead/perf/phonon_perf --voices 512 1024 4096 --rounds 8

GOMP_SPINCOUNT defaults to 5000 here, as the `phonon` CLI sets it (phonon_perf does not re-exec itself)."""
import argparse
import json
import os
import statistics
import subprocess
import sys


def run_once(binary, voices, threads, min_time):
    env = dict(os.environ)
    env.setdefault("GOMP_SPINCOUNT", "5000")
    out = subprocess.run(
        [binary, f"--benchmark_filter=^std_voice/voices:{voices}/threads:{threads}/",
         f"--benchmark_min_time={min_time}", "--benchmark_format=json"],
        check=True, capture_output=True, text=True, env=env).stdout
    bench = json.loads(out)["benchmarks"]
    if not bench:
        sys.exit(f"no benchmark std_voice/voices:{voices}/threads:{threads} in {binary}")
    return bench[0]["real_time"]  # microseconds per block


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--voices", type=int, nargs="+", default=[512, 1024, 4096])
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--min-time", type=float, default=0.3)
    args = ap.parse_args()
    print(f"{'voices':>7} {'1T min':>9} {'2T min':>9} {'ratio':>6} {'1T med':>9} {'2T med':>9} {'ratio':>6}  (us per 512-frame block)")
    for v in args.voices:
        t = {1: [], 2: []}
        for _ in range(args.rounds):
            for th in (1, 2):
                t[th].append(run_once(args.binary, v, th, args.min_time))
        m1, m2 = min(t[1]), min(t[2])
        d1, d2 = statistics.median(t[1]), statistics.median(t[2])
        print(f"{v:>7} {m1:>9.1f} {m2:>9.1f} {m1 / m2:>6.2f} {d1:>9.1f} {d2:>9.1f} {d1 / d2:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
