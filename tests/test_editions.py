"""Two editions side by side in one process, each with its own rules (issue #11): nothing
about rules or tables is cached per process, and which verdict wins is data."""
import shutil
from pathlib import Path

import yaml

from checker import catalog, intake, paths
from checker.match import Engine

LINES = "department,item,code,amount\n某县试点局,试点宣传服务,,1\n泽州县统计局,办公家具购置,A04O303,3\n"


def _small_edition(root: Path) -> Path:
    """A made-up edition with one list, and rules whose verdict order puts malformed codes first."""
    edition = root / "test-2030"
    (edition / "sectors").mkdir(parents=True)
    (edition / "edition.yaml").write_text("id: test-2030\ndocument_number: 测财〔2030〕1号\n", encoding="utf-8")
    (edition / "levels.yaml").write_text("levels: {A: 公共服务, A15: 公共信息与宣传服务, A1502: 公共公益宣传服务}\n",
                                         encoding="utf-8")
    (edition / "sectors" / "01-shidian.yaml").write_text(yaml.safe_dump({
        "sector": "试点", "order": 1, "line": 1,
        "departments": {"names": [], "keywords": ["试点局"]},
        "nodes": [{"code": "A", "name": "公共服务", "level": 1, "line": 2, "children": [
            {"code": "A15", "name": "公共信息与宣传服务", "level": 2, "line": 3, "children": [
                {"code": "A1502", "name": "公共公益宣传服务", "level": 3, "line": 4, "children": [
                    {"code": "A150201", "name": "试点宣传服务", "level": 4, "line": 5}]}]}]}],
    }, allow_unicode=True), encoding="utf-8")
    rules = edition / "rules"
    shutil.copytree(paths.rules_dir(), rules)
    match_rules = yaml.safe_load((rules / "match.yaml").read_text(encoding="utf-8"))
    order = match_rules["verdicts"]
    order.insert(1, order.pop(next(i for i, v in enumerate(order) if v["id"] == "malformed_code")))
    (rules / "match.yaml").write_text(yaml.safe_dump(match_rules, allow_unicode=True), encoding="utf-8")
    return edition


def test_two_editions_in_one_process(tmp_path):
    small = Engine(catalog.load(_small_edition(tmp_path)))
    bundled = Engine(catalog.load())
    table = intake.read_csv_text(LINES, "<t>", "utf-8", None)
    mine, theirs = small.run(table), bundled.run(table)
    assert (mine[0].verdict, mine[0].sector, mine[0].code) == ("ok", "试点", "A150201")
    assert theirs[0].sectors == () and theirs[0].sector != "试点"
    # Goods with a malformed code: the bundled rules rank not_a_service first, the small edition's
    # rules rank malformed_code first; both findings are there either way.
    assert (theirs[1].verdict, mine[1].verdict) == ("not_a_service", "malformed_code")
    for r in (mine[1], theirs[1]):
        assert {"MT01", "MT02"} <= {f.rule for f in r.findings}
    # And the bundled engine is untouched by the other edition having been loaded.
    assert Engine(catalog.load()).run(table)[1].verdict == "not_a_service"
