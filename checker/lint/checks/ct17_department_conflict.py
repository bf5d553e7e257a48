"""CT17 department-conflict: one department keyword in two sector lists of an edition."""
from __future__ import annotations

from ..registry import Finding, Scope, rule
from ..targets import Edition


@rule("CT17", scope=Scope.EDITION)
def department_conflict(edition: Edition):
    owner: dict[str, str] = {}
    for sector in edition.sectors:
        name, departments = sector.doc["sector"], sector.doc["departments"]
        for keyword in departments["keywords"]:
            if keyword in owner and owner[keyword] != name:
                line, column = departments.pos("keywords")
                yield Finding("CT17", sector.path, line, column,
                              details={"keyword": keyword, "sector": name, "other": owner[keyword]})
            owner.setdefault(keyword, name)
