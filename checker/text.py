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
