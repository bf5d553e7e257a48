"""Lint problems as a SARIF 2.1.0 log, for code-scanning UIs."""
from __future__ import annotations

import os
from pathlib import Path

from .. import rules, yamlio
from .engine import source_for
from .problems import Problem, display_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_uri(file: str) -> dict:
    """An artifactLocation: relative to the working folder (%SRCROOT%) when below it, else absolute."""
    from urllib.parse import quote

    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": "%SRCROOT%"}


def _source_of(file: str) -> Path | None:
    """The published text behind the edition a linted file belongs to, if it can be found."""
    folder = Path(os.path.abspath(file)).parent
    for edition_dir in (folder, folder.parent):
        for name in ("edition.yaml", "import.yaml"):
            if (edition_dir / name).is_file():
                try:
                    source = source_for(edition_dir, yamlio.load(edition_dir / name))
                except yamlio.YamlError:
                    source = None
                if source is not None:
                    return source
    return None


def to_sarif(problems: list[Problem], lang: str = "zh", version: str = "") -> dict:
    """The problems as a SARIF 2.1.0 log for code-scanning UIs: rule metadata from rules/lint.yaml,
    each result at its file, line and column, and the published text's line as a related location."""
    table = rules.load("lint")
    ids = list(table)
    descriptors = []
    for rule in table.values():
        short, full = (rule.why_en, rule.why_zh) if lang == "en" else (rule.why_zh, rule.why_en)
        descriptors.append({
            "id": rule.id, "name": rule.name,
            "shortDescription": {"text": short}, "fullDescription": {"text": full},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"tags": ["catalogue"]},
        })
    sources: dict[str, Path | None] = {}
    results = []
    for p in problems:
        result = {
            "ruleId": p.rule, "ruleIndex": ids.index(p.rule), "level": _SARIF_LEVEL[p.severity],
            "message": {"text": p.message},
            "locations": [{"physicalLocation": {"artifactLocation": _sarif_uri(p.file),
                                                "region": {"startLine": p.line, "startColumn": p.column}}}],
        }
        if p.source_line is not None:
            result["properties"] = {"sourceLine": p.source_line}
            if p.file not in sources:
                sources[p.file] = _source_of(p.file)
            source = sources[p.file]
            if source is not None:
                text = (f"source line {p.source_line} of the published text" if lang == "en"
                        else f"原文第 {p.source_line} 行")
                result["relatedLocations"] = [{
                    "id": 1, "message": {"text": text},
                    "physicalLocation": {"artifactLocation": _sarif_uri(display_path(source)),
                                         "region": {"startLine": p.source_line}},
                }]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "svccheck", **({"version": version} if version else {}),
                                "rules": descriptors}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
