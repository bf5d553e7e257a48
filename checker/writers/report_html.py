"""`report -o report.html`: the reviewer's self-contained page (checker/reports.py renders it)."""
from __future__ import annotations

from pathlib import Path

from .. import reports
from . import Report, writer


def report_data(report: Report) -> "reports.ReportData":
    state = report.review
    assert state is not None
    return reports.ReportData(report.file, report.edition, state.generated_at, list(report.results), state.ids,
                              state.history, state.blocking, state.chain_head, state.chain_ok, state.strict)


@writer("report-html", "path", streams=False)
def write(path, report: Report) -> None:
    Path(path).write_text(reports.to_html(report_data(report), report.lang), encoding="utf-8")
