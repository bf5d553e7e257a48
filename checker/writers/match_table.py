"""`match --format table`: a table that fits the terminal (it measures every line first)."""
from __future__ import annotations

from .. import outputs
from . import Report, writer


@writer("match-table", "text", streams=False)
def write(out, report: Report) -> None:
    out.write(outputs.to_table(list(report.summary.tap(report.results)), report.lang, color=report.color))
