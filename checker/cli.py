"""svccheck's command line: thin click commands that delegate to the modules.

Exit codes (all commands):
  0  nothing at or above the failing severity
  1  findings at or above it (lint problems, flagged lines, a closed gate, a broken chain)
  2  usage or input error: a missing or unreadable file, a bad option
Imports are lazy so that `svccheck --help` starts fast.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class SvccheckError(click.ClickException):
    """A user-facing error: printed without a traceback, exit code 2."""

    exit_code = EXIT_USAGE


def _edition_option(f):
    return click.option(
        "--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
        envvar="SVCCHECK_CATALOG", help="Catalogue edition folder (default: the bundled shanxi-2025).",
    )(f)


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="Language of messages.")(f)


def _load_catalog(catalog_dir):
    from . import catalog

    try:
        return catalog.load(catalog_dir)
    except catalog.CatalogError as exc:
        raise SvccheckError(str(exc)) from None


def _open_output(output: Path | None, binary: bool = False):
    if output is None or str(output) == "-":
        return None
    try:
        return open(output, "wb" if binary else "w", encoding=None if binary else "utf-8", newline="" if not binary else None)
    except OSError as exc:
        raise SvccheckError(f"{output}: cannot write ({exc.strerror})") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="svccheck")
def cli():
    """Check government purchase-of-services lines against the Shanxi guiding catalogue
    (山西省部门政府购买服务指导性目录, 晋财综〔2025〕28号).

    \b
    Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or input error.
    """


# --------------------------------------------------------------------------- lint

@cli.command()
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@_lang_option
def lint(targets, fmt, strict, lang):
    """Lint catalogue YAML: an edition folder, sector files, or (no path) the bundled catalogue."""
    from . import lint as linter
    from . import paths

    targets = list(targets) or [paths.catalog_dir()]
    for target in targets:
        if not target.exists():
            raise SvccheckError(f"{target}: no such file or folder")
    problems = linter.lint(targets, lang)
    if fmt == "json":
        import json

        click.echo(json.dumps({"problems": [p.to_dict() for p in problems],
                               "summary": _lint_summary(problems)}, ensure_ascii=False, indent=2))
    elif fmt == "github":
        for p in problems:
            level = "error" if p.severity == "error" else "warning"
            click.echo(f"::{level} file={p.file},line={p.line},col={p.column},title={p.rule}::{p.message}")
    else:
        for p in problems:
            where = f" [source line {p.source_line}]" if p.source_line else ""
            click.echo(f"{p.file}:{p.line}:{p.column}: [{p.severity}] {p.message}{where} ({p.rule})")
        summary = _lint_summary(problems)
        click.echo(f"{summary['errors']} error(s), {summary['warnings']} warning(s)", err=True)
    sys.exit(linter.exit_code(problems, strict))


def _lint_summary(problems):
    return {"errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems)}


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
def catalog_import(source, out_dir, errata):
    """Import the published table text SOURCE into the YAML layout.

    Without --errata the import is faithful: codes and names as printed, levels from the
    column each name stands in; `svccheck lint DIR` then reports the defects.
    """
    from . import importer, yamlio

    try:
        result = importer.run_import(source, out_dir, errata)
    except importer.ErratumMismatch as exc:
        raise SvccheckError(f"{errata}: {exc}") from None
    except (yamlio.YamlError, UnicodeDecodeError) as exc:
        raise SvccheckError(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise SvccheckError(f"{errata}: malformed erratum ({exc!r})") from None
    click.echo(f"{out_dir}: {result.sectors} sector lists, {result.entries} level-4 entries, "
               f"{result.errata} errata applied, {len(result.unparsed)} unreadable line(s)")
    for number, text in result.unparsed:
        click.echo(f"{source}:{number}: could not read: {text!r}", err=True)


@catalog.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@_edition_option
def catalog_export(fmt, output, catalog_dir):
    """Every node as a row: sector, level, code, name, parent, source_line."""
    from . import export, paths

    edition = catalog_dir or paths.catalog_dir()
    try:
        rows = export.node_rows(edition)
    except export.ExportError as exc:
        raise SvccheckError(str(exc)) from None
    text = export.to_json(rows) if fmt == "json" else export.to_csv(rows)
    handle = _open_output(output)
    if handle is None:
        click.echo(text, nl=False)
    else:
        with handle:
            handle.write(text)


# --------------------------------------------------------------------------- match

def _input_options(f):
    for option in reversed([
        click.option("--encoding", default=None, help="CSV encoding (default: UTF-8 with or without BOM, else GB18030)."),
        click.option("--sheet", default=None, help="XLSX sheet name (default: the first)."),
        click.option("--unit", type=click.Choice(["wan", "yuan"]), default=None,
                     help="Unit of the amount column when its header does not say (default 万元)."),
        click.option("--sector", "sector_override", default=None,
                     help="Sector list(s) for every line, overriding the department (e.g. 民政 or 卫生健康,体育)."),
    ]):
        f = option(f)
    return f


def run_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Read a procurement file and check it: (table, results, catalogue)."""
    from . import intake
    from .match import Engine

    try:
        table = intake.read(str(file), encoding=encoding, sheet=sheet, unit=unit)
    except intake.InputError as exc:
        raise SvccheckError(f"{file}: {exc}") from None
    cat = _load_catalog(catalog_dir)
    engine = Engine(cat, lang)
    if sector_override and not engine.departments.sector_names(sector_override):
        raise SvccheckError(f"--sector {sector_override!r}: no such sector list")
    return table, engine.run(table, sector_override), cat


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default=None,
              help="Output format (default: table on a terminal, json otherwise).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output (required for xlsx).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when any line has a finding of this severity or worse.")
