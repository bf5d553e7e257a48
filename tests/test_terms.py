"""Terms (issue #8): the words a clerk's description of a service contains (露宿街头, 救助站 for
流浪乞讨人员救助服务), kept per edition beside the glosses. A line that describes the service in
a sentence, sharing little with the entry's name, is placed by them, flagged for a person to
confirm (MT20); a line that holds another list's terms plainly is that list's (other_department).
An edition without terms is checked in tests/test_glosses.py."""
from pathlib import Path

import yaml

from checker import catalog, textmatch

GLOSSES = Path(catalog.load().path) / "glosses"
GENERIC = {"服务", "管理", "工作", "项目", "开展", "组织", "委托", "第三方", "专业", "机构", "提供", "购买"}


def test_every_level_4_entry_has_distinctive_terms():
    cat = catalog.load()
    sectors = {s.name: {e.code for e in s.entries} for s in cat.sectors}
    covered = {}
    for path in sorted(GLOSSES.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for code, terms in (doc.get("terms") or {}).items():
            assert code in sectors[doc["sector"]], (path.name, code)
            assert terms and all(isinstance(t, str) and 2 <= len(t) <= 8 for t in terms), (path.name, code)
            assert not GENERIC & set(terms), (path.name, code, GENERIC & set(terms))
            covered.setdefault(doc["sector"], set()).add(code)
    missing = {(s, c) for s, codes in sectors.items() for c in codes if c not in covered.get(s, set())}
    assert not missing, sorted(missing)[:10]


def test_a_sentence_in_the_clerks_own_words_is_placed_by_its_terms_and_says_which(check_lines):
    r, = check_lines(("某某县民政局", "安排社工对父母外出务工的孩子逐户家访并建立台账"))
    assert (r.verdict, r.code) == ("ok", "A040106")  # 留守儿童家访服务
    # Placed by its terms (MT20) or, since 0.6 first, by the pooled words of the same texts (MT21).
    said = [f for f in r.findings if f.rule in ("MT20", "MT21")]
    assert said and "家访" in said[0].render("zh") and "please confirm" in said[0].render("en")


def test_a_place_or_a_year_around_the_sentence_changes_nothing(check_lines):
    plain, placed = check_lines(("某某县民政局", "组织人员夜间上街巡查，劝导露宿街头人员到救助站"),
                           ("某某县民政局", "2026年组织人员夜间上街巡查，劝导露宿街头人员到救助站（东关街道）"))
    assert plain.verdict == "ok" and (placed.verdict, placed.code) == (plain.verdict, plain.code)


def test_goods_and_office_services_are_not_placed_by_a_term(check_lines):
    goods, canteen = check_lines(("某某县民政局", "为救助站购置床铺被褥一批"), ("某某县民政局", "机关食堂餐饮外包"))
    assert goods.verdict == "not_a_service"
    assert canteen.verdict == "outside_catalogue" and not any(f.rule == "MT20" for f in canteen.findings)


def test_a_term_inside_a_longer_term_found_there_is_part_of_it():
    entries = catalog.load().all_entries()[:3]
    index = textmatch.TermIndex(entries, {0: ["家庭农场"], 1: ["农场"], 2: ["农场主"]})
    assert index.found("组织家庭农场主外出学习") == {"家庭农场", "农场主"}
    assert [e for e, _, _ in index.evidence("家庭农场培训")] == [0]
    assert [e for e, _, _ in index.evidence("国营农场监测")] == [1]


def test_terms_weigh_by_rarity_among_services():
    entries = catalog.load().all_entries()[:3]
    index = textmatch.TermIndex(entries, {0: ["培训", "焊工"], 1: ["培训"], 2: ["培训"]})
    assert index.weight["焊工"] > index.weight["培训"]
    (first, evidence, terms), *rest = index.evidence("焊工培训")
    assert first == 0 and terms == ("培训", "焊工") and all(e < evidence for _, e, _ in rest)
