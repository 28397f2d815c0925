#!/usr/bin/env python3
"""Two commands timed side by side in interleaved pairs (A B, B A, A B, ...), so that
a load that comes and goes on a shared machine weighs on both alike.

    bench/pairs.py N "command A" "command B"

Prints, for each command, the median and quartiles of the wall-clock time, the median
CPU time (user + system, all threads) and the median peak resident memory (each
run's own, from wait4), then the median of the per-pair ratios A/B of wall and CPU. Output to stdout and stderr is discarded; a failing run stops
the measurement.
"""

import os
import shlex
import statistics
import subprocess
import sys
import time


def run(argv):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of argv."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"exit {child.returncode}: {shlex.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def quartiles(values):
    q = statistics.quantiles(values, n=4)
    return q[0], statistics.median(values), q[2]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    pairs = int(sys.argv[1])
    commands = [shlex.split(sys.argv[2]), shlex.split(sys.argv[3])]
    for argv in commands:  # warm the page cache
        run(argv)
        run(argv)
    walls = [[], []]
    cpus = [[], []]
    peaks = [[], []]
    for i in range(pairs):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for which in order:
            wall, cpu, peak = run(commands[which])
            walls[which].append(wall)
            cpus[which].append(cpu)
            peaks[which].append(peak)
    for which, name in enumerate("AB"):
        low, median, high = quartiles(walls[which])
        print(
            f"{name}: wall median {median * 1000:.1f} ms (quartiles {low * 1000:.1f}–"
            f"{high * 1000:.1f}), CPU median {statistics.median(cpus[which]) * 1000:.1f} ms, "
            f"peak {statistics.median(peaks[which]) / 1024:.1f} MiB: "
            f"{shlex.join(commands[which])}"
        )
    ratios = [a / b for a, b in zip(walls[0], walls[1])]
    low, median, high = quartiles(ratios)
    print(f"A/B per pair: median {median:.3f} (quartiles {low:.3f}–{high:.3f}), {pairs} pairs")
    cpu = statistics.median(a / b for a, b in zip(cpus[0], cpus[1]))
    print(f"A/B of CPU time per pair: median {cpu:.3f}")


if __name__ == "__main__":
    main()
