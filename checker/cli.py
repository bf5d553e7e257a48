"""svccheck's command line: thin click commands that delegate to the modules.

Exit codes (all commands):
  0    nothing at or above the failing severity
  1    findings at or above it (lint problems, flagged lines, a closed gate, a broken chain)
  2    usage or input error: a missing or unreadable file, a bad option, a damaged database
       or catalogue, an output that cannot be written
  3    a defect of svccheck itself (a short message; the traceback only with --debug)
  130  interrupted (Ctrl-C)
Imports are lazy so that `svccheck --help` starts fast.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class SvccheckError(click.ClickException):
    """A user-facing error: printed without a traceback, exit code 2."""

    exit_code = EXIT_USAGE

    def format_message(self) -> str:
        from .text import visible

        return visible(self.message)


def echo(message="", **kwargs) -> None:
    """click.echo, with control characters shown rather than sent to the terminal (an item may hold ESC)."""
    from .text import visible

    click.echo(visible(message) if isinstance(message, str) else message, **kwargs)


def _edition_option(f):
    return click.option(
        "--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
        envvar="SVCCHECK_CATALOG", help="Catalogue edition folder (default: the bundled shanxi-2025).",
    )(f)


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=lambda: _default_lang(),
                        help="Language of messages (default: $SVCCHECK_LANG, else zh).")(f)


def _default_lang() -> str:
    from .messages import default_lang

    return default_lang()


def _error_text(message: str, lang: str | None) -> str:
    from .messages import error_text

    return error_text(message, lang)


def _say(key: str, lang: str | None = None, **facts) -> str:
    from .messages import say

    return say(key, lang, **facts)


def _load_catalog(catalog_dir):
    from . import catalog

    try:
        return catalog.load(catalog_dir)
    except catalog.CatalogError as exc:
        raise SvccheckError(str(exc)) from None


def _write(output: Path | None, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes to a file, or to standard output when no file is named."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    from . import atomic

    try:
        atomic.write_bytes(Path(output), raw)
    except OSError as exc:
        raise SvccheckError(_cannot_write(output, exc)) from None


def _cannot_write(output, exc: OSError) -> str:
    # Outputs are written whole or not at all: say the earlier file is intact only if there is one.
    kept = f"; any earlier {Path(str(output)).name} is unchanged" if Path(str(output)).exists() else ""
    return f"cannot write {output}: {exc.strerror or exc}{kept}"


class LocalisedContext(click.Context):
    def make_formatter(self):
        if _default_lang() == "en":
            return super().make_formatter()
        from .helptext import formatter_class

        return formatter_class()(width=self.terminal_width, max_width=self.max_content_width)


class LocalisedCommand(click.Command):
    """A command whose --help speaks the language asked for: Chinese from checker/helptext.py
    (keyed by the English written here), English as written."""

    context_class = LocalisedContext

    def format_help(self, ctx, formatter):
        if _default_lang() == "en":
            return super().format_help(ctx, formatter)
        from . import helptext

        originals = [(obj, obj.help) for obj in self._translatable(ctx) if obj.help]
        options_metavar = self.options_metavar
        try:
            for obj, text in originals:
                obj.help = helptext.zh(text)
            self.options_metavar = "[选项]"
            super().format_help(ctx, formatter)
        finally:
            for obj, text in originals:
                obj.help = text
            self.options_metavar = options_metavar

    def _translatable(self, ctx) -> list:
        return [self, *self.get_params(ctx)]

    def format_usage(self, ctx, formatter):
        if _default_lang() == "en":
            return super().format_usage(ctx, formatter)
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "用法：")

    def format_options(self, ctx, formatter):
        if _default_lang() == "en":
            return super().format_options(ctx, formatter)
        records = [r for r in (p.get_help_record(ctx) for p in self.get_params(ctx) if isinstance(p, click.Option))
                   if r is not None]
        if records:
            with formatter.section("选项"):
                formatter.write_dl([(name, _zh_extras(text)) for name, text in records])
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


def _zh_extras(text: str) -> str:
    """click's own bracketed notes on an option ([default: text], [required]) in Chinese."""
    import re

    def note(m):
        parts = [p.replace("default: ", "默认：").replace("env var: ", "环境变量：").replace("required", "必填")
                 for p in m.group(1).split("; ")]
        return "［" + "；".join(parts) + "］"

    return re.sub(r"\[((?:default|env var|required)[^\]]*)\]$", note, text)


