"""`report -o report.xlsx`: the same content as the page, as a workbook."""
from __future__ import annotations

from .. import reports
from . import Report, writer
from .report_html import report_data


@writer("report-xlsx", "path", streams=False)
def write(path, report: Report) -> None:
    reports.to_xlsx(report_data(report), str(path), report.lang)
