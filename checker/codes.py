"""Catalogue codes: `A` + 0, 2, 4 or 6 digits, one level per two digits."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# ASCII digits only: Python's \d would also take full-width ０-９, which a clerk's IME slips in.
WELL_FORMED = re.compile(r"^A(?:[0-9]{2}){0,3}$")
# Letters that clerks type for digits they look like (O for 0, l for 1).
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·/、,，]+")


def level_of(code: str) -> int | None:
    """Level implied by a code's digits (1 for `A`, 4 for `A150201`); None if impossible."""
    digits = code[1:] if code[:1].isalpha() else code
    if not (digits.isascii() and digits.isdigit()) and digits != "":
        return None
    if len(digits) % 2 or len(digits) > 6:
        return None
    return len(digits) // 2 + 1


def parent_of(code: str) -> str | None:
    """The code of the level above (`A1502` for `A150201`), or None for the root."""
    if not WELL_FORMED.match(code) or code == "A":
        return None
    return code[:-2] if len(code) > 3 else "A"


def extends(child: str, parent: str) -> bool:
    """Whether `child` is `parent` plus exactly one level of digits."""
    return parent_of(child) == parent


@dataclass(frozen=True)
class CodeCheck:
    """What a code as written says: well formed or not, and the code it was meant to be."""

    raw: str
    well_formed: bool
    corrected: str | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def code(self) -> str | None:
        """The usable code: the raw one when well formed, else the correction if any."""
        return self.raw if self.well_formed else self.corrected


def check_code(raw: str) -> CodeCheck:
    """Classify a code as written by a department and propose the code it stands for.

    Reasons are short rule keys (`missing-a`, `lower-case`, `full-width`, `separator`,
    `lookalike`, `double-a`, `wrong-letter`, `length`) used to pick the message.
    """
    if WELL_FORMED.match(raw):
        return CodeCheck(raw, True)
    reasons: list[str] = []
    text = raw
    nfkc = unicodedata.normalize("NFKC", text)
    if nfkc != text:
        reasons.append("full-width")
        text = nfkc
    stripped = _SEPARATORS.sub("", text)
    if stripped != text:
        reasons.append("separator")
        text = stripped
    if text[:1] == "a":
        reasons.append("lower-case")
        text = "A" + text[1:]
    if text[:2].upper() == "AA":
        reasons.append("double-a")
        text = text[1:]
    head, tail = (text[:1], text[1:]) if text[:1].isalpha() and text[:1] not in "OolIi" else ("", text)
    fixed_tail = tail.translate(_DIGIT_LOOKALIKES)
    if fixed_tail != tail:
        reasons.append("lookalike")
        tail = fixed_tail
    if head == "":
        reasons.append("missing-a")
    elif head != "A":
        reasons.append("wrong-letter")
    candidate = "A" + tail
    if WELL_FORMED.match(candidate):
        return CodeCheck(raw, False, candidate, tuple(reasons))
    if tail.isdigit():
        reasons.append("length")
    return CodeCheck(raw, False, None, tuple(reasons) or ("length",))


def transpositions(code: str) -> list[str]:
    """Codes one swap of two adjacent digits away (A110130 → A110103, A111030 …)."""
    digits = code[1:]
    out = []
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            out.append("A" + digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    return out


def one_digit_off(digits: str, code_digits: str) -> bool:
    """Whether `digits` is `code_digits` with one digit dropped or one digit added."""
    if len(digits) == len(code_digits) - 1:
        return any(code_digits[:i] + code_digits[i + 1:] == digits for i in range(len(code_digits)))
    if len(digits) == len(code_digits) + 1:
        return any(digits[:i] + digits[i + 1:] == code_digits for i in range(len(digits)))
    return False
