"""`review --format table`: the lines that need a decision, with their department, verdict,
current decision and why; the explanation wraps to the terminal, never cut mid-sentence."""
from __future__ import annotations

import shutil

from .. import review
from ..messages import action, say
from ..outputs import VERDICT_ZH, _clip, _wrap, verdict_reason
from ..text import visible
from . import Report, writer

HEADERS = {"zh": ["行号 ID", "表中行", "部门", "项目", "结论", "当前决定", "说明"],
           "en": ["line id", "row", "department", "item", "verdict", "decision", "why"]}


@writer("review-table", "text", streams=False)
def write(out, report: Report) -> None:
    from tabulate import tabulate

    state, lang = report.review, report.lang
    assert state is not None
    width = shutil.get_terminal_size((120, 24)).columns
    needing = [(r, line_id) for r, line_id in zip(report.results, state.ids) if review.needs_decision(r, state.strict)]
    departments = {r.department for r, _ in needing}
    # One department's lines name it once above, as `match` does; its column's room goes to why.
    single = len(departments) == 1 and bool(next(iter(departments)))
    explain_width = max(24, width - 82 + (14 if single else 0))  # what the other columns leave
    rows = []
    for r, line_id in needing:
        d = state.current.get(line_id)
        if d:
            decision = f"{d.action} ({d.reviewer})" if lang == "en" else f"{action(d.action, lang)}（{d.reviewer}）"
        else:
            decision = "—"
        message = verdict_reason(r, lang)
        rows.append([line_id, r.sheet_row or r.row] + ([] if single else [_clip(r.department, 12)])
                    + [_wrap(r.item, 18), r.verdict if lang == "en" else VERDICT_ZH[r.verdict], decision,
                       _wrap(message, explain_width)])
    if rows:
        headers = [h for i, h in enumerate(HEADERS[lang]) if not (single and i == 2)]
        title = (("department: " if lang == "en" else "部门：") + next(iter(departments)) + "\n") if single else ""
        # An item may hold ESC: shown as a picture, never sent to the terminal.
        out.write(visible(title + tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)) + "\n")


def footer(report: Report) -> str:
    """How many lines were recorded and how many still need a decision (for stderr)."""
    state = report.review
    assert state is not None
    needing = [line_id for r, line_id in zip(report.results, state.ids) if review.needs_decision(r, state.strict)]
    undecided = sum(1 for line_id in needing if line_id not in state.current)
    decided = len(needing) - undecided
    lines = len(state.ids)
    return say("review-footer", report.lang, lines=lines, db=state.db, undecided=undecided,
               decided=say("review-footer-decided", report.lang, count=decided) if decided else "")
