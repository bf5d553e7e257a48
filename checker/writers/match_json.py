"""`match --format json`: the results streamed, then how the input was read and the summary."""
from __future__ import annotations

from .. import outputs
from . import Report, writer


@writer("match-json", "binary")
def write(out, report: Report) -> None:
    outputs.write_json(out, report.results, report.meta, report.summary, report.describe)
