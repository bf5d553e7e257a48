"""The output formats of `svccheck lint`, by name: each writes the problems to standard output
(and text its summary to standard error)."""
from __future__ import annotations

import json
from collections.abc import Callable

import click

from ..text import visible
from .problems import Problem
from .sarif import to_sarif

Writer = Callable[[list[Problem], str], None]


def _echo(message: str, err: bool = False) -> None:
    # A name or an item may hold ESC or a bidi override; a terminal must show it, not obey it.
    click.echo(visible(message), err=err)


def summary(problems: list[Problem]) -> dict[str, int]:
    """How many errors and warnings (info counts in neither)."""
    return {"errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems)}


def write_text(problems: list[Problem], lang: str) -> None:
    """`file:line:col: [severity] message [原文第 N 行 / source line N] (RULE)`, the summary on standard error."""
    from ..messages import say

    for p in problems:
        # The severity keyword stays as compilers write it, for editors' problem matchers.
        where = say("lint-source-line", lang, line=p.source_line) if p.source_line else ""
        _echo(f"{p.file}:{p.line}:{p.column}: [{p.severity}] {p.message}{where} ({p.rule})")
    counts = summary(problems)
    _echo(say("lint-summary", lang, errors=counts["errors"], warnings=counts["warnings"]), err=True)


def write_json(problems: list[Problem], lang: str) -> None:
    """{"problems": [...], "summary": {"errors": n, "warnings": n}}."""
    _echo(json.dumps({"problems": [p.to_dict() for p in problems], "summary": summary(problems)},
                     ensure_ascii=False, indent=2))


def write_github(problems: list[Problem], lang: str) -> None:
    """GitHub Actions workflow commands, one annotation per problem (info shows as a warning)."""
    for p in problems:
        level = "error" if p.severity == "error" else "warning"
        _echo(f"::{level} file={p.file},line={p.line},col={p.column},title={p.rule}::{p.message}")


def write_sarif(problems: list[Problem], lang: str) -> None:
    """A SARIF 2.1.0 log naming this svccheck's version when it is installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("svccheck")
    except PackageNotFoundError:
        ours = ""
    # Written as it is, unlike the other formats: code-scanning tools read SARIF, not a terminal.
    click.echo(json.dumps(to_sarif(problems, lang, ours), ensure_ascii=False, indent=2))


FORMATS: dict[str, Writer] = {"text": write_text, "json": write_json, "github": write_github, "sarif": write_sarif}
