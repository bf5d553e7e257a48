"""What the checks of each scope are given: the file or node they look at and its surroundings."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import codes, yamlio
from .registry import Finding


@dataclass(frozen=True)
class YamlFile:
    """Scope FILE: a YAML file as the safe loader read it (data is None when it could not)."""

    path: Path
    data: Any
    error: yamlio.YamlIssue | None
    duplicates: tuple[yamlio.YamlIssue, ...]


@dataclass
class SectorFile:
    """Scopes SECTOR_FILE and SECTOR: one sector file, with the level names of its edition."""

    path: Path
    doc: Any
    schema_errors: list  # jsonschema ValidationErrors, sorted by where they stand
    levels: dict[str, str]
    _memos: dict[str, dict] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """Whether the file follows the schema, so that its nodes can be walked."""
        return not self.schema_errors

    def memo(self, rule_id: str) -> dict:
        """What a node check notes across the nodes of this file (the codes seen so far)."""
        return self._memos.setdefault(rule_id, {})


@dataclass(frozen=True)
class NodeVisit:
    """Scope NODE: one node of a usable sector file, its parent, and the file."""

    node: yamlio.LineDict
    parent: yamlio.LineDict | None
    sector: SectorFile

    @property
    def code(self) -> str:
        return self.node["code"]

    @property
    def name(self) -> str:
        return self.node["name"]

    @property
    def level(self) -> int:
        """The level of the column the name stands in."""
        return self.node["level"]

    @property
    def children(self) -> list:
        return self.node.get("children", [])

    @cached_property
    def well_formed(self) -> bool:
        return codes.check_code(self.code).well_formed

    @cached_property
    def usable_code(self) -> str | None:
        """The code as written when well formed, with the printed text's lost `A` put back
        when it is digits only, else None: the code the tree checks reason about."""
        if self.well_formed:
            return self.code
        return "A" + self.code if self.code.isdigit() else None

    @cached_property
    def code_level(self) -> int | None:
        """The level the usable code's length says."""
        return codes.level_of(self.usable_code) if self.usable_code else None

    def finding(self, rule_id: str, **details) -> Finding:
        """A finding at this node, with the published text's line it came from."""
        return Finding(rule_id, self.sector.path, self.node.line, self.node.column, self.node["line"], details)


@dataclass(frozen=True)
class Edition:
    """Scope EDITION: the usable sector files of one edition folder, in file order."""

    folder: Path
    sectors: list[SectorFile]
    glosses: list[tuple[Path, Any]] = field(default_factory=list)  # glosses/*.yaml that could be read
    metas: list[tuple[Path, Any]] = field(default_factory=list)  # edition.yaml, import.yaml as read
    source: Path | None = None  # the published text they name, when it was found


@dataclass(frozen=True)
class ErrataFile:
    """Scope ERRATA: an edition's errata.yaml (a mapping) and the published text it corrects."""

    path: Path
    doc: dict
    source: Path


@dataclass(frozen=True)
class PublishedText:
    """Scope SOURCE: sector files of an edition (all, or the ones named), the published text the
    edition was imported from, and its errata.yaml if it has one."""

    sectors: list[SectorFile]
    source: Path
    errata: Path | None


@dataclass(frozen=True)
class ImportRecord:
    """Scope IMPORT: an edition's import.yaml (a mapping)."""

    path: Path
    doc: dict
