"""The import of the real published text, faithful and corrected."""
import filecmp

from checker import catalog, importer, yamlio

from conftest import EDITION, SOURCE


def _nodes(doc):
    stack = list(doc["nodes"])
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children", []))


def test_source_is_the_published_text_byte_for_byte():
    import hashlib

    edition = yamlio.load(EDITION / "edition.yaml")
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == edition["source"]["sha256"]


def test_faithful_import_counts_and_keeps_misprints(faithful):
    table = importer.parse_source(SOURCE.read_text(encoding="utf-8"))
    headings = [r for r in table.rows if r.kind == "heading"]
    assert len(headings) == 53  # three were lost at page breaks
    assert table.unparsed == []
    docs = [yamlio.load(p) for p in sorted((faithful / "sectors").glob("*.yaml"))]
    assert len(docs) == 53
    by_line = {n["line"]: n for d in docs for n in _nodes(d)}
    assert sum(n["level"] == 4 for n in by_line.values()) == 1118
    assert by_line[948]["code"] == "160601"  # kept as printed
    assert by_line[719]["code"] == "A040102"
    assert by_line[716]["name"] == "灾害防治及应急管理服 务"
    assert by_line[112]["level"] == 1  # level from the column, not the code


def test_page_furniture_is_skipped():
    table = importer.parse_source("代码\t一级目录\t二级目录\t三级目录\t四级目录\n仅供内部审核\n民政\t\t\t\t\nA\t公共服务\t\t\t\n")
    assert [(r.kind, r.name) for r in table.rows] == [("heading", "民政"), ("node", "公共服务")]


def test_unreadable_table_line_is_recorded_not_fatal():
    table = importer.parse_source("民政\t\t\t\t\nA15\t\tX\tY\t\n")
    assert table.unparsed == [(2, "A15\t\tX\tY\t")]


def test_corrected_import_has_all_56_sectors_and_1118_entries(tmp_path):
    result = importer.run_import(SOURCE, tmp_path, EDITION / "errata.yaml")
    assert (result.sectors, result.entries) == (56, 1118)
    names = [yamlio.load(p)["sector"] for p in sorted((tmp_path / "sectors").glob("*.yaml"))]
    for lost in ("人力资源和社会保障", "戒毒管理", "工商业联合会"):
        assert lost in names


def test_shipped_catalogue_is_the_errata_applied_to_the_source(tmp_path):
    """Regenerating the edition from source + errata reproduces every shipped sector file."""
    import shutil

    shutil.copytree(EDITION, tmp_path / "ed")
    importer.run_import(SOURCE, tmp_path / "ed", tmp_path / "ed" / "errata.yaml")
    shipped = sorted(p.name for p in (EDITION / "sectors").glob("*.yaml"))
    assert shipped == sorted(p.name for p in (tmp_path / "ed" / "sectors").glob("*.yaml"))
    match, mismatch, errors = filecmp.cmpfiles(EDITION / "sectors", tmp_path / "ed" / "sectors", shipped, shallow=False)
    assert mismatch == [] and errors == []


def test_every_erratum_is_recorded_on_what_it_changed():
    cat = catalog.load(EDITION)
    assert cat.by_name["住房和城乡建设"].codes.get("A160601") == "住建行业标准制修订辅助服务"
    assert "160601" not in cat.by_name["住房和城乡建设"].codes
    assert "A140102" in cat.by_name["自然资源"].codes
    hr = cat.by_name["人力资源和社会保障"]
    assert {"A", "A03", "A0302", "A16"} <= set(hr.codes)
    assert hr.codes["A030201"] == "职业技能培训服务"
    assert [e.code for e in cat.by_name["财政"].entries] == ["A030301", "A040201", "A050301", "A080401"]
    errata = yamlio.load(EDITION / "errata.yaml")["errata"]
    kinds = {e["kind"] for e in errata}
    assert {"missing-leading-a", "misprinted-code", "wrong-column", "missing-root", "wrapped-name",
            "non-canonical-name", "lost-heading", "lost-parent", "lost-content", "bundled-name"} <= kinds
    for e in errata:
        assert e["why"] and e["line"] > 0


def test_stale_erratum_is_refused(tmp_path):
    import pytest

    errata = tmp_path / "errata.yaml"
    errata.write_text("errata:\n  - {id: E001, line: 948, kind: missing-leading-a, field: code,"
                      " printed: '999999', corrected: A999999, why: x}\n", encoding="utf-8")
    with pytest.raises(importer.ErratumMismatch, match="948"):
        importer.run_import(SOURCE, tmp_path / "out", errata)


def test_misprints_are_known_to_the_catalogue():
    cat = catalog.load(EDITION)
    (m,) = cat.misprints["A040102"]
    assert (m.corrected, m.sector) == ("A140102", "自然资源")
    assert cat.misprints["160601"][0].corrected == "A160601"


def test_compiled_cache_is_rebuilt_when_yaml_changes(tmp_path):
    import os
    import shutil

    shutil.copytree(EDITION, tmp_path / "ed")
    first = catalog.load(tmp_path / "ed")
    path = next((tmp_path / "ed" / "sectors").glob("20-*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("居家养老服务", "居家养老上门服务"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    second = catalog.load(tmp_path / "ed")
    names = lambda c: {e.name for e in c.by_name["民政"].entries}
    assert "居家养老上门服务" in names(second) and "居家养老上门服务" not in names(first)
