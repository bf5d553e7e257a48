"""The lint engine: read each file of an edition once and hand it to the checks of its scope.

Checks (checker/lint/checks/) yield findings; the engine stamps severity and renders the
message from rules/lint.yaml, so a rule's wording and severity live in data. What the engine
itself decides is only what can be walked: a file that cannot be read, or a sector file that
does not follow the schema, is reported by its rule and not looked into further.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import paths, yamlio
from .problems import Collector, Problem
from .registry import Scope, by_scope
from .targets import Edition, ErrataFile, ImportRecord, NodeVisit, PublishedText, SectorFile, YamlFile

UNREADABLE = object()
EDITION_FILES = ("edition.yaml", "levels.yaml", "errata.yaml", "import.yaml")


@lru_cache(maxsize=None)
def _validator():
    import jsonschema

    schema = json.loads(paths.schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


class Run:
    """One lint run: the registered checks by scope and the findings they report."""

    def __init__(self, lang: str):
        self.out = Collector(lang)
        self.checks = by_scope()
        self.sources: dict[Path, Path | None] = {}  # edition folder → its published text

    def apply(self, scope: Scope, target: Any) -> None:
        """Hand a target to every check of its scope and keep what they find."""
        for implementation in self.checks[scope]:
            for finding in implementation.check(target):
                if finding.rule not in implementation.ids:
                    raise AssertionError(f"{implementation.module} reported {finding.rule}, "
                                         f"registered for {', '.join(implementation.ids)}")
                self.out.add(finding.rule, finding.path, finding.line, finding.column, finding.source_line,
                             **finding.details)

    def read_yaml(self, path: Path) -> Any:
        """A YAML file's data, or UNREADABLE; the FILE checks see it as read."""
        duplicates: list[yamlio.YamlIssue] = []
        try:
            data, error = yamlio.load(path, duplicates), None
        except yamlio.YamlError as exc:
            data, error = UNREADABLE, exc.issue
        self.apply(Scope.FILE, YamlFile(path, None if data is UNREADABLE else data, error, tuple(duplicates)))
        return data

    def levels(self, path: Path) -> dict[str, str]:
        """The canonical level names of an edition (empty when it has no readable levels.yaml)."""
        if not path.exists():
            return {}
        levels = self.read_yaml(path)
        if isinstance(levels, dict) and isinstance(levels.get("levels"), dict):
            return {str(k): str(v) for k, v in levels["levels"].items()}
        return {}

    def sector_file(self, path: Path, levels: dict[str, str]) -> SectorFile | None:
        """Lint one sector file; the file when it follows the schema, else None."""
        doc = self.read_yaml(path)
        if doc is UNREADABLE:
            return None
        errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        sector = SectorFile(path, doc, errors, levels)
        self.apply(Scope.SECTOR_FILE, sector)
        if not sector.usable:
            return None
        self.apply(Scope.SECTOR, sector)
        for root in doc["nodes"]:
            self._visit(root, None, sector)
        return sector

    def _visit(self, node, parent, sector: SectorFile) -> None:
        # Parents before children: a check's memo (CT11's first occurrence) follows the
        # order of the printed text.
        visit = NodeVisit(node, parent, sector)
        self.apply(Scope.NODE, visit)
        for child in visit.children:
            self._visit(child, node, sector)

    def edition(self, folder: Path) -> None:
        """Lint a whole edition folder: its sector files, levels, errata and import record."""
        levels = self.levels(folder / "levels.yaml")
        edition_meta = self.read_yaml(folder / "edition.yaml") if (folder / "edition.yaml").exists() else None
        import_meta = self.read_yaml(folder / "import.yaml") if (folder / "import.yaml").exists() else None
        sectors = []
        for path in sorted((folder / "sectors").glob("*.yaml")):
            sector = self.sector_file(path, levels)
            if sector is not None:
                sectors.append(sector)
        glosses = [(path, doc) for path in sorted((folder / "glosses").glob("*.yaml"))
                   if (doc := self.read_yaml(path)) is not UNREADABLE]
        source = published_text(folder, edition_meta, import_meta)
        metas = [(folder / name, meta) for name, meta in (("edition.yaml", edition_meta), ("import.yaml", import_meta))
                 if isinstance(meta, dict)]
        self.apply(Scope.EDITION, Edition(folder, sectors, glosses, metas, source))
        errata_path = folder / "errata.yaml"
        if errata_path.exists():
            errata_doc = self.read_yaml(errata_path)
            if isinstance(errata_doc, dict) and source is not None:
                self.apply(Scope.ERRATA, ErrataFile(errata_path, errata_doc, source))
        if isinstance(import_meta, dict):
            self.apply(Scope.IMPORT, ImportRecord(folder / "import.yaml", import_meta))
        if source is not None:
            self.apply(Scope.SOURCE, PublishedText(sectors, source, errata_path if errata_path.exists() else None))

    def against_source(self, sector: SectorFile, folder: Path) -> None:
        """A sector file named on its own, against the published text of the edition around it
        (whose own files are read, once per edition, but not linted: they were not named)."""
        if folder not in self.sources:
            metas = []
            for name in ("edition.yaml", "import.yaml"):
                try:
                    metas.append(yamlio.load(folder / name) if (folder / name).exists() else None)
                except yamlio.YamlError:
                    metas.append(None)
            self.sources[folder] = published_text(folder, *metas)
        source = self.sources[folder]
        if source is not None:
            errata = folder / "errata.yaml"
            self.apply(Scope.SOURCE, PublishedText([sector], source, errata if errata.exists() else None))


def published_text(edition_dir: Path, edition_meta: Any, import_meta: Any) -> Path | None:
    """The published text an edition names, in edition.yaml or else in its import record."""
    return source_for(edition_dir, edition_meta) or source_for(edition_dir, import_meta)


def source_for(edition_dir: Path, meta: Any) -> Path | None:
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


def _is_edition(folder: Path) -> bool:
    return folder.is_dir() and (folder / "sectors").is_dir()


def lint(targets: list[Path], lang: str = "zh") -> list[Problem]:
    """Lint edition folders and single files; problems sorted by file and position.

    A file of an edition's own (edition.yaml, levels.yaml, errata.yaml, import.yaml) stands
    for its whole edition, which is linted once however many of its files are named (as a
    pre-commit hook names them); a sector file of an edition so linted is not linted again.
    Any other file is a sector file, checked against the levels of the edition around it.
    """
    run = Run(lang)
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
            run.edition(edition)
    seen: set[Path] = set()
    for path, with_levels in files:
        resolved = path.resolve()
        if resolved in seen or (resolved.parent.name == "sectors" and resolved.parent.parent in linted):
            continue
        seen.add(resolved)
        sector = run.sector_file(path, run.levels(resolved.parent.parent / "levels.yaml") if with_levels else {})
        if sector is not None and with_levels and _is_edition(resolved.parent.parent):
            run.against_source(sector, resolved.parent.parent)
    return sorted(set(run.out.problems), key=lambda p: (p.file, p.line, p.column, p.rule))
