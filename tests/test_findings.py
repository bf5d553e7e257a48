"""Findings are data: a rule, its severity and the facts (`args`); messages are rendered from
the rule's templates in the language asked for, and a template whose placeholder the check
does not fill is a failure here, not a `{holders}` in front of a user."""
import json

import pytest

from checker import catalog, intake, paths, rules
from checker.match import Engine

LINES = """department,item,code,amount
泽州县民政局,低保特困人员家访服务,A04O303,3
泽州县民政局,低保特困人员家访服务,A999999,3
泽州县民政局,社区治理,A110130,2
泽州县司法局,asdfgh,A040302,2
泽州县民政局,地质灾害隐患排查,A040303,2
泽州县民政局,养老服务,A04,2
泽州县统计局,办公家具购置,,3
泽州县司法局,法律顾问服务,,3
某某单位,政协宣传服务,,x
泽州县住房和城乡建设管理局,住建行业标准制修订辅助服务,160601,6
晋城市规划和自然资源局泽州分局,地质灾害监测预警服务,A040102,5
泽州县教育局,校园食品安全抽检,,1
,,,
泽州县民政局,"a","b","c","d"
"""


@pytest.mark.parametrize("family", ["match", "lint"])
def test_templates_need_the_same_facts_in_both_languages(family):
    for rule in rules.load(family).values():
        zh = rule.placeholders("zh")
        en = {name.removesuffix("_en") for name in rule.placeholders("en")}
        assert {name.removesuffix("_en") for name in zh} == en, rule.id


@pytest.fixture(scope="module")
def results():
    table = intake.read_csv_text(LINES, "<test>", "utf-8", None)
    return Engine(catalog.load()).run(table)


def test_every_finding_renders_in_both_languages(results):
    seen = set()
    for r in results:
        for f in r.findings:
            seen.add(f.rule)
            for lang in ("zh", "en"):
                text = f.render(lang)
                assert "{" not in text and text, (f.rule, lang, text)
    assert len(seen) >= 10, seen


def test_json_in_two_languages_differs_only_in_messages(invoke, tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text(LINES, encoding="utf-8")
    docs = [json.loads(invoke("match", path, "--format", "json", "--lang", lang).output) for lang in ("zh", "en")]

    def without_messages(doc):
        for r in doc["results"]:
            for f in r["findings"]:
                assert isinstance(f["args"], dict)
                f.pop("message")
        return doc["results"]

    assert without_messages(docs[0]) == without_messages(docs[1])


def test_a_missing_fact_is_an_error_not_a_placeholder():
    rule = rules.load_family(paths.rules_dir(), "match")["MT05"]
    with pytest.raises(KeyError):
        rule.message("zh", code="A1")


def test_copies_of_a_decision_do_not_share_lists(results):
    text = "department,item,code,amount\n泽州县民政局,养老服务,,1\n泽州县民政局,养老服务,,2\n"
    a, b = Engine(catalog.load()).run(intake.read_csv_text(text, "<t>", "utf-8", None))
    assert a.findings == b.findings and a.findings is not b.findings
    assert a.alternatives is not b.alternatives


def test_a_rows_own_findings_stay_on_that_row_when_lines_share_a_decision():
    # The same line twice: one with a negative amount and a control character, one clean.
    text = ("department,item,code,amount,备注\n泽州县民政局,养老服务,,-1,说明\x07\n泽州县民政局,养老服务,,2,\n"
            "泽州县民政局,养老服务,,3,\n")
    first, second, third = Engine(catalog.load()).run(intake.read_csv_text(text, "<t>", "utf-8", None))
    assert {"MT16", "MT18"} <= {f.rule for f in first.findings}
    for clean in (second, third):
        assert not {"MT16", "MT18"} & {f.rule for f in clean.findings}
        assert clean.verdict == first.verdict
