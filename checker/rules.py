"""Rule metadata (rules/*.yaml): ids, severities and messages in Chinese and English."""
from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from . import paths, yamlio

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """One rule: the engine stamps id, name and severity on what a check reports."""

    id: str
    name: str
    severity: str
    why_zh: str
    why_en: str
    message_zh: str
    message_en: str

    def message(self, lang: str, **details) -> str:
        """The rule's message in `lang` ("zh" or "en") with details filled in."""
        template = self.message_en if lang == "en" else self.message_zh
        # Strict: a placeholder the check did not fill is a defect, found by the tests, not
        # a `{holders}` shown to a user.
        return template.format_map(details)

    def placeholders(self, lang: str) -> set[str]:
        """The names a message template in `lang` needs."""
        template = self.message_en if lang == "en" else self.message_zh
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load(family: str) -> dict[str, Rule]:
    """All rules of one family of the bundled rule set (rules/<family>.yaml), by id."""
    return load_family(paths.rules_dir(), family)


def load_family(rules_dir: Path, family: str) -> dict[str, Rule]:
    """All rules of one family file (<rules_dir>/<family>.yaml), by id."""
    data = yamlio.load(rules_dir / f"{family}.yaml")
    out = {}
    for item in data["rules"]:
        fields = {k: str(item.get(k, "")) for k in Rule.__dataclass_fields__}
        if fields["severity"] not in SEVERITIES:
            raise ValueError(f"rule {fields['id']}: unknown severity {fields['severity']!r}")
        out[fields["id"]] = Rule(**fields)
    return out
