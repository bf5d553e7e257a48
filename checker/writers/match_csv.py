"""`match --format csv`: the input's columns, then the result columns (Chinese headers by default)."""
from __future__ import annotations

from .. import outputs
from . import Report, writer


@writer("match-csv", "text")
def write(out, report: Report) -> None:
    outputs.write_csv(out, report.results, report.columns, report.lang, report.summary)
