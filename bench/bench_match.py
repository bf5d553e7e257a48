#!/usr/bin/env python3
"""Benchmark `svccheck match` end to end on generated procurement lines.

    python bench/bench_match.py [--lines 100000] [--repeat 3]

Generates N lines across every sector list's departments (entry names with the noise
clerks add: years, place names, 项目/服务费 suffixes, synonyms; right, wrong, misprinted
and malformed codes; goods, works and class-B lines), writes them as CSV, then times
`svccheck match FILE --format json -o OUT` and `svccheck --help` as separate processes.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PREFIXES = ["", "", "2026年", "泽州县", "2026年度", "全县", "县级"]
SUFFIXES = ["", "", "项目", "服务费", "（续签）", "运维费", "服务采购", "第三方服务"]
EXTRA = ["机关办公楼物业管理服务", "公务用车租赁服务", "办公电脑采购", "年度财务收支审计服务",
         "办公用房租赁", "会议室装修工程", "困难群众生活补助发放", "食堂餐饮服务外包"]


def generate(n: int, seed: int = 7) -> list[list[str]]:
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
            r = rng.random()
            code = (entry.code if r < 0.5 else "" if r < 0.8 else entry.code.lower() if r < 0.85
                    else entry.code[1:] if r < 0.9 else rng.choice(sector.entries).code)
        rows.append([dept, item, code, f"{rng.randint(1, 5000) / 100:.2f}"])
    return rows


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    exe = shutil.which("svccheck") or str(Path(sys.executable).parent / "svccheck")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.csv"
        rows = generate(args.lines)
        with path.open("w", encoding="utf-8", newline="") as f:
            import csv

            w = csv.writer(f)
            w.writerow(["部门名称", "项目名称", "目录代码", "金额（万元）"])
            w.writerows(rows)
        distinct = len({(r[0], r[1]) for r in rows})
        timed([exe, "match", str(path), "--format", "json", "-o", str(Path(tmp) / "warm.json")])  # compiles the cache
        runs = [timed([exe, "match", str(path), "--format", "json", "-o", str(Path(tmp) / "out.json")])
                for _ in range(args.repeat)]
        helps = [timed([exe, "--help"]) for _ in range(5)]
    print(f"lines={args.lines} distinct_department_items={distinct}")
    print(f"match --format json: median {statistics.median(runs):.2f} s (runs: {', '.join(f'{r:.2f}' for r in runs)})")
    print(f"svccheck --help: median {statistics.median(helps):.3f} s")


if __name__ == "__main__":
    main()