@_input_options
@_edition_option
@_lang_option
def match(file, fmt, output, fail_on, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Check each purchase-of-services line of FILE (CSV, XLSX or - for stdin) against the catalogue.

    Every line gets one verdict: not_a_service, malformed_code, unknown_code, code_not_allowed,
    code_mismatch, other_department, outside_catalogue or ok (unreadable for rows that could
    not be read), the entry it belongs to, and its findings.
    """
    from . import match as matching
    from . import outputs

    if fmt is None:
        fmt = "xlsx" if output and output.suffix.lower() == ".xlsx" else (
            "table" if sys.stdout.isatty() and output is None else "json")
    if fmt == "xlsx" and output is None:
        raise SvccheckError("--format xlsx needs -o FILE.xlsx")
    table, results, cat = run_match(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    meta = {"tool": "svccheck", "catalog": cat.edition_id, "input": {
        "file": table.path, "encoding": table.encoding, "unit": table.unit, "columns": table.columns,
        "mapping": table.mapping}}
    _emit(fmt, output, results, table.columns, lang, meta)
    if fmt == "table" or output is not None:
        click.echo(outputs.summary_text(results, lang), err=True, nl=False)
    sys.exit(matching.exit_code(results, fail_on))


def _emit(fmt, output, results, columns, lang, meta):
    from . import outputs

    if fmt == "xlsx":
        try:
            outputs.to_xlsx(results, columns, lang, str(output))
        except OSError as exc:
            raise SvccheckError(f"{output}: cannot write ({exc.strerror})") from None
        return
    if fmt == "json":
        data = outputs.to_json(results, meta)
        if output is None or str(output) == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            with _open_output(output, binary=True) as handle:
                handle.write(data)
        return
    if fmt == "csv":
        text = outputs.to_csv(results, columns, lang)
    else:
        text = outputs.to_table(results, lang)
    handle = _open_output(output)
    if handle is None:
        click.echo(text, nl=False)
    else:
        with handle:
            handle.write(text)


def main():
    """Console-script entry point."""
    cli(prog_name="svccheck")


if __name__ == "__main__":
    main()
