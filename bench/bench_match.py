#!/usr/bin/env python3
"""Benchmark `svccheck match` end to end on generated procurement lines.

    python bench/bench_match.py [--lines 100000] [--repeat 3] [--distinct] [--jobs N]

Generates N lines across every sector list's departments (entry names with the noise
clerks add: years, place names, 项目/服务费 suffixes, synonyms; right, wrong, misprinted
and malformed codes; goods, works and class-B lines), writes them as CSV, then times
`svccheck match FILE --format json -o OUT` and `svccheck --help` as separate processes,
with the peak memory of each run (the PSS of the command and any workers it forks, summed,
or the largest single RSS, whichever is more).

`--distinct` writes most lines with their own town and village, as clerks do, so that
about nine lines in ten are distinct and deduplication hides nothing. Each run is set
against a floor measured in the same run: reading the CSV and one rapidfuzz `cdist` of
every item against the 1,118 entry names on both cores, the least any matcher of this
kind must do.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PREFIXES = ["", "", "2026年", "泽州县", "2026年度", "全县", "县级"]
SUFFIXES = ["", "", "项目", "服务费", "（续签）", "运维费", "服务采购", "第三方服务"]
EXTRA = ["机关办公楼物业管理服务", "公务用车租赁服务", "办公电脑采购", "年度财务收支审计服务",
         "办公用房租赁", "会议室装修工程", "困难群众生活补助发放", "食堂餐饮服务外包"]


TOWN_HEADS = "东西南北上下前后大小新老金银石柳杨李王张赵河山沟坡岭"
TOWN_TAILS = ["镇", "乡", "街道"]


def place(rng: random.Random) -> str:
    """A made-up town and village in the shapes clerks write."""
    town = "".join(rng.choices(TOWN_HEADS, k=2)) + rng.choice(TOWN_TAILS)
    village = "".join(rng.choices(TOWN_HEADS, k=rng.choice((2, 3)))) + rng.choice(("村", "社区"))
    return rng.choice((f"（{town}{village}）", f"{town}{village}", f"（{town}）"))


def generate(n: int, seed: int = 7, distinct: bool = False) -> list[list[str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from checker import catalog

    rng = random.Random(seed)
    cat = catalog.load()
    sectors = [s for s in cat.sectors if s.entries]
    rows = []
    for _ in range(n):
        sector = rng.choice(sectors)
        dept = rng.choice(sector.names or [f"泽州县{sector.keywords[0]}局"])
        roll = rng.random()
        if roll < 0.08:
            item, code = rng.choice(EXTRA), ""
        else:
            entry = rng.choice(sector.entries if roll < 0.9 else rng.choice(sectors).entries)
            name = entry.name.replace("服务", "") if rng.random() < 0.3 else entry.name
            item = f"{rng.choice(PREFIXES)}{name}{rng.choice(SUFFIXES)}"
            if distinct and rng.random() < 0.95:
                item = f"{place(rng)}{item}" if rng.random() < 0.3 else f"{item}{place(rng)}"
            r = rng.random()
            code = (entry.code if r < 0.5 else "" if r < 0.8 else entry.code.lower() if r < 0.85
                    else entry.code[1:] if r < 0.9 else rng.choice(sector.entries).code)
        rows.append([dept, item, code, f"{rng.randint(1, 5000) / 100:.2f}"])
    return rows


TREE_PSS = r"""
def tree_pss(root):
    # Proportional set size of a process and its descendants: pages shared between a process and
    # the workers it forked count once in all, not once per process as RSS would.
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of a command run in a fresh process: the larger of the
    peak RSS of any one of its processes and the peak PSS of all of them together, sampled every
    0.1 s by a thread (the wall time is taken when the process ends, not at a sample)."""
    probe = ("import os, resource, subprocess, sys, tempfile, threading, time\n" + TREE_PSS +
             "log = tempfile.TemporaryFile()\n"
             "t = time.perf_counter()\n"
             "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=log)\n"
             "peak = [0.0]\n"
             "def sample():\n"
             "    while p.poll() is None:\n"
             "        peak[0] = max(peak[0], tree_pss(p.pid))\n"
             "        time.sleep(0.1)\n"
             "threading.Thread(target=sample, daemon=True).start()\n"
             "p.wait()\n"
             "e = time.perf_counter() - t\n"
             "log.seek(0)\n"
             "err = log.read()\n"
             "sys.stderr.write(err.decode()[-500:]) if p.returncode not in (0, 1) else None\n"
             "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
             "print(e, max(rss, peak[0]), p.returncode)\n")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    elapsed, rss, code = out.stdout.split()
    if int(code) not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr}")
    return float(elapsed), float(rss)


FLOOR = """
import csv, sys
import numpy as np
from rapidfuzz import fuzz, process
sys.path.insert(0, sys.argv[2])
from checker import catalog
names = [e.name for e in catalog.load().all_entries()]
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    items = [row[1] for row in csv.reader(f)][1:]
best = np.empty(len(items), dtype=np.int32)
for start in range(0, len(items), 20000):
    scores = process.cdist(items[start:start + 20000], names, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
    best[start:start + 20000] = scores.argmax(axis=1)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--distinct", action="store_true", help="items carry their own town and village")
    ap.add_argument("--jobs", type=int, default=None, help="svccheck match -j N (default: svccheck's own, 1)")
    args = ap.parse_args()
    exe = shutil.which("svccheck") or str(Path(sys.executable).parent / "svccheck")
    root = str(Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.csv"
        rows = generate(args.lines, distinct=args.distinct)
        with path.open("w", encoding="utf-8", newline="") as f:
            import csv

            w = csv.writer(f)
            w.writerow(["部门名称", "项目名称", "目录代码", "金额（万元）"])
            w.writerows(rows)
        distinct = len({(r[0], r[1]) for r in rows})
        jobs = ["-j", str(args.jobs)] if args.jobs is not None else []
        timed([exe, "match", str(path), "--format", "json", "-o", str(Path(tmp) / "warm.json")])  # compiles the cache
        runs = [timed([exe, "match", str(path), "--format", "json", "-o", str(Path(tmp) / "out.json"), *jobs])
                for _ in range(args.repeat)]
        floors = [timed([sys.executable, "-c", FLOOR, str(path), root]) for _ in range(args.repeat)]
        helps = [timed([exe, "--help"])[0] for _ in range(5)]
    median = statistics.median
    match_s, match_mb = median(r[0] for r in runs), max(r[1] for r in runs)
    floor_s, floor_mb = median(r[0] for r in floors), max(r[1] for r in floors)
    print(f"lines={args.lines} distinct_department_items={distinct} ({distinct / args.lines:.0%})")
    print(f"match --format json{' '.join(['', *jobs])}: median {match_s:.2f} s, peak {match_mb:.0f} MB "
          f"(runs: {', '.join(f'{r[0]:.2f}' for r in runs)})")
    print(f"floor (read + one cdist): median {floor_s:.2f} s, peak {floor_mb:.0f} MB; "
          f"match is {match_s / floor_s:.1f}x the floor")
    print(f"svccheck --help: median {median(helps):.3f} s")


if __name__ == "__main__":
    main()