class LocalisedGroup(LocalisedCommand, click.Group):
    """A group whose --help, and whose subcommands' --help, speak the language asked for."""

    command_class = LocalisedCommand

    def _translatable(self, ctx) -> list:
        return [*super()._translatable(ctx), *self.commands.values()]

    def format_commands(self, ctx, formatter):
        if _default_lang() == "en":
            return super().format_commands(ctx, formatter)
        rows = [(name, command.get_short_help_str(formatter.width - 6 - max(map(len, self.commands))))
                for name, command in self.commands.items() if not command.hidden]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


LocalisedGroup.group_class = LocalisedGroup


@click.group(cls=LocalisedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="svccheck")
def cli():
    """Check government purchase-of-services lines against the Shanxi guiding catalogue
    (山西省部门政府购买服务指导性目录, 晋财综〔2025〕28号).

    \b
    Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or input error,
    3 an internal error of svccheck (add --debug for the traceback), 130 interrupted.
    """


# --------------------------------------------------------------------------- lint

class _Unit(click.Choice):
    """wan or yuan; a clerk may type them as the table says them (万元, 元)."""

    ALIASES = {"\u4e07\u5143": "wan", "\u5143": "yuan"}

    def convert(self, value, param, ctx):
        return super().convert(self.ALIASES.get(value, value), param, ctx)


_UNIT = _Unit(["wan", "yuan"])


# What a clerk's budget table is saved as: `lint` given one says that `match` checks it.
BUDGET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".et", ".ods")


@cli.command()
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
# The names of checker.lint.formats.FORMATS, spelled out so that --help need not import lint.
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="sarif: SARIF 2.1.0 for code-scanning tools.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--select", multiple=True, metavar="RULE", help="Only these rules (ids or prefixes such as CT0); repeatable.")
@click.option("--ignore", multiple=True, metavar="RULE", help="Not these rules (ids or prefixes); repeatable.")
@click.option("--severity", "severity_overrides", multiple=True, metavar="RULE=LEVEL",
              help="Another severity for a rule (error, warning or info), e.g. CT05=error; repeatable.")
@_lang_option
def lint(targets, fmt, strict, select, ignore, severity_overrides, lang):
    """Lint catalogue YAML: edition folders, files (as many as given, as a pre-commit hook passes
    them; an edition's own edition/levels/errata/import.yaml stands for its whole edition), or
    (no path) the bundled catalogue."""
    from . import lint as linter
    from . import paths

    targets = list(targets) or [paths.catalog_dir()]
    for target in targets:
        if not target.exists():
            raise SvccheckError(f"{target}: no such file or folder")
        if target.is_file() and target.suffix.lower() in BUDGET_SUFFIXES:
            # A clerk's first guess is often `lint` for "check my file": say which command checks a budget.
            raise SvccheckError(f"{target}: lint checks catalogue YAML; a budget table is checked with "
                                f"svccheck match {target}")
    from . import rules as rule_data

    known = set(rule_data.load("lint"))
    severities: dict[str, str] = {}
    for override in severity_overrides:
        rule, _, level = override.partition("=")
        if rule not in known or level not in rule_data.SEVERITIES:
            raise SvccheckError(f"--severity {override!r}: expected RULE=error|warning|info with a rule of "
                                f"{', '.join(sorted(known))}")
        severities[rule] = level
    for pattern in select + ignore:
        if not any(r.startswith(pattern) for r in known):
            raise SvccheckError(f"{pattern!r} names no lint rule; the rules are {', '.join(sorted(known))}")
    problems = linter.configure(linter.lint(targets, lang), tuple(select), tuple(ignore), severities)
    from .lint.formats import FORMATS

    FORMATS[fmt](problems, lang)
    sys.exit(linter.exit_code(problems, strict))


# --------------------------------------------------------------------------- catalog

@cli.group()
def catalog():
    """Import, export and inspect catalogue editions."""


