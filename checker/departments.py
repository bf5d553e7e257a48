"""Budget department → the sector lists it buys from, from the names and keywords the catalogue carries."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .catalog import Catalog

_SPACES = re.compile(r"\s+")
# Words of department names that hold a sector's keyword by accident: 民政 inside 人民政府
# (大同市人民政府外事办公室 is not a 民政 department) and inside 人民政治协商会议.
_NOT_A_KEYWORD_HERE = ("人民政府", "人民政治", "人民政协")


def _norm(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).replace("(", "（").replace(")", "）")


def _find_outside(text: str, keyword: str, masked: list[tuple[int, int]]) -> int:
    """The first place of keyword in text that is not strictly inside one of the masked words."""
    start = text.find(keyword)
    while start >= 0:
        end = start + len(keyword)
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e in masked):
            return start
        start = text.find(keyword, start + 1)
    return -1


@dataclass(frozen=True)
class Resolution:
    """The sector lists of a department and how they were found."""

    sectors: tuple[str, ...]
    how: str  # name | keyword | override | unknown


class DepartmentIndex:
    """Resolves department names, caching each distinct name."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.by_name: dict[str, list[str]] = {}
        self.keywords: list[tuple[str, str]] = []
        for sector in catalog.sectors:
            for name in sector.names:
                self.by_name.setdefault(_norm(name), []).append(sector.name)
            for keyword in sector.keywords:
                self.keywords.append((_norm(keyword), sector.name))
            self.keywords.append((_norm(sector.name), sector.name))
        # Longer keywords first, so that 人力资源和社会保障 is tried before 社会保障.
        self.keywords.sort(key=lambda kv: -len(kv[0]))
        self._cache: dict[str, Resolution] = {}

    def resolve(self, department: str) -> Resolution:
        """The sector lists for a department name (exact name, else every keyword it contains)."""
        if department in self._cache:  # the same name repeats on every line of a department
            return self._cache[department]
        key = _norm(department)
        if key in self.by_name:
            result = Resolution(tuple(self.by_name[key]), "name")
        else:
            found: list[str] = []
            taken: list[tuple[int, int]] = []
            masked = [(m.start(), m.end()) for w in _NOT_A_KEYWORD_HERE for m in re.finditer(w, key)]
            for keyword, sector in self.keywords:
                start = _find_outside(key, keyword, masked) if keyword else -1
                if start < 0:
                    continue
                span = (start, start + len(keyword))
                # A keyword inside a longer one already matched is part of that name, not another sector.
                if any(s <= span[0] and span[1] <= e and (s, e) != span for s, e in taken):
                    continue
                taken.append(span)
                if sector not in found:
                    found.append(sector)
            result = Resolution(tuple(found), "keyword") if found else Resolution((), "unknown")
        self._cache[department] = result
        return result

    def sector_names(self, text: str) -> tuple[str, ...]:
        """Sector lists named in a `sector` column or --sector (names or keywords, ；/,-separated)."""
        out: list[str] = []
        for part in re.split(r"[;；,，、/]", text):
            part = part.strip()
            if not part:
                continue
            if part in self.catalog.by_name:
                out.append(part)
                continue
            hit = next((s.name for s in self.catalog.sectors if _norm(s.name) == _norm(part)), None)
            out.extend([hit] if hit else [s for s in self.resolve(part).sectors if s not in out])
        return tuple(dict.fromkeys(out))
