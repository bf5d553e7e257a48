"""`review --format json`: every line with its id, whether it needs a decision and the current one."""
from __future__ import annotations

import json

from .. import review
from . import Report, writer


@writer("review-json", "text", streams=False)
def write(out, report: Report) -> None:
    state = report.review
    assert state is not None
    lines = []
    for r, line_id in zip(report.results, state.ids):
        record = r.to_dict()
        record["line_id"] = line_id
        record["needs_decision"] = review.needs_decision(r, state.strict)
        record["decision"] = state.current[line_id].to_dict() if line_id in state.current else None
        lines.append(record)
    out.write(json.dumps({"tool": "svccheck", "catalog": report.edition, "file": report.file, "results": lines},
                         ensure_ascii=False, indent=1) + "\n")
