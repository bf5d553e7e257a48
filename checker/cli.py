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


def main():
    """Console-script entry point."""
    cli(prog_name="svccheck")


if __name__ == "__main__":
    main()
