"""CT21 source-text-missing and CT22 source-text-changed: the published text an edition names.

CT14 (errata) and CT19 (codes and names against the text) can only check an edition against
the text it names: when that text is not where edition.yaml or import.yaml says, they check
nothing, and a maintainer must hear so rather than read "0 errors". When it is there but is not
the text the record's sha256 names, the edition is being checked against another text.
"""
from __future__ import annotations

import hashlib

from ..registry import Finding, Scope, rule
from ..targets import Edition


def _named(meta) -> str | None:
    source = meta.get("source")
    if not isinstance(source, dict):
        return None
    return next((str(source[key]) for key in ("path", "file") if source.get(key)), None)


def _at(meta, key: str) -> tuple[int, int]:
    return meta.pos(key) if hasattr(meta, "pos") else (1, 1)


@rule("CT21", "CT22", scope=Scope.EDITION)
def published_text(edition: Edition):
    if edition.source is None:
        for path, meta in edition.metas:
            named = _named(meta)
            if named is not None:
                line, column = _at(meta, "source")
                yield Finding("CT21", path, line, column, details={"named": named})
                return
        return
    digest = hashlib.sha256(edition.source.read_bytes()).hexdigest()
    for path, meta in edition.metas:
        source = meta.get("source")
        recorded = source.get("sha256") if isinstance(source, dict) else None
        if recorded and str(recorded) != digest:
            line, column = _at(source, "sha256")
            yield Finding("CT22", path, line, column,
                          details={"named": _named(meta) or "", "recorded": str(recorded)[:12], "found": digest[:12]})
