"""`svccheck lint` for other tools: SARIF 2.1.0, several files at once (as pre-commit passes
them), and the shell completion scripts."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from checker import lint, rules
from conftest import EDITION

# The SARIF 2.1.0 schema (rtm.4) as shipped in the sdist of sarif-om 1.0.4 (Microsoft, MIT).
SARIF_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0-rtm.4.json")
                          .read_text(encoding="utf-8"))
SECTOR = "sectors/02-rmzfbgt.yaml"


@pytest.fixture
def broken_checkout(tmp_path, monkeypatch):
    """A copy of the bundled edition laid out as in the repository (so edition.yaml finds the
    published text), one sector file with a code that lost its leading A; cwd is the copy."""
    root = tmp_path / "repo"
    shutil.copytree(EDITION, root / "catalog" / EDITION.name)
    shutil.copytree(EDITION.parent.parent / "data" / "source", root / "data" / "source")
    path = root / "catalog" / EDITION.name / SECTOR
    text = path.read_text(encoding="utf-8")
    code = re.search(r"code: (A\d{6})\b", text).group(1)
    path.write_text(text.replace(f"code: {code}", f"code: '{code[1:]}'", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    return root, f"catalog/{EDITION.name}/{SECTOR}"


def test_sarif_is_valid_and_carries_rules_and_locations(invoke, broken_checkout):
    root, rel = broken_checkout
    result = invoke("lint", f"catalog/{EDITION.name}", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    table = rules.load("lint")
    assert [r["id"] for r in driver["rules"]] == list(table)
    ct05 = driver["rules"][list(table).index("CT05")]
    assert ct05["name"] == table["CT05"].name and ct05["shortDescription"]["text"] == table["CT05"].why_zh
    assert ct05["defaultConfiguration"]["level"] == "error"
    (res,) = [r for r in run["results"] if r["ruleId"] == "CT05"]
    assert driver["rules"][res["ruleIndex"]]["id"] == "CT05" and res["level"] == "error"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": rel, "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"
    line = (root / rel).read_text(encoding="utf-8").splitlines()[loc["region"]["startLine"] - 1]
    assert "code:" in line and loc["region"]["startColumn"] >= 1
    source_line = res["properties"]["sourceLine"]
    (related,) = res["relatedLocations"]
    where = related["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "data/source/shanxi-catalogue-2025.txt"
    assert where["region"]["startLine"] == source_line


def test_sarif_of_a_clean_catalogue_is_valid_and_empty(invoke):
    result = invoke("lint", "--format", "sarif", "--lang", "en")
    assert result.exit_code == 0
    log = json.loads(result.output)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == rules.load("lint")["CT01"].why_en


def test_several_files_as_a_pre_commit_hook_passes_them(invoke, broken_checkout):
    _, rel = broken_checkout
    edition = f"catalog/{EDITION.name}"
    good = f"{edition}/sectors/01-rmdbdhcwwyhbgt.yaml"
    assert invoke("lint", good, f"{edition}/sectors/03-rmzzxshywyhbgt.yaml").exit_code == 0
    result = invoke("lint", good, rel, "--format", "json")
    assert result.exit_code == 1
    # The lost A is CT05, and an edit the errata do not record is CT19.
    assert {p["rule"] for p in json.loads(result.output)["problems"]} == {"CT05", "CT19"}
    # edition.yaml, levels.yaml, errata.yaml stand for their whole edition (not sector files
    # failing the schema), linted once however many of its files are named
    others = [f"{edition}/{name}" for name in ("edition.yaml", "levels.yaml", "errata.yaml")]
    assert [p.rule for p in lint.lint([Path(p) for p in others])] == ["CT05", "CT19"]
    assert [p.rule for p in lint.lint([Path(rel), Path(good), *map(Path, others)])] == ["CT05", "CT19"]


def test_edition_files_alone_lint_clean(invoke):
    assert invoke("lint", *(EDITION / name for name in ("edition.yaml", "levels.yaml", "errata.yaml"))).exit_code == 0


@pytest.mark.parametrize("shell,marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef svccheck"),
                                          ("fish", "complete --no-files --command svccheck")])
def test_completion_scripts(invoke, shell, marker):
    result = invoke("completion", shell)
    assert result.exit_code == 0 and marker in result.output and "_SVCCHECK_COMPLETE" in result.output


def test_completion_completes_commands(runner):
    from checker.cli import cli

    result = runner.invoke(cli, [], prog_name="svccheck", env={"_SVCCHECK_COMPLETE": "bash_complete",
                                                                  "COMP_WORDS": "svccheck li", "COMP_CWORD": "1"})
    assert "plain,lint" in result.output


def test_format_choices_are_the_registered_writers():
    from checker.cli import lint as lint_command
    from checker.lint.formats import FORMATS

    (option,) = [p for p in lint_command.params if p.name == "fmt"]
    assert list(option.type.choices) == list(FORMATS)
