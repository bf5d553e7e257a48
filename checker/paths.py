"""Where the bundled data lives: inside the installed package, or at the repository root."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DEFAULT_EDITION = "shanxi-2025"


@lru_cache(maxsize=None)
def data_root() -> Path:
    """The folder holding catalog/, rules/ and data/ (wheel: checker/_data; checkout: repo root)."""
    installed = PACKAGE / "_data"
    if (installed / "catalog").is_dir():
        return installed
    return PACKAGE.parent


def catalog_dir(edition: str = DEFAULT_EDITION) -> Path:
    """The folder of a bundled catalogue edition."""
    return data_root() / "catalog" / edition


def rules_dir() -> Path:
    """The folder of rule data (rules/*.yaml)."""
    return data_root() / "rules"


def schema_path() -> Path:
    """The JSON Schema of sector files."""
    return PACKAGE / "schema" / "sector.schema.json"
