"""`match --format xlsx`: the results sheet and a summary sheet."""
from __future__ import annotations

from .. import outputs
from . import Report, writer


@writer("match-xlsx", "path")
def write(path, report: Report) -> None:
    mapping = report.describe().get("mapping", {})  # known before any row
    amount = mapping.get("amount")
    read = set(mapping.values())
    # The amount's sibling columns under one money header (预算金额/一般公共预算 beside 预算金额/合计)
    # hold amounts too: numbers Excel can sum, like the amount itself.
    top = amount.split("/")[0] + "/" if amount and "/" in amount else None
    numeric = frozenset(c for c in report.columns if c == amount or (top and c.startswith(top)))
    outputs.write_xlsx(path, report.results, report.columns, report.lang, report.summary,
                       numeric=numeric,
                       passed_through=frozenset(c for c in report.columns if c not in read), mapping=mapping)
