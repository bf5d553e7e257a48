"""`match --format xlsx`: the results sheet and a summary sheet."""
from __future__ import annotations

from .. import outputs
from . import Report, writer


@writer("match-xlsx", "path")
def write(path, report: Report) -> None:
    amount = report.describe().get("mapping", {}).get("amount")  # the mapping is known before any row
    outputs.write_xlsx(path, report.results, report.columns, report.lang, report.summary,
                       numeric=frozenset([amount]) if amount else frozenset())