@catalog.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Edition folder to write (sectors/, levels.yaml, import.yaml).")
@click.option("--errata", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Apply the corrections of this errata.yaml (default: a faithful import).")
@click.option("--departments-from", "departments_from", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Take each list's department names and keywords from this earlier edition folder "
                                 "where the output folder has none.")
def catalog_import(source, out_dir, errata, departments_from):
    """Import the published table text SOURCE into the YAML layout.

    Without --errata the import is faithful: codes and names as printed, levels from the
    column each name stands in; `svccheck lint DIR` then reports the defects.
    """
    from . import importer, yamlio

    try:
        result = importer.run_import(source, out_dir, errata, departments_from)
    except importer.ErratumMismatch as exc:
        raise SvccheckError(f"{errata}: {exc}") from None
    except yamlio.YamlError as exc:
        raise SvccheckError(str(exc)) from None
    except UnicodeDecodeError as exc:
        line = source.read_bytes()[: exc.start].count(b"\n") + 1
        raise SvccheckError(f"{source}:{line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise SvccheckError(f"{errata}: malformed erratum ({exc!r})") from None
    echo(_say("import-unparsed", out=out_dir, sectors=result.sectors, entries=result.entries, errata=result.errata,
              unparsed=len(result.unparsed)))
    for number, text in result.unparsed:
        echo(_say("import-could-not-read", source=source, line=number, text=repr(text)), err=True)
    if result.unmapped:
        echo(_say("import-unmapped", count=len(result.unmapped), out=out_dir,
                  sectors="、".join(result.unmapped[:6]) + ("…" if len(result.unmapped) > 6 else "")), err=True)
    if result.no_edition_record:
        echo(_say("import-no-edition", out=out_dir), err=True)


@catalog.command("diff")
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def catalog_diff(old, new, fmt):
    """What changed from edition folder OLD to NEW: entries added, removed, renamed, moved."""
    import json as json_module

    from . import export

    try:
        changes = export.diff(export.node_rows(old), export.node_rows(new))
    except export.ExportError as exc:
        raise SvccheckError(str(exc)) from None
    if fmt == "json":
        echo(json_module.dumps(changes, ensure_ascii=False, indent=1))
        return
    marks = {"added": "+", "removed": "-", "renamed": "~", "moved": ">"}
    for c in changes:
        was = f"  ({_say('diff-was', was=c['was'])})" if c.get("was") else ""
        echo(f"{marks[c['change']]} {c['sector']} {c['code']} {c['name']}{was}")
    counts = {k: sum(1 for c in changes if c["change"] == k) for k in marks}
    echo(_say("diff-summary", **counts), err=True)


@catalog.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@_edition_option
def catalog_export(fmt, output, catalog_dir):
    """Every node as a row: sector, level, code, name, parent, source_line."""
    from . import export, paths

    edition = catalog_dir or paths.catalog_dir()
    try:
        rows = export.node_rows(edition)
    except export.ExportError as exc:
        raise SvccheckError(str(exc)) from None
    _write(output, export.to_json(rows) if fmt == "json" else export.to_csv(rows))


# --------------------------------------------------------------------------- match

def _input_options(f):
    for option in reversed([
        click.option("--encoding", default=None, help="CSV encoding (default: UTF-8 with or without BOM, else GB18030)."),
        click.option("--sheet", default=None, help="Workbook sheet, XLSX or XLS, by name or number (default: the first that holds a table)."),
        click.option("--unit", type=_UNIT, default=None,
                     help="Unit of the amount column when its header does not say (default “万元”)."),
        click.option("--sector", "sector_override", default=None,
                     help="Sector list(s) for every line, overriding the department (e.g. “民政” or “卫生健康,体育”)."),
        click.option("--max-rows", type=click.IntRange(min=1), default=None, envvar="SVCCHECK_MAX_ROWS",
                     expose_value=False, callback=lambda ctx, _, value: ctx.meta.__setitem__("max_rows", value),
                     help="Refuse files with more rows than this (default 1,000,000)."),
    ]):
        f = option(f)
    return f


def _open_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """(table whose rows are still to be read, engine, catalogue)."""
    from . import intake
    from .match import Engine

    try:
        max_rows = click.get_current_context().meta.get("max_rows") or intake.MAX_ROWS
        table = intake.open_table(str(file), encoding=encoding, sheet=sheet, unit=unit, max_rows=max_rows)
    except intake.InputError as exc:
        raise SvccheckError(f"{file}: {exc}") from None
    cat = _load_catalog(catalog_dir)
    try:
        engine = Engine(cat, lang)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SvccheckError(f"the rules of {cat.path}: {exc}; run `svccheck lint`") from None
    if sector_override and not engine.departments.sector_names(sector_override):
        raise SvccheckError(f"--sector {sector_override!r}: no such sector list")
    return table, engine, cat


def run_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang, explain=False):
    """Read a procurement file and check every line: (table, results, catalogue)."""
    from . import intake

    table, engine, cat = _open_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    try:
        return table, engine.run(table, sector_override, explain=explain), cat
    except intake.InputError as exc:
        raise SvccheckError(f"{file}: {exc}") from None


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default=None,
              help="Output format (default: table on a terminal, json otherwise).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output (required for xlsx).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when any line has a finding of this severity or worse.")
