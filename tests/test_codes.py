import pytest

from checker import codes


@pytest.mark.parametrize("raw", ["A", "A15", "A1502", "A150201"])
def test_well_formed(raw):
    assert codes.check_code(raw).well_formed


@pytest.mark.parametrize(
    "raw, corrected, reason",
    [
        ("150201", "A150201", "missing-a"),
        ("a100401", "A100401", "lower-case"),
        ("AA120301", "A120301", "double-a"),
        ("B020901", "A020901", "wrong-letter"),
        ("A-170301", "A170301", "separator"),
        ("A1702-04", "A170204", "separator"),
        ("A 160901", "A160901", "separator"),
        ("A0202O2", "A020202", "lookalike"),
        ("A18050l", "A180501", "lookalike"),
        ("Ａ１５０２０１", "A150201", "full-width"),
    ],
)
def test_malformed_with_correction(raw, corrected, reason):
    check = codes.check_code(raw)
    assert not check.well_formed
    assert check.corrected == corrected
    assert reason in check.reasons


@pytest.mark.parametrize("raw", ["A16030", "A1101033", "A04022", "XYZ"])
def test_malformed_without_correction(raw):
    check = codes.check_code(raw)
    assert not check.well_formed and check.corrected is None


def test_levels_and_parents():
    assert codes.level_of("A") == 1 and codes.level_of("A150201") == 4 and codes.level_of("160601") == 4
    assert codes.level_of("A15020") is None
    assert codes.parent_of("A150201") == "A1502" and codes.parent_of("A15") == "A"
    assert codes.extends("A140102", "A1401") and not codes.extends("A040102", "A1401")


def test_one_digit_dropped_or_added_in_copying():
    from checker.codes import one_digit_off

    assert one_digit_off("16023", "160203") and one_digit_off("1402020", "140202")
    assert not one_digit_off("16032", "160203") and not one_digit_off("160203", "160203")
