"""`svccheck lint`: check catalogue YAML for the defects of the published text and more.

Checks yield (rule id, position, details); the engine stamps severity and renders the
message from rules/lint.yaml, so a rule's wording and severity live in data.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import codes, importer, paths, rules, yamlio
from .text import WRAP_SPACE, unwrap

_BUNDLE_HARD = re.compile(r"[；;]")
_BUNDLE_SOFT = re.compile(r"[，,]\s*")
_SERVICE_END = re.compile(r"(服务|活动|节目)$")


@dataclass(frozen=True)
class Problem:
    """One finding of lint at a file position (1-based line and column)."""

    rule: str
    name: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    source_line: int | None = None
    details: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """The JSON record."""
        out = {
            "rule": self.rule, "name": self.name, "severity": self.severity, "message": self.message,
            "file": self.file, "line": self.line, "column": self.column,
        }
        if self.source_line is not None:
            out["source_line"] = self.source_line
        return out

    def check_tuple(self) -> tuple[str, int, int]:
        """(rule, line, column): what tests compare, independent of wording."""
        return (self.rule, self.line, self.column)


class Collector:
    """Gathers findings for one run and renders them through the rule table."""

    def __init__(self, lang: str = "zh"):
        self.lang = lang
        self.rules = rules.load("lint")
        self.problems: list[Problem] = []

    def add(self, rule_id: str, path: Path, line: int, column: int, source_line: int | None = None, **details):
        rule = self.rules[rule_id]
        self.problems.append(
            Problem(rule.id, rule.name, rule.severity, rule.message(self.lang, **details),
                    _display(path), line, column, source_line, details)
        )


def _display(path: Path) -> str:
    """A path as the user would type it: relative below the working folder, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