@click.option("--explain", is_flag=True,
              help="JSON: add to each line the text as compared and the scores of the top candidates.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary on stderr.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, envvar="SVCCHECK_JOBS",
              help="Processes that decide lines in parallel on long files (default 1; 0: one per core).")
@_input_options
@_edition_option
@_lang_option
def match(file, fmt, output, fail_on, explain, quiet, jobs, encoding, sheet, unit, sector_override, catalog_dir,
          lang):
    """Check each purchase-of-services line of FILE (CSV, XLSX, XLS or - for stdin) against the catalogue.

    Every line gets one verdict: not_a_service, malformed_code, unknown_code, code_not_allowed,
    code_mismatch, other_department, outside_catalogue or ok (unreadable for rows that could
    not be read, total for “合计”/“小计” rows, blank for empty rows), the entry it belongs to,
    and its findings.
    Rows stream from the file through the checker to the output, so memory does not grow
    with the number of lines (except for the terminal table).
    """
    from . import intake, outputs, writers
    from .match import Summary

    if fmt is None:
        # From the output's name (out.csv, out.xlsx, out.json, out.txt), else table on a terminal, json otherwise.
        by_suffix = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".txt": "table"}
        if output is not None and output.suffix.lower() in (".xls", ".et", ".ods", ".xlsm"):
            # JSON in a file named for a spreadsheet would open as garbage, or not at all.
            raise SvccheckError(f"-o {output.name}: svccheck writes .xlsx, .csv, .json or .txt; name the output "
                                f"{output.stem}.xlsx")
        fmt = by_suffix.get(output.suffix.lower(), "json") if output else (
            "table" if sys.stdout.isatty() else "json")
    if fmt == "xlsx" and output is None:
        raise SvccheckError("--format xlsx needs -o FILE.xlsx")
    table, engine, cat = _open_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    if table.layout.get("first_sheet_without_table") and not quiet:
        echo(_say("sheet-chosen", lang, file=file, first=table.layout["first_sheet_without_table"],
                  sheet=table.layout["sheet"]), err=True)
    summary = Summary()
    results = _progress(engine.stream(table.stream, sector_override, explain, jobs=jobs or _cores()),
                        table.size_hint, quiet)
    writer = writers.get(f"match-{fmt}")
    import os

    # Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
    color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    report = writers.Report(results, summary, lang, table.path, cat.edition_id, table.columns, table.describe, color)
    try:
        _write_stream(output, writer.sink, lambda sink: writer.write(sink, report))
    except intake.InputError as exc:
        raise SvccheckError(f"{file}: {exc}") from None
    if not summary.rows and not quiet:
        # An empty result with exit 0 is easy to take for a clean budget: say why it is empty.
        echo(_say("no-data-rows", lang, file=file), err=True)
    elif (fmt == "table" or output is not None) and not quiet:
        echo(outputs.summary_text(summary, lang), err=True, nl=False)
        echo(_say("checked-against", lang, edition=cat.edition_id), err=True)  # which edition decided
    if explain and fmt != "json" and not quiet:
        echo(_say("explain-json-only", lang), err=True)  # said, rather than silently ignored
    sys.exit(summary.exit_code(fail_on))


def _cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except AttributeError:
        return os.cpu_count() or 1


