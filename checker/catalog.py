"""The catalogue as the matcher sees it: sectors, their level-4 entries and the misprints.

Loading the YAML edition takes a few hundred milliseconds, so a compiled JSON form is
kept in the user's cache folder and rebuilt whenever any file of the edition changes
(its key is the size and modification time of every file).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import codes, paths

COMPILED_VERSION = 3


@dataclass(frozen=True)
class Entry:
    """A level-4 entry of one sector list."""

    sector: str
    code: str
    name: str
    line: int
    parents: tuple[str, ...]  # names of levels 1-3 above it
    parts: tuple[str, ...] = ()


@dataclass
class Sector:
    """One sector list."""

    name: str
    order: int
    names: list[str]
    keywords: list[str]
    entries: list[Entry] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # every code of the list, all levels → name


@dataclass(frozen=True)
class Misprint:
    """A code as printed that an erratum corrects."""

    printed: str
    corrected: str
    sector: str
    erratum: str
    line: int


class CatalogError(Exception):
    """The catalogue edition cannot be loaded."""


@dataclass
class Catalog:
    """A loaded edition."""

    edition: dict
    sectors: list[Sector]
    levels: dict[str, str]
    misprints: dict[str, list[Misprint]]
    errata: dict[str, dict]
    path: Path | None = None  # the edition folder it was loaded from
    signature: str = ""  # its files' names, sizes and times when loaded (what the compiled cache is keyed by)

    def __post_init__(self):
        self.by_name = {s.name: s for s in self.sectors}
        self.sectors_with_code: dict[str, list[str]] = {}
        for sector in self.sectors:
            for code in sector.codes:
                self.sectors_with_code.setdefault(code, []).append(sector.name)

    @property
    def edition_id(self) -> str:
        """Short identifier of the edition (e.g. shanxi-2025 晋财综〔2025〕28号)."""
        # An edition without its edition.yaml (a new import) is named by its folder, not "?".
        fallback = f"{self.path.name} (no edition.yaml)" if self.path is not None else "?"
        return f"{self.edition.get('id') or fallback} {self.edition.get('document_number', '')}".strip()

    def entry(self, sector: str, code: str) -> Entry | None:
        """The level-4 entry `code` of `sector`, if it has one."""
        for e in self.by_name[sector].entries:
            if e.code == code:
                return e
        return None

    def all_entries(self) -> list[Entry]:
        """Every level-4 entry of every list, in catalogue order."""
        return [e for s in self.sectors for e in s.entries]


def _walk(nodes, parents, sector: Sector):
    for node in nodes:
        code = str(node["code"])
        sector.codes[code] = node["name"]
        if codes.level_of(code) == 4 and codes.WELL_FORMED.match(code):
            sector.entries.append(
                Entry(sector.name, code, node["name"], int(node["line"]), tuple(parents), tuple(node.get("parts", ())))
            )
        _walk(node.get("children", []), parents + [node["name"]], sector)


def _read_yaml(path: Path):
    """A catalogue file through the safe reader (size, depth and alias limits: no billion laughs)."""
    from . import yamlio

    try:
        return yamlio.load(path)
    except yamlio.YamlError as exc:
        raise CatalogError(f"{exc}; run `svccheck lint {path.parent}`") from None


def _mapping(path: Path) -> dict:
    """An edition file that must hold a mapping (an absent optional file is empty)."""
    if not path.exists() and not path.is_symlink():
        return {}
    doc = _read_yaml(path) or {}
    if not isinstance(doc, dict):
        raise CatalogError(f"{path}: holds a {type(doc).__name__}, not a mapping; run `svccheck lint {path.parent}`")
    return doc


def _compile(edition_dir: Path) -> dict:
    """The plain-data form of an edition."""
    sector_files = sorted((edition_dir / "sectors").glob("*.yaml"))
    if not sector_files:
        raise CatalogError(f"{edition_dir}: no sector files under sectors/")
    sectors = []
    for path in sector_files:
        doc = _read_yaml(path)
        try:
            sector = Sector(doc["sector"], int(doc["order"]), list(doc["departments"]["names"]),
                            list(doc["departments"]["keywords"]))
            _walk(doc["nodes"], [], sector)
        except (KeyError, TypeError, ValueError) as exc:
            what = f"no {exc.args[0]}" if isinstance(exc, KeyError) and exc.args else type(exc).__name__
            raise CatalogError(f"{path}: not a valid sector file ({what}); run `svccheck lint {edition_dir}`") from None
        sectors.append(sector)
    sectors.sort(key=lambda s: s.order)
    levels = _mapping(edition_dir / "levels.yaml").get("levels", {})
    edition = _mapping(edition_dir / "edition.yaml")
    errata_doc = _mapping(edition_dir / "errata.yaml")
    if not isinstance(levels, dict) or not isinstance(errata_doc.get("errata", []), list):
        raise CatalogError(f"{edition_dir}: levels.yaml or errata.yaml is not shaped as an edition's; "
                           f"run `svccheck lint {edition_dir}`")
    errata = {str(e["id"]): e for e in (errata_doc or {}).get("errata", [])}
    return {
        "version": COMPILED_VERSION,
        "edition": json.loads(json.dumps(edition or {}, default=str)),
        "levels": {str(k): str(v) for k, v in levels.items()},
        "errata": json.loads(json.dumps(errata, default=str)),
        "sectors": [
            {"name": s.name, "order": s.order, "names": s.names, "keywords": s.keywords, "codes": s.codes,
             "entries": [[e.code, e.name, e.line, list(e.parents), list(e.parts)] for e in s.entries]}
            for s in sectors
        ],
    }


def _from_compiled(data: dict) -> Catalog:
    sectors = []
    for s in data["sectors"]:
        sector = Sector(s["name"], s["order"], s["names"], s["keywords"], codes=s["codes"])
        sector.entries = [Entry(s["name"], c, n, ln, tuple(p), tuple(pt)) for c, n, ln, p, pt in s["entries"]]
        sectors.append(sector)
    misprints: dict[str, list[Misprint]] = {}
    for eid, e in data["errata"].items():
        if e.get("field") == "code":
            m = Misprint(str(e["printed"]), str(e["corrected"]), str(e.get("sector", "")), eid, int(e["line"]))
            misprints.setdefault(m.printed, []).append(m)
    return Catalog(data["edition"], sectors, data["levels"], misprints, data["errata"])


def _cache_key(edition_dir: Path) -> str:
    h = hashlib.sha256(str(COMPILED_VERSION).encode())
    for path in sorted(edition_dir.rglob("*.yaml")):
        st = path.stat()
        h.update(f"{path.relative_to(edition_dir)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    h.update(str(edition_dir.resolve()).encode())
    return h.hexdigest()[:24]


def cache_dir() -> Path:
    """Where compiled catalogues are kept ($SVCCHECK_CACHE, else the user cache folder)."""
    if os.environ.get("SVCCHECK_CACHE"):
        return Path(os.environ["SVCCHECK_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "svccheck"


CACHE_FILES_KEPT = 4


def prune_cache(pattern: str, keep: int = CACHE_FILES_KEPT) -> None:
    """Keep the newest few cache files of a kind: each edit of an edition or its rules makes a new one."""
    stored = sorted(cache_dir().glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in stored[keep:]:
        old.unlink(missing_ok=True)


def load(edition_dir: Path | None = None) -> Catalog:
    """Load an edition (default: the bundled one), through the compiled cache when fresh.

    Any defect of the edition's files (a dangling symlink, a symlink loop, a list where a
    mapping belongs, an erratum without an id) is a CatalogError that sends the user to lint.
    """
    edition_dir = Path(edition_dir) if edition_dir else paths.catalog_dir()
    try:
        return _load(edition_dir)
    except CatalogError:
        raise
    except (OSError, KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise CatalogError(f"{edition_dir}: not a usable catalogue edition ({type(exc).__name__}: {exc}); "
                           f"run `svccheck lint {edition_dir}`") from None


def _load(edition_dir: Path) -> Catalog:
    if not (edition_dir / "sectors").is_dir():
        raise CatalogError(f"{edition_dir}: not a catalogue edition (no sectors/ folder)")
    key = _cache_key(edition_dir)
    cached = cache_dir() / f"catalog-{key}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data.get("version") == COMPILED_VERSION:
            return _with_path(_from_compiled(data), edition_dir, key)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # a missing or damaged cache is rebuilt
    data = _compile(edition_dir)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cached)
        prune_cache("catalog-*.json")
    except OSError:
        pass  # a read-only home still works, just without the cache
    return _with_path(_from_compiled(data), edition_dir, key)


def _with_path(catalog: Catalog, edition_dir: Path, key: str) -> Catalog:
    catalog.path, catalog.signature = edition_dir, key
    return catalog
