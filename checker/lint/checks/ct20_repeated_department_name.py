"""CT20 repeated-department-name: a department name or keyword listed twice in one sector list.

Harmless to matching, but a sign of a merge gone wrong: a maintainer who adds a keyword that is
already there may have meant another one.
"""
from __future__ import annotations

from ..registry import Finding, Scope, rule
from ..targets import SectorFile


_FIELD_ZH = {"names": "全称", "keywords": "关键词"}  # the field as the message names it


@rule("CT20", scope=Scope.SECTOR)
def repeated_department_name(sector: SectorFile):
    departments = sector.doc["departments"]
    for field in ("names", "keywords"):
        seen: set[str] = set()
        values = departments[field]
        for index, value in enumerate(values):
            if value in seen:
                # At the repeat itself, where the list tells its items' places.
                line, column = values.pos(index) if hasattr(values, "pos") else departments.pos(field)
                yield Finding("CT20", sector.path, line, column,
                              details={"field": _FIELD_ZH[field], "field_en": field, "value": value,
                                       "sector": sector.doc["sector"]})
            seen.add(value)