def _write_stream(output, sink: str, write) -> None:
    """Run a writer into OUTPUT (written whole or not at all) or standard output.

    `sink` "binary": `write` gets a binary file; "text": a UTF-8 text file; "path": a file name (XLSX).
    """
    binary = {"binary": True, "text": False, "path": None}[sink]
    import io

    from . import atomic

    if output is None or str(output) == "-":
        sys.stdout.flush()
        if binary:
            write(sys.stdout.buffer)
        else:
            text = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
            write(text)
            text.flush()
            text.detach()
        sys.stdout.buffer.flush()
        return
    try:
        with atomic.replace_file(output) as tmp:
            if binary is None:
                write(str(tmp))
            else:
                if binary:
                    with open(tmp, "wb") as f:
                        write(f)
                else:
                    with open(tmp, "w", encoding="utf-8", newline="") as f:
                        write(f)
    except OSError as exc:
        raise SvccheckError(_cannot_write(output, exc)) from None


PROGRESS_FROM = 20_000  # rows: below this a run takes seconds and needs no progress line


def _progress(results, size_hint, quiet):
    """Results passed through; on a terminal, for long inputs, a progress line on stderr (rows, rate, ETA)."""
    import time

    if quiet or not sys.stderr.isatty() or (size_hint is not None and size_hint < PROGRESS_FROM):
        yield from results
        return
    start = last = time.monotonic()
    shown = False
    for done, r in enumerate(results, start=1):
        yield r
        now = time.monotonic()
        if now - last >= 0.5 and done >= PROGRESS_FROM // 4:
            last = now
            rate = done / max(now - start, 1e-9)
            total = f"/{size_hint:,}" if size_hint else ""
            eta = _say("progress-eta", seconds=f"{max(size_hint - done, 0) / rate:.0f}") if size_hint else ""
            sys.stderr.write(_say("progress", done=f"{done:,}", total=total, rate=f"{rate:,.0f}", eta=eta))
            sys.stderr.flush()
            shown = True
    if shown:
        sys.stderr.write("\r" + " " * 60 + "\r")
        sys.stderr.flush()


# --------------------------------------------------------------------------- review

def _db_option(f):
    return click.option("--db", "db", default=None, metavar="PATH",
                        help="Review database (default: $SVCCHECK_DB, else ./svccheck-review.sqlite).")(f)


def _reviewer_option(f):
    return click.option("--reviewer", default=None, help="Who decides (default: $SVCCHECK_REVIEWER, else the login name).")(f)


def _open_store(db, create: bool = False, read_only: bool = False):
    """The review store: `create` only where there is no file yet; `read_only` for commands that only read."""
    from . import review

    try:
        return review.Store(review.db_path(db), create=create, read_only=read_only,
                            on_wait=lambda message: echo(_error_text(message, None), err=True))
    except review.ReviewError as exc:
        raise SvccheckError(str(exc)) from None


