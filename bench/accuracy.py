#!/usr/bin/env python3
"""Accuracy of `svccheck match` on labelled lines, and on the same lines rewritten with places.

    python bench/accuracy.py FILE.csv [FILE.csv …] [--places] [--show 20]

FILE is a labelled set (department, item, code, amount_wan, expected_verdict,
expected_code, expected_sector; the format of the shared eval README). `--places` also
scores every line rewritten as clerks write it (a town, a village, a year, a batch or
contract note added, in brackets or in front), whose labels do not change: a place never
changes what a line buys. Runs the engine in-process, so it takes seconds.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Made-up places in the shapes clerks write (not a gazetteer: the matcher must not know them).
TOWNS = ["柳泉镇", "石门乡", "南关镇", "西营镇", "青龙乡", "东坡镇", "双井乡", "杏林镇", "红岩镇", "金沙乡", "宁乡镇"]
VILLAGES = ["大槐树村", "后沟村", "王家庄村", "李家岭村", "新华社区", "幸福里社区", "东关社区", "南河村",
            "建设路社区", "解放街社区"]
STREETS = ["迎泽街道", "城东街道", "府西街道"]
METHODS = ["竞争性磋商", "公开招标公告", "框架协议", "中标（成交）结果公告", "询价采购", "单一来源采购公示"]
NOTES = ["（第二批）", "（2026年度）", "（续签）", "（第三期）", "（2025-2026年）", "(新增)"]


def rewrites(item: str, rng: random.Random) -> list[str]:
    """The same line with a place, a year or a note added in the ways clerks add them, or wrapped
    in the contract or notice a procurement register names it by."""
    town, town2 = rng.sample(TOWNS, 2)
    village, street = rng.choice(VILLAGES), rng.choice(STREETS)
    return [
        f"{item}（{town}）", f"{item}（{town}{village}）", f"{town}{item}", f"2026年{town}{village}{item}",
        f"{item}({street})", f"{item}{rng.choice(NOTES)}", f"{town}、{town2}{item}", f"{item}（{town}等{rng.randint(2, 9)}个乡镇）",
        # As a procurement register names the contract or notice.
        f"关于{item}的采购合同", f"{item}{rng.choice(METHODS)}（包{rng.choice('一二三')}）",
    ]


def frames(item: str, rng: random.Random) -> list[str]:
    """The same line as it sits in a clerk's table: numbered, with its amount, under the table's
    label, marked with a footnote, quoted or with a price or priority note."""
    number = rng.choice(["1.", "12、", "三、", "（二）", "(4)", "①"])
    amount = rng.choice([f" {rng.randint(2, 90)}万元", f"（{rng.randint(2, 90)}.5万元）", f"，预算{rng.randint(2, 90)}万元"])
    label = rng.choice([f"政府购买{item}", f"{item}（政府购买服务）", f"{item}(购买服务)"]
                       + ([f"购买{item}"] if item.endswith("服务") else []))
    note = rng.choice([f"“{item}”", f"《{item}》", f"{item}（含税）", f"【重点】{item}"])
    return [f"{number}{item}", f"{item}{amount}", label, f"{item}{rng.choice(['*', '※', '。'])}", note]


def without_county(department: str) -> str:
    """A department's name as written inside its own county: 灵丘县民政局 → 民政局,
    吕梁市离石区卫生健康局 → 卫生健康局 (the prefecture, the county or district and 中共 go)."""
    import re

    name = re.sub(r"^中共", "", department)
    name = re.sub(r"^(?:[\u4e00-\u9fff]{1,4}?(?:市|县|区))+", "", name)
    return re.sub(r"^委(?=[\u4e00-\u9fff]{2,}部)", "", name) or department


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def check(rows: list[dict], engine):
    """Run the engine on labelled rows; the results in order."""
    from checker import intake

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["department", "item", "code", "amount_wan"])
    for r in rows:
        w.writerow([r["department"], r["item"], r.get("code", ""), r.get("amount_wan", "")])
    table = intake.read_csv_text(buf.getvalue(), "<labelled>", "utf-8", None)
    return engine.run(table)


def score(rows: list[dict], results) -> tuple[float, float, list[tuple[dict, object]]]:
    """(verdict accuracy, code accuracy over rows that expect a code, misses)."""
    misses = [(g, r) for g, r in zip(rows, results)
              if r.verdict != g["expected_verdict"] or (g["expected_code"] and r.code != g["expected_code"])]
    verdict = sum(r.verdict == g["expected_verdict"] for g, r in zip(rows, results)) / max(len(rows), 1)
    coded = [(g, r) for g, r in zip(rows, results) if g["expected_code"]]
    code = sum(r.code == g["expected_code"] for g, r in coded) / max(len(coded), 1)
    return verdict, code, misses


def with_places(rows: list[dict], seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    return [dict(r, item=rng.choice(rewrites(r["item"], rng))) for r in rows for _ in range(2)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--places", action="store_true", help="also score the lines with places and notes added")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses per file")
    args = ap.parse_args()
    from checker import catalog
    from checker.match import Engine

    engine = Engine(catalog.load())
    for path in args.files:
        rows = load(path)
        sets = [(path.name, rows)] + ([(f"{path.name} + places", with_places(rows))] if args.places else [])
        for name, data in sets:
            verdict, code, misses = score(data, check(data, engine))
            print(f"{name}: lines={len(data)} verdict={verdict:.3f} code={code:.3f}")
            for g, r in misses[: args.show]:
                print(f"   {g.get('id', '')} [{g['department']}] {g['item']!r} code={g.get('code', '')!r} "
                      f"want {g['expected_verdict']}/{g['expected_code'] or '-'} "
                      f"got {r.verdict}/{r.code or '-'} ({r.score})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
