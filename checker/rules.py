"""Rule metadata (rules/*.yaml): ids, severities and messages in Chinese and English."""
from __future__ import annotations

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
        return template.format_map(_Lenient(details))


class _Lenient(dict):
    """Leave a placeholder visible rather than crash when a detail is missing."""

    def __missing__(self, key):
        return "{" + key + "}"


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