def _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Check a file and give each line its id: (table, results, catalogue, ids, sha256)."""
    from . import review

    table, results, cat = run_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    return table, results, cat, review.line_ids(results), table.sha256


@cli.command("review")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings, and matches marked for confirmation, need a decision too.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@_db_option
@_reviewer_option
@_input_options
@_edition_option
@_lang_option
def review_cmd(file, fmt, strict, quiet, db, reviewer, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Check FILE and record it in the review database; list the lines that need a decision.

    Each line gets a short id from its department, item, code and amount, so a resubmitted or
    reordered file keeps the decisions already taken.
    """
    from . import review, writers
    from .match import Summary
    from .writers import review_table

    table, results, cat, ids, digest = _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    with _open_store(db, create=True) as store:
        store.record(table.path, digest, reviewer or review.default_reviewer(), cat.edition_id, results, ids)
        current = store.current(ids)
    state = writers.ReviewState(ids, current, strict, str(review.db_path(db)))
    report = writers.Report(results, Summary.of(results), lang, table.path, cat.edition_id, table.columns,
                            table.describe, review=state)
    writer = writers.get(f"review-{fmt}")
    _write_stream(None, writer.sink, lambda sink: writer.write(sink, report))
    if fmt == "table" and not quiet:
        echo(review_table.footer(report), err=True)


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="LINE_ID… approve|reject|return")
@click.option("--reason", required=True, help="Why: recorded with the decision.")
@click.option("--code", default=None, help="With approve: accept the line under this catalogue entry.")
@_db_option
@_reviewer_option
@_edition_option
def decide(args, reason, code, db, reviewer, catalog_dir):
    """Record a decision on one or more lines; a later decision supersedes an earlier one."""
    from . import codes, review

    *line_ids, action = args
    # A reviewer may say it in Chinese, as the decisions are shown: 同意, 不同意, 退回(修改).
    action = {"同意": "approve", "不同意": "reject", "退回": "return", "退回修改": "return"}.get(action, action)
    line_ids = [i.upper() if i[:1] in "lL" else i for i in line_ids]  # ids are printed upper-case
    if action not in review.ACTIONS or not line_ids:
        raise SvccheckError("usage: svccheck decide LINE_ID… approve|reject|return --reason TEXT")
    if code is not None and action != "approve":
        raise SvccheckError("--code goes with approve")
    if code is not None and (not codes.WELL_FORMED.match(code) or codes.level_of(code) != 4):
        raise SvccheckError(f"--code {code!r}: not a level-4 catalogue code")
    cat = _load_catalog(catalog_dir)
    who = reviewer or review.default_reviewer()
    with _open_store(db) as store:
        # Every id is checked before anything is written; then all are recorded in one transaction.
        try:
            review.check_decision(store, cat, list(line_ids), action, code)
            recorded = store.decide_many(list(line_ids), action, reason, who, cat.edition_id, code)
        except review.ReviewError as exc:
            raise SvccheckError(str(exc)) from None
    for d in recorded:
        from .messages import action as action_name

        echo(_say("decided", line=d.line_id, action=action_name(d.action), code=f" {d.code}" if d.code else "",
                  reviewer=d.reviewer, number=d.id, hash=d.hash[:12]))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--strict", is_flag=True, help="Warnings, and matches marked for confirmation, need an approving decision too.")
@_db_option
@_input_options
@_edition_option
@_lang_option
def gate(file, strict, db, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Exit 0 when FILE may pass: every line with an error approved, none rejected or returned."""
    from . import review

    table, results, cat, ids, _ = _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    with _open_store(db, read_only=True) as store:
        ok, head, problem, _ = store.verify()
        blocking = review.gate(results, ids, store.current(ids), strict, cat.edition_id)
    if not ok:
        # An edited or truncated record proves nothing: the gate never passes over it.
        echo(_say("gate-broken", lang, db=store.path, problem=problem))
        sys.exit(EXIT_FINDINGS)
    if not blocking:
        echo(_say("gate-pass", lang, file=table.path, lines=len(results)))
        sys.exit(EXIT_OK)
    echo(_say("gate-blocked", lang, file=table.path, blocking=len(blocking), lines=len(results)))
    for b in blocking:
        from .outputs import VERDICT_ZH, severity_label

        echo(_say("gate-line", lang, line=b.line_id, row=b.row, severity=severity_label(b.severity, lang) or "-",
                  verdict=b.verdict if lang == "en" else VERDICT_ZH[b.verdict], item=b.item, reason=b.say(lang)))
    sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="report.html or report.xlsx")
@click.option("--strict", is_flag=True, help="Count warnings, and matches marked for confirmation, as needing a decision.")
@_db_option
@_input_options
@_edition_option
@_lang_option
def report(file, output, strict, db, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Write the reviewer's report: a self-contained HTML page or an XLSX workbook."""
    from . import review, writers
    from .match import Summary

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".xlsx"):
        raise SvccheckError(f"{output}: the report is .html or .xlsx")
    table, results, cat, ids, _ = _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    with _open_store(db, read_only=True) as store:
        decisions = store.all_decisions()
        ok, head, _, _ = store.verify()
        current = store.current(ids)
    history: dict[str, list] = {}
    for d in decisions:
        history.setdefault(d.line_id, []).append(d)
    blocking = review.gate(results, ids, current, strict, cat.edition_id)
    state = writers.ReviewState(ids, current, strict, str(review.db_path(db)), history, blocking, head, ok,
                                review.now()[:19].replace("T", " ") + " UTC")
    report_ = writers.Report(results, Summary.of(results), lang, table.path, cat.edition_id, table.columns,
                             table.describe, review=state)
    writer = writers.get("report-xlsx" if suffix == ".xlsx" else "report-html")
    _write_stream(output, writer.sink, lambda sink: writer.write(sink, report_))
    echo(_say("report-done", lang, out=output, lines=len(results), blocking=len(blocking), head=head))