@lru_cache(maxsize=None)
def _validator():
    import jsonschema

    schema = json.loads(paths.schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _position(doc, path_parts) -> tuple[int, int]:
    """Line and column of the value at a JSON-Schema error path, as near as it can be found."""
    node, pos = doc, (getattr(doc, "line", 1), getattr(doc, "column", 1))
    for part in path_parts:
        if isinstance(node, yamlio.LineDict) and part in node:
            pos = node.pos(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            pos = (getattr(node, "line", pos[0]), getattr(node, "column", pos[1]))
        else:
            break
    return pos


UNREADABLE = object()


def _read_yaml(path: Path, out: Collector):
    """Load a YAML file, reporting unreadable files and duplicate keys; UNREADABLE if it cannot be read."""
    duplicates: list[yamlio.YamlIssue] = []
    try:
        data = yamlio.load(path, duplicates)
    except yamlio.YamlError as exc:
        out.add("CT01", path, max(exc.issue.line, 1), max(exc.issue.column, 1), detail=exc.issue.message)
        return UNREADABLE
    for issue in duplicates:
        key = issue.message.split('"')[1]
        first = re.search(r"first at line (\d+)", issue.message)
        out.add("CT02", path, issue.line, issue.column, key=key, first_line=first.group(1) if first else "?")
    return data


@dataclass
class EditionContext:
    """What sector checks need from the edition around them."""

    levels: dict[str, str] = field(default_factory=dict)


def _levels(path: Path, out: Collector) -> dict[str, str]:
    """The canonical level names of an edition (empty when it has no readable levels.yaml)."""
    if not path.exists():
        return {}
    levels = _read_yaml(path, out)
    if isinstance(levels, dict) and isinstance(levels.get("levels"), dict):
        return {str(k): str(v) for k, v in levels["levels"].items()}
    return {}


def check_sector_file(path: Path, ctx: EditionContext, out: Collector) -> dict | None:
    """Lint one sector file; return its data when it is structurally usable."""
    doc = _read_yaml(path, out)
    if doc is UNREADABLE:
        return None
    schema_errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    for error in schema_errors:
        line, col = _position(doc, list(error.absolute_path))
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        out.add("CT03", path, line, col, detail=f"{where}: {error.message}")
    if schema_errors:
        return None
    sector = doc["sector"]
    roots = doc["nodes"]
    if roots and not (roots[0]["code"] == "A" and roots[0]["level"] == 1):
        first = roots[0]
        out.add("CT08", path, first.line, first.column, first["line"], sector=sector, code=first["code"],
                name=first["name"])
    seen: dict[str, int] = {}

    def visit(node, parent):
        at = (path, node.line, node.column, node["line"])
        code, name, level = node["code"], node["name"], node["level"]
        check = codes.check_code(code)
        if not check.well_formed:
            if code.isdigit() and codes.level_of(code):
                out.add("CT05", *at, code=code)
            else:
                out.add("CT04", *at, code=code)
        usable = code if check.well_formed else ("A" + code if code.isdigit() else None)
        code_level = codes.level_of(usable) if usable else None
        if code_level and code_level != level:
            out.add("CT07", *at, code=code, name=name, level=level, code_level=code_level)
        # A parent printed in the wrong column pulls its siblings under it; its own CT07
        # already explains that, so the cascade is not reported again.
        if usable and parent is not None and not _misplaced(parent):
            parent_code = parent["code"] if codes.WELL_FORMED.match(parent["code"]) else "A" + parent["code"]
            if codes.parent_of(usable) != parent_code:
                out.add("CT06", *at, code=code, parent=parent["code"])
        if WRAP_SPACE.search(name):
            out.add("CT09", *at, name=name, fixed=unwrap(name))
        if usable and code_level and code_level <= 3:
            canonical = ctx.levels.get(usable)
            if canonical is None:
                if ctx.levels:
                    out.add("CT16", *at, code=code, name=name)
            elif unwrap(name) != canonical:
                out.add("CT10", *at, code=code, name=name, canonical=canonical)
        if usable in seen:
            out.add("CT11", *at, code=code, sector=sector, first_line=seen[usable])
        elif usable:
            seen[usable] = node["line"]
        children = node.get("children", [])
        if code_level == 3 and not children and "lost" not in node:
            out.add("CT12", *at, code=code, name=name)
        if code_level == 4 and "parts" not in node and _is_bundled(name):
            out.add("CT13", *at, code=code, name=name)
        for child in children:
            visit(child, node)

    for root in roots:
        visit(root, None)
    return doc


def _misplaced(node) -> bool:
    """Whether a node's column disagrees with its code's level."""
    code = node["code"] if codes.WELL_FORMED.match(node["code"]) else "A" + node["code"]
    return codes.level_of(code) not in (None, node["level"])


def _is_bundled(name: str) -> bool:
    """Whether a level-4 name lists several services (；-separated, or comma between services)."""
    if _BUNDLE_HARD.search(name):
        return True
    parts = _BUNDLE_SOFT.split(name)
    return len(parts) > 1 and all(_SERVICE_END.search(p.strip()) for p in parts)


def _source_for(edition_dir: Path, meta: dict | None) -> Path | None:
    """The published text an edition was imported from, if it can be found."""
    source = (meta or {}).get("source") if isinstance(meta, dict) else None
    if not isinstance(source, dict):
        return None
    for key in ("path", "file"):
        if source.get(key):
            candidate = (edition_dir / str(source[key])).resolve()
            if candidate.is_file():
                return candidate
    return None


def lint_edition(edition_dir: Path, out: Collector) -> None:
    """Lint a whole edition folder: its sector files, levels, errata and import record."""
    ctx = EditionContext(_levels(edition_dir / "levels.yaml", out))
    edition_meta = _read_yaml(edition_dir / "edition.yaml", out) if (edition_dir / "edition.yaml").exists() else None
    import_meta = _read_yaml(edition_dir / "import.yaml", out) if (edition_dir / "import.yaml").exists() else None
    docs = []
    for path in sorted((edition_dir / "sectors").glob("*.yaml")):
        doc = check_sector_file(path, ctx, out)
        if doc is not None:
            docs.append((path, doc))
    _check_keywords(docs, out)
    source = _source_for(edition_dir, edition_meta) or _source_for(edition_dir, import_meta)
    errata_path = edition_dir / "errata.yaml"
    if errata_path.exists():
        errata_doc = _read_yaml(errata_path, out)
        if isinstance(errata_doc, dict) and source is not None:
            _check_errata(errata_path, errata_doc, source, out)
    if isinstance(import_meta, dict):
        for item in import_meta.get("unparsed") or []:
            out.add("CT15", edition_dir / "import.yaml", getattr(item, "line", 1), 1, item.get("line"),
                    source=item.get("line"), text=item.get("text"))


def _check_errata(path: Path, doc, source: Path, out: Collector) -> None:
    table = importer.parse_source(source.read_bytes().decode("utf-8-sig"))
    by_line = {row.line: row for row in table.rows}
    for item in (doc.get("errata") or []) if isinstance(doc, dict) else []:
        try:
            erratum = importer.Erratum.from_yaml(item)
        except (KeyError, TypeError, ValueError) as exc:
            out.add("CT14", path, getattr(item, "line", 1), 1, erratum=item.get("id", "?") if isinstance(item, dict)
                    else "?", detail=f"incomplete record ({exc})")
            continue
        problem = importer.check_erratum(erratum, by_line)
        if problem:
            out.add("CT14", path, erratum.yaml_line or 1, 1, erratum.line, erratum=erratum.id, detail=problem)


def _check_keywords(docs, out: Collector) -> None:
    owner: dict[str, str] = {}
    for path, doc in docs:
        deps = doc["departments"]
        for keyword in deps["keywords"]:
            if keyword in owner and owner[keyword] != doc["sector"]:
                line, col = deps.pos("keywords")
                out.add("CT17", path, line, col, keyword=keyword, sector=doc["sector"], other=owner[keyword])
            owner.setdefault(keyword, doc["sector"])


EDITION_FILES = ("edition.yaml", "levels.yaml", "errata.yaml", "import.yaml")


def _is_edition(folder: Path) -> bool:
    return folder.is_dir() and (folder / "sectors").is_dir()


def lint(targets: list[Path], lang: str = "zh") -> list[Problem]:
    """Lint edition folders and single files; problems sorted by file and position.

    A file of an edition's own (edition.yaml, levels.yaml, errata.yaml, import.yaml) stands
    for its whole edition, which is linted once however many of its files are named (as a
    pre-commit hook names them); a sector file of an edition so linted is not linted again.
    Any other file is a sector file, checked against the levels of the edition around it.
    """
    out = Collector(lang)
    editions: list[Path] = []
    files: list[tuple[Path, bool]] = []  # (path, with the levels of the edition around it)
    for target in targets:
        if _is_edition(target):
            editions.append(target)
        elif target.is_dir():
            files.extend((path, False) for path in sorted(target.rglob("*.yaml")))
        elif target.name in EDITION_FILES and _is_edition(target.parent):
            editions.append(target.parent)
        else:
            files.append((target, True))
    linted: set[Path] = set()
    for edition in editions:
        if edition.resolve() not in linted:
            linted.add(edition.resolve())
            lint_edition(edition, out)
    seen: set[Path] = set()
    for path, with_levels in files:
        resolved = path.resolve()
        if resolved in seen or (resolved.parent.name == "sectors" and resolved.parent.parent in linted):
            continue
        seen.add(resolved)
        ctx = EditionContext(_levels(resolved.parent.parent / "levels.yaml", out)) if with_levels else EditionContext()
        check_sector_file(path, ctx, out)
    return sorted(set(out.problems), key=lambda p: (p.file, p.line, p.column, p.rule))


def exit_code(problems: list[Problem], strict: bool) -> int:
    """0 clean, 1 when an error (or, with strict, a warning) was found."""
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(p.severity in failing for p in problems) else 0


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
                    source = _source_for(edition_dir, yamlio.load(edition_dir / name))
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
                    "physicalLocation": {"artifactLocation": _sarif_uri(_display(source)),
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


def configure(problems: list[Problem], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
              severities: dict[str, str] | None = None) -> list[Problem]:
    """Only the rules selected (ids or id prefixes: `CT0`, `CT14`; all when none), less those
    ignored, with a severity set per rule where the maintainer wants another (`CT05=error`)."""
    from dataclasses import replace

    def matches(rule: str, patterns: tuple[str, ...]) -> bool:
        return any(rule == p or rule.startswith(p) for p in patterns)

    out = []
    for p in problems:
        if (select and not matches(p.rule, select)) or matches(p.rule, ignore):
            continue
        if severities and p.rule in severities:
            p = replace(p, severity=severities[p.rule])
        out.append(p)
    return out
