"""svccheck's command line: thin click commands that delegate to the modules.

Exit codes (all commands):
  0  nothing at or above the failing severity
  1  findings at or above it (lint problems, flagged lines, a closed gate, a broken chain)
  2  usage or input error: a missing or unreadable file, a bad option
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


def _write(output: Path | None, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes to a file, or to standard output when no file is named."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).write_bytes(raw)
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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="sarif: SARIF 2.1.0 for code-scanning tools.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@_lang_option
def lint(targets, fmt, strict, lang):
    """Lint catalogue YAML: edition folders, files (as many as given, as a pre-commit hook passes
    them; an edition's own edition/levels/errata/import.yaml stands for its whole edition), or
    (no path) the bundled catalogue."""
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
    elif fmt == "sarif":
        import json
        from importlib.metadata import PackageNotFoundError, version

        try:
            ours = version("svccheck")
        except PackageNotFoundError:
            ours = ""
        click.echo(json.dumps(linter.to_sarif(problems, lang, ours), ensure_ascii=False, indent=2))
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
    except yamlio.YamlError as exc:
        raise SvccheckError(str(exc)) from None
    except UnicodeDecodeError as exc:
        line = source.read_bytes()[: exc.start].count(b"\n") + 1
        raise SvccheckError(f"{source}:{line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})") from None
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
    _write(output, export.to_json(rows) if fmt == "json" else export.to_csv(rows))


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
        _write(output, outputs.to_json(results, meta))
    elif fmt == "csv":
        _write(output, outputs.to_csv(results, columns, lang))
    else:
        _write(output, outputs.to_table(results, lang))


# --------------------------------------------------------------------------- review

def _db_option(f):
    return click.option("--db", "db", default=None, metavar="PATH",
                        help="Review database (default: $SVCCHECK_DB, else ./svccheck-review.sqlite).")(f)


def _reviewer_option(f):
    return click.option("--reviewer", default=None, help="Who decides (default: $SVCCHECK_REVIEWER, else the login name).")(f)


def _open_store(db):
    from . import review

    try:
        return review.Store(review.db_path(db))
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
@click.option("--strict", is_flag=True, help="Warnings (outside the catalogue) need a decision too.")
@_db_option
@_reviewer_option
@_input_options
@_edition_option
@_lang_option
def review_cmd(file, fmt, strict, db, reviewer, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Check FILE and record it in the review database; list the lines that need a decision.

    Each line gets a short id from its department, item, code and amount, so a resubmitted or
    reordered file keeps the decisions already taken.
    """
    from . import review
    from .outputs import VERDICT_ZH

    table, results, cat, ids, digest = _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    with _open_store(db) as store:
        store.record(table.path, digest, reviewer or review.default_reviewer(), cat.edition_id, results, ids)
        current = store.current(ids)
    if fmt == "json":
        import json

        out = []
        for r, line_id in zip(results, ids):
            record = r.to_dict()
            record["line_id"] = line_id
            record["needs_decision"] = review.needs_decision(r, strict)
            record["decision"] = current[line_id].to_dict() if line_id in current else None
            out.append(record)
        click.echo(json.dumps({"tool": "svccheck", "catalog": cat.edition_id, "file": table.path,
                               "results": out}, ensure_ascii=False, indent=1))
        return
    from tabulate import tabulate

    rows = []
    for r, line_id in zip(results, ids):
        if not review.needs_decision(r, strict):
            continue
        d = current.get(line_id)
        decision = f"{d.action} ({d.reviewer})" if d else "—"
        message = r.findings[0].message if r.findings else ""
        rows.append([line_id, r.row, r.item[:24], VERDICT_ZH[r.verdict], decision, message[:60]])
    if rows:
        click.echo(tabulate(rows, headers=["line id", "行", "项目", "结论", "当前决定", "说明"], tablefmt="simple",
                            disable_numparse=True))
    click.echo(f"{len(results)} lines recorded in {review.db_path(db)}; {len(rows)} need a decision "
               f"(svccheck decide LINE_ID… approve|reject|return --reason …)", err=True)


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
    if action not in review.ACTIONS or not line_ids:
        raise SvccheckError("usage: svccheck decide LINE_ID… approve|reject|return --reason TEXT")
    if code is not None:
        if action != "approve":
            raise SvccheckError("--code goes with approve")
        if not codes.WELL_FORMED.match(code) or codes.level_of(code) != 4:
            raise SvccheckError(f"--code {code!r}: not a level-4 catalogue code")
    cat = _load_catalog(catalog_dir)
    who = reviewer or review.default_reviewer()
    with _open_store(db) as store:
        for line_id in line_ids:
            line = store.line(line_id)
            if line is None:
                raise SvccheckError(f"no line {line_id} in {store.path}; run `svccheck review FILE` first")
            if code is not None:
                import json

                sectors = json.loads(line["result"]).get("sectors") or [s.name for s in cat.sectors]
                if not any(cat.entry(s, code) for s in sectors):
                    raise SvccheckError(f"--code {code}: not an entry of {'、'.join(sectors)}")
            try:
                d = store.decide(line_id, action, reason, who, cat.edition_id, code)
            except review.ReviewError as exc:
                raise SvccheckError(str(exc)) from None
            click.echo(f"{d.line_id}: {d.action}{' ' + d.code if d.code else ''} by {d.reviewer} "
                       f"(decision {d.id}, {d.hash[:12]})")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--strict", is_flag=True, help="Warnings need an approving decision too.")
@_db_option
@_input_options
@_edition_option
@_lang_option
def gate(file, strict, db, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Exit 0 when FILE may pass: every line with an error approved, none rejected or returned."""
    from . import review

    table, results, cat, ids, _ = _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    with _open_store(db) as store:
        blocking = review.gate(results, ids, store.current(ids), strict)
    if not blocking:
        click.echo(f"PASS: {table.path}: {len(results)} lines, every line that needs a decision is approved")
        sys.exit(EXIT_OK)
    click.echo(f"BLOCKED: {table.path}: {len(blocking)} of {len(results)} lines still block approval")
    for b in blocking:
        click.echo(f"  {b.line_id}  row {b.row}  [{b.severity or '-'}] {b.verdict}  {b.item}: {b.reason}")
    sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="report.html or report.xlsx")
@click.option("--strict", is_flag=True, help="Count warnings as needing a decision.")
@_db_option
@_input_options
@_edition_option
@_lang_option
def report(file, output, strict, db, encoding, sheet, unit, sector_override, catalog_dir, lang):
    """Write the reviewer's report: a self-contained HTML page or an XLSX workbook."""
    from . import reports, review

    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".xlsx"):
        raise SvccheckError(f"{output}: the report is .html or .xlsx")
    table, results, cat, ids, _ = _checked(file, encoding, sheet, unit, sector_override, catalog_dir, lang)
    with _open_store(db) as store:
        decisions = store.all_decisions()
        ok, head, _, _ = store.verify()
        current = store.current(ids)
    history: dict[str, list] = {}
    for d in decisions:
        history.setdefault(d.line_id, []).append(d)
    data = reports.ReportData(table.path, cat.edition_id, review.now()[:19].replace("T", " ") + " UTC", results, ids,
                              history, review.gate(results, ids, current, strict), head, ok, strict)
    try:
        if suffix == ".xlsx":
            reports.to_xlsx(data, str(output))
        else:
            output.write_text(reports.to_html(data), encoding="utf-8")
    except OSError as exc:
        raise SvccheckError(f"{output}: cannot write ({exc.strerror})") from None
    click.echo(f"{output}: {len(results)} lines, {len(data.blocking)} blocking; chain head {head}")


@cli.group()
def audit():
    """Check the record of decisions."""


@audit.command("verify")
@_db_option
def audit_verify(db):
    """Recompute the hash chain of decisions; exit 1 and name the first bad record if anything changed."""
    with _open_store(db) as store:
        ok, head, problem, count = store.verify()
    if ok:
        click.echo(f"OK: {count} decisions, chain head {head}")
        sys.exit(EXIT_OK)
    click.echo(f"BROKEN: {problem}; {count} decisions verified before it; last good head {head}")
    sys.exit(EXIT_FINDINGS)


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
    click.echo(tabulate(rows, headers=["id", "name", "severity", "why"], tablefmt="simple"))


@rules.command("suggest")
@_db_option
@_edition_option
def rules_suggest(db, catalog_dir):
    """Turn approvals that put an item under an entry into alias suggestions (YAML for rules/aliases.yaml)."""
    import json

    from . import yamlio

    cat = _load_catalog(catalog_dir)
    with _open_store(db) as store:
        decisions = store.all_decisions()
        latest: dict[str, object] = {}
        for d in decisions:
            latest[d.line_id] = d
        suggestions: dict[tuple, dict] = {}
        for d in latest.values():
            if d.action != "approve":
                continue
            line = store.line(d.line_id)
            result = json.loads(line["result"])
            code = d.code or result.get("code")
            sector = next((s for s in (result.get("sectors") or []) if cat.entry(s, code or "")), result.get("sector"))
            if not code or not sector or not cat.entry(sector, code):
                continue
            if not d.code and result.get("verdict") == "ok" and (result.get("score") or 0) >= 80:
                continue  # the matcher already finds it with confidence
            key = (line["item"], sector, code)
            entry = suggestions.setdefault(key, {"item": line["item"], "sector": sector, "code": code,
                                                 "entry": cat.entry(sector, code).name, "approvals": 0,
                                                 "decisions": []})
            entry["approvals"] += 1
            entry["decisions"].append(d.id)
    items = sorted(suggestions.values(), key=lambda s: (-s["approvals"], s["sector"], s["code"]))
    header = ("# Alias suggestions from approved decisions (svccheck rules suggest).\n"
              "# Review each, then add the ones you accept under `aliases:` in rules/aliases.yaml.\n")
    click.echo(yamlio.dump({"aliases": items}, header), nl=False)


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
    cli(prog_name="svccheck")


if __name__ == "__main__":
    main()
