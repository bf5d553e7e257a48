"""Small text helpers shared by the importer, lint and the matcher."""
from __future__ import annotations

import re

# A space between two Han characters (or Han and full-width punctuation) is a PDF line
# wrap, never a word break: Chinese is written without spaces.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’"
WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_HALF_TO_FULL_PARENS = str.maketrans({"(": "（", ")": "）"})


def unwrap(name: str) -> str:
    """Remove PDF wrap spaces from a name (`服 务` → `服务`)."""
    return WRAP_SPACE.sub("", name)


def tidy_level_name(name: str) -> str:
    """The form a level 1-3 name takes in the catalogue: no wrap spaces, full-width parentheses."""
    return re.sub(r"\s*([（(])", r"\1", unwrap(name)).translate(_HALF_TO_FULL_PARENS)


# Characters that would act on a terminal or a reader instead of being shown: C0 and C1
# controls (ESC starts colour and cursor sequences, OSC can retitle a window or make links),
# DEL, and the bidirectional overrides that can make text read backwards.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0, and so an XLSX cell, cannot hold at all.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _picture(m: re.Match) -> str:
    c = ord(m.group(0))
    if c < 0x20:
        return chr(0x2400 + c)  # ␀ … ␟, the Unicode control pictures (␛ for ESC)
    if c == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{c:04X}>"


def visible(text: str) -> str:
    """Text safe to print on a terminal: every control character shown as a picture (ESC → ␛)."""
    return _CONTROL.sub(_picture, text) if text and _CONTROL.search(text) else text


def has_controls(text: str) -> bool:
    """Whether text holds a character that `visible` would replace."""
    return bool(text) and _CONTROL.search(text) is not None
