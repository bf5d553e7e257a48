"""`match --format xlsx`: the results sheet and a summary sheet."""
from __future__ import annotations

from .. import outputs
from . import Report, writer


@writer("match-xlsx", "path")
def write(path, report: Report) -> None:
    mapping = report.describe().get("mapping", {})  # known before any row
    amount = mapping.get("amount")
    read = set(mapping.values())
    outputs.write_xlsx(path, report.results, report.columns, report.lang, report.summary,
                       numeric=frozenset([amount]) if amount else frozenset(),
                       passed_through=frozenset(c for c in report.columns if c not in read), mapping=mapping)