# --------------------------------------------------------------------------- serve

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine needs saying so (and is warned about).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the web browser.")
@click.option("--strict", is_flag=True, help="Warnings, and matches marked for confirmation, need an approving decision too.")
@_db_option
@_reviewer_option
@_edition_option
@_lang_option
def serve(files, port, host, no_browser, strict, db, reviewer, catalog_dir, lang):
    """A local web page: check FILE… (or uploads), filter the lines, record decisions, see the gate.

    Needs the optional extra: pip install 'svccheck[serve]'. Listens on 127.0.0.1 only, unless
    --host says otherwise.
    """
    try:
        import jinja2  # noqa: F401
        import multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise SvccheckError(f"svccheck serve needs the web extra ({exc.name} is missing): "
                            "pip install 'svccheck[serve]'") from None
    from . import catalog, intake, review
    from . import serve as web

    if host not in LOCAL_HOSTS:
        echo(_say("serve-exposed", lang, host=host), err=True)
    try:
        app = web.create_app(db, catalog_dir, reviewer, list(files), strict=strict, lang=lang)
    except (intake.InputError, review.ReviewError, catalog.CatalogError) as exc:
        raise SvccheckError(str(exc)) from None
    web.run(app, host, port, not no_browser)


@cli.group()
def audit():
    """Check the record of decisions."""


@audit.command("verify")
@_db_option
def audit_verify(db):
    """Recompute the hash chain of decisions; exit 1 and name the first bad record if anything changed."""
    with _open_store(db, read_only=True) as store:
        ok, head, problem, count = store.verify()
    if ok:
        echo(_say("audit-ok", count=count, head=head))
        sys.exit(EXIT_OK)
    echo(_say("audit-broken", problem=problem, count=count, head=head))
    sys.exit(EXIT_FINDINGS)


@cli.group("db")
def db_group():
    """Look after the review database."""


@db_group.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@_db_option
def db_backup(destination, db):
    """Copy the review database to DESTINATION with SQLite's online backup (safe while others decide)."""
    from . import review

    with _open_store(db, read_only=True) as store:
        try:
            count = store.backup(destination)
        except review.ReviewError as exc:
            raise SvccheckError(str(exc)) from None
    echo(_say("backup-done", out=destination, db=review.db_path(db), count=count))


@cli.group()
def rules():
    """The rules: list them; draft aliases from reviewers' approvals."""


@rules.command("list")
@click.option("--family", type=click.Choice(["lint", "match"]), default=None, help="Only this family's rules.")
@_lang_option
def rules_list(family, lang):
    """Every rule: id, name, severity and why it exists (from rules/lint.yaml and rules/match.yaml)."""
    from tabulate import tabulate

    from . import rules as rule_data

    rows = []
    for fam in [family] if family else ["lint", "match"]:
        for rule in rule_data.load(fam).values():
            rows.append([rule.id, rule.name, rule.severity, rule.why_en if lang == "en" else rule.why_zh])
    from .messages import RULE_HEADERS, severity

    rows = [[rule, name, severity(level, lang), why] for rule, name, level, why in rows]
    echo(tabulate(rows, headers=RULE_HEADERS[lang == "en"], tablefmt="simple"))


