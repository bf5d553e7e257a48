"""Every output of svccheck is one `Report` handed to a writer registered by name.

A writer is a small module here that registers itself with `@writer(name, sink)`; `get(name)`
imports the writers on first use, so `svccheck --help` stays fast. The command line builds
the Report (results, summary, input, review state) and calls the writer: it renders nothing.

    sink "binary"  the writer gets a binary file          (JSON)
         "text"    a UTF-8 text file                      (CSV, tables)
         "path"    a file name, to write whole            (XLSX, HTML)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from ..match import Result, Summary
    from ..review import Decision, GateLine


@dataclass
class ReviewState:
    """What the review store says about the lines of a Report: their ids, decisions and gate."""

    ids: list[str]
    current: dict[str, "Decision"]
    strict: bool
    db: str
    history: dict[str, list["Decision"]] = field(default_factory=dict)
    blocking: list["GateLine"] = field(default_factory=list)
    chain_head: str = ""
    chain_ok: bool = True
    generated_at: str = ""


@dataclass
class Report:
    """One run of the checker as every writer sees it.

    `results` is a stream for `match` (memory stays flat) and a list where a writer must see
    every line twice (the terminal table, the review writers); `summary` is filled as the
    results pass through it. `describe()` says how the input was read (header row, skipped
    rows, unit), once the stream is spent.
    """

    results: Iterable["Result"]
    summary: "Summary"
    lang: str
    file: str = ""
    edition: str = ""
    columns: list[str] = field(default_factory=list)
    describe: Callable[[], dict] = dict
    color: bool = False
    review: ReviewState | None = None

    @property
    def meta(self) -> dict:
        return {"tool": "svccheck", "catalog": self.edition}


@dataclass(frozen=True)
class Writer:
    name: str
    sink: str
    streams: bool
    write: Callable[[Any, Report], None]


WRITERS: dict[str, Writer] = {}
_MODULES = ("match_json", "match_csv", "match_xlsx", "match_table", "review_table", "review_json", "report_html",
            "report_xlsx")


def writer(name: str, sink: str, streams: bool = True):
    """Register the decorated function as the writer `name`."""
    def register(write: Callable[[Any, Report], None]):
        WRITERS[name] = Writer(name, sink, streams, write)
        return write
    return register


def get(name: str) -> Writer:
    """The writer registered as `name` (KeyError when there is none)."""
    import importlib

    for module in _MODULES:
        importlib.import_module(f"{__name__}.{module}")  # each registers itself, once
    return WRITERS[name]

