"""Glosses (issue #8): the words clerks use for an entry, kept per edition in glosses/*.yaml,
place a paraphrase that shares few characters with the entry's name, and say so (MT19)."""
from pathlib import Path

import yaml

from checker import catalog, intake
from checker.match import Engine

GLOSSES = Path(catalog.load().path) / "glosses"


def test_every_gloss_names_a_level_4_entry_of_its_own_list():
    cat = catalog.load()
    sectors = {s.name: {e.code for e in s.entries} for s in cat.sectors}
    files = sorted(GLOSSES.glob("*.yaml"))
    assert len(files) >= 50
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["sector"] in sectors, path.name
        for code, phrasings in doc["glosses"].items():
            assert code in sectors[doc["sector"]], (path.name, code)
            assert phrasings and all(isinstance(p, str) and 2 <= len(p) <= 20 for p in phrasings), (path.name, code)


def test_a_line_in_a_glossed_phrasing_is_placed_under_its_entry_and_says_by_which(check_lines):
    r = check_lines(("沁水县统计局", "群众安全感满意度调查"))[0]
    assert (r.verdict, r.code) == ("ok", "A160201")
    assert any(f.rule == "MT19" and "群众安全感满意度调查" in f.render("zh") for f in r.findings)


def test_a_gloss_sharing_only_a_generic_word_with_a_line_does_not_place_it(check_lines):
    # 场馆保洁安保 is a gloss of 体育's 体育场馆运行保障服务; an office's cleaning shares 保洁 only.
    r = check_lines(("沁水县卫生健康局", "机关办公区保洁服务"))[0]
    assert r.verdict == "outside_catalogue"
    assert not any(f.rule == "MT19" for f in r.findings)


def test_an_edition_without_glosses_or_terms_still_checks(tmp_path):
    import shutil

    edition = tmp_path / "edition"
    shutil.copytree(catalog.load().path, edition, ignore=shutil.ignore_patterns("glosses"))
    src = tmp_path / "b.csv"
    src.write_text("部门名称,项目名称\n沁水县统计局,群众安全感满意度调查\n"
                   "某某县民政局,安排社工对父母外出务工的孩子逐户家访并建立台账\n", encoding="utf-8")
    by_gloss, by_terms = Engine(catalog.load(edition)).run(intake.read(str(src)))
    assert not any(f.rule == "MT19" for f in by_gloss.findings)
    assert not any(f.rule == "MT20" for f in by_terms.findings)