@rules.command("suggest")
@_db_option
@_edition_option
def rules_suggest(db, catalog_dir):
    """Turn approvals that put an item under an entry into alias suggestions (YAML for rules/aliases.yaml)."""
    import json

    from . import yamlio

    cat = _load_catalog(catalog_dir)
    with _open_store(db, read_only=True) as store:
        decisions = store.all_decisions()
        latest: dict[str, object] = {}
        for d in decisions:
            latest[d.line_id] = d
        suggestions: dict[tuple, dict] = {}
        for d in latest.values():
            if d.action != "approve":
                continue
            line = store.line(d.line_id)
            code = d.code or line["matched_code"]
            sector = next((s for s in json.loads(line["sectors"]) if cat.entry(s, code or "")), line["matched_sector"])
            if not code or not sector or not cat.entry(sector, code):
                continue
            if line["matched_code"] == code and (line["score"] or 0) >= 80:
                continue  # the matcher already finds it with confidence (an approval about a wrong code, say)
            key = (line["item"], sector, code)
            entry = suggestions.setdefault(key, {"item": line["item"], "sector": sector, "code": code,
                                                 "entry": cat.entry(sector, code).name, "approvals": 0,
                                                 "decisions": []})
            entry["approvals"] += 1
            entry["decisions"].append(d.id)
    items = sorted(suggestions.values(), key=lambda s: (-s["approvals"], s["sector"], s["code"]))
    header = ("# Alias suggestions from approved decisions (svccheck rules suggest).\n"
              "# Review each, then add the ones you accept under `aliases:` in rules/aliases.yaml.\n"
              if _default_lang() == "en" else
              "# 由同意的审核决定生成的别名建议（svccheck rules suggest）。\n"
              "# 请逐条核对，把采纳的条目加到 rules/aliases.yaml 的 `aliases:` 下。\n")
    echo(yamlio.dump({"aliases": items}, header), nl=False)


EXIT_BUG, EXIT_INTERRUPTED = 3, 130


def run(args: list[str]) -> int:
    """Run a command line and return its exit code: the one error boundary of svccheck.

    Expected failures (a file that cannot be read or written, a damaged database or
    catalogue) are a one-line message and exit 2; exit 1 stays reserved for findings. Anything
    else is a defect of svccheck: a short message asking for a bug report and exit 3, with the
    traceback only under --debug (or SVCCHECK_DEBUG=1).
    """
    import os

    debug = "--debug" in args or os.environ.get("SVCCHECK_DEBUG", "") not in ("", "0")
    args = [a for a in args if a != "--debug"]
    lang = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--lang"), None)
    lang = next((a.split("=", 1)[1] for a in args if a.startswith("--lang=")), lang)
    from .messages import asked_lang

    with asked_lang(lang):
        return _run(args, lang, debug)


def _run(args: list[str], lang: str | None, debug: bool) -> int:
    import os

    try:
        try:
            code = cli.main(args=args, prog_name="svccheck", standalone_mode=False)
            return code if isinstance(code, int) else EXIT_OK
        except click.exceptions.Exit as exc:
            return exc.exit_code
        except click.ClickException as exc:
            echo(_say("error", lang, message=_error_text(exc.format_message(), lang)), err=True)
            return exc.exit_code
        except click.exceptions.Abort:
            click.echo(_say("aborted", lang), err=True)
            return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo(_say("interrupted", lang), err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `svccheck match … | head`: the reader went away; nothing is wrong.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the boundary: everything else is a defect
        message = _expected_failure(exc)
        if message is not None and not debug:
            echo(_say("error", lang, message=_error_text(message, lang)), err=True)
            return EXIT_USAGE
        if debug:
            raise
        echo(_say("internal-error", lang, kind=type(exc).__name__, detail=exc), err=True)
        return EXIT_BUG


def _expected_failure(exc: Exception) -> str | None:
    """A one-line message for failures that are the environment's, not svccheck's (else None)."""
    import sqlite3

    from .catalog import CatalogError
    from .intake import InputError
    from .review import ReviewError
    from .yamlio import YamlError

    if isinstance(exc, (CatalogError, InputError, ReviewError, YamlError)):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, sqlite3.Error):
        return f"the review database cannot be used ({exc}); run `svccheck audit verify` on a copy"
    if isinstance(exc, MemoryError):
        return "out of memory: the input is too large for this machine; split it or raise no limit further"
    return None


# --------------------------------------------------------------------------- completion

@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell):
    """Print the shell completion script for SHELL.

    \b
    bash:  eval "$(svccheck completion bash)"        (in ~/.bashrc)
    zsh:   eval "$(svccheck completion zsh)"         (in ~/.zshrc)
    fish:  svccheck completion fish > ~/.config/fish/completions/svccheck.fish
    """
    from click.shell_completion import get_completion_class

    complete = get_completion_class(shell)(cli, {}, "svccheck", "_SVCCHECK_COMPLETE")
    click.echo(complete.source())


def main():
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
