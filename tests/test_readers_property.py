"""Property-based tests for the readers (issue #9): whatever bytes or text arrive, the amount
parser and the CSV reader either give an answer or an InputError, never another exception,
and no physical line of data is lost."""
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import codes, intake

AMOUNT_CHARS = st.text(alphabet="0123456789,.-+eE_ 万元，９NaninfINF", max_size=24)


@given(AMOUNT_CHARS, st.sampled_from(["wan", "yuan", "qian"]))
def test_amount_parser_never_raises_and_gives_finite_or_none(raw, unit):
    value = intake.parse_amount(raw, unit)
    assert value is None or (isinstance(value, Decimal) and value.is_finite())


@given(st.integers(min_value=0, max_value=10 ** 12), st.integers(min_value=0, max_value=99))
def test_well_formed_thousands_read_exactly(whole, cents):
    text = f"{whole:,}.{cents:02d}"
    assert intake.parse_amount(text, "wan") == Decimal(f"{whole}.{cents:02d}")


@given(st.text(max_size=12))
def test_code_checker_never_raises(raw):
    check = codes.check_code(raw)
    assert check.code is None or codes.WELL_FORMED.match(check.code)


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=12))
def test_csv_reader_keeps_every_line_or_refuses_the_file(rows):
    text = "项目名称,金额\n" + "\n".join(",".join(r) for r in rows) + "\n"
    try:
        table = intake.read_csv_text(text, "<p>", "utf-8", None)
    except intake.InputError:
        return
    lines = [table.layout["header_row"]] if isinstance(table.layout["header_row"], int) else table.layout["header_row"]
    seen = set(lines) | {r.sheet_row for r in table.rows} | {s["row"] for s in table.layout["skipped_rows"]}
    physical = len(text.splitlines())
    # Every physical line is a header, a data row, a skipped note, or inside a quoted multi-line cell.
    assert len(table.rows) <= physical
    assert max(seen) <= physical


@settings(max_examples=100)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_table_or_an_input_error(data):
    try:
        intake._read_bytes(data, "<bytes>", None, None, None, intake.MAX_ROWS)
    except intake.InputError:
        pass
