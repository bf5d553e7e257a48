"""Metamorphic tests: a place, a year, a batch or contract note added to a line never changes
its verdict or its entry (issue #8). Every labelled line of the fixtures is rewritten in each
of the ways clerks add them, with places the matcher has never seen."""
import importlib.util
import random
from pathlib import Path

import pytest

from checker import catalog
from checker.match import Engine

FIXTURES = Path(__file__).parent / "fixtures"
_spec = importlib.util.spec_from_file_location("accuracy", Path(__file__).parents[1] / "bench" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)


@pytest.fixture(scope="module")
def engine():
    return Engine(catalog.load())


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")
                                         if "labelled" in p.name or p.name in ("holdout.csv", "heldback-blind-5.csv")))
def test_places_years_and_notes_change_no_verdict(engine, name):
    rows = accuracy.load(FIXTURES / name)
    rng = random.Random(5)
    variants = [dict(r, item=v) for r in rows for v in accuracy.rewrites(r["item"], rng)]
    base = [(res.verdict, res.code) for res in accuracy.check(rows, engine)]
    per_row = len(variants) // len(rows)
    changed = [(v["item"], base[i // per_row], (res.verdict, res.code))
               for i, (v, res) in enumerate(zip(variants, accuracy.check(variants, engine)))
               if (res.verdict, res.code) != base[i // per_row]]
    assert not changed, changed[:10]


@pytest.mark.parametrize("line, verdict", [
    ("遗属补助（大阳镇）", "not_a_service"),
    ("临时救助金（川底镇）", "not_a_service"),
    ("困难群众基本生活救助金发放（高都镇）", "not_a_service"),
    ("村级文化广场建设", "not_a_service"),
    ("污水管网工程（管网改造）", "not_a_service"),
    ("道路硬化工程（续建）", "not_a_service"),
])
def test_issue_examples_are_not_services(engine, line, verdict):
    rows = [{"department": "泽州县民政局", "item": line, "code": "", "amount_wan": "1"}]
    (res,) = accuracy.check(rows, engine)
    assert res.verdict == verdict


def test_a_village_in_the_line_is_taken_off_but_words_are_not(engine):
    structure = engine.wording.structure
    assert structure("乡村振兴驻村工作队专项晋庙铺范谷坨村") == "乡村振兴驻村工作队专项"
    assert structure("2026年柳泉镇、石门乡居家养老上门服务（第二批）") == "居家养老上门服务"
    # Common nouns shaped like places stay: they say what is bought.
    for kept in ("农村留守儿童关爱", "城乡社区治理", "建设美丽乡村宣传", "法律进社区宣传", "社区矫正"):
        assert structure(kept) == kept
