"""Build the CJK font vendored for the HTML report: a subset of Noto Sans CJK SC Regular.

    python tools/build_cjk_font.py [SOURCE.ttc|otf]   (default: Debian's fonts-noto-cjk)

The subset holds GB 2312's symbols and level-1 hanzi (the 3,755 most common characters) plus
every non-ASCII character of the catalogue, the rules, the samples and svccheck's own text, as
WOFF2 with hinting kept. Each report embeds a further subset of it: only the characters that
report uses. Noto Sans CJK is under the SIL Open Font License 1.1 (checker/fonts/OFL.txt).
Needs fonttools and brotli. Rerun when a new catalogue edition brings new characters.
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "checker" / "fonts" / "NotoSansCJKsc-Regular-subset.woff2"
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FAMILY = "Noto Sans CJK SC"


def gb2312(first: int, last: int) -> set[str]:
    """The characters of GB 2312 rows first..last (lead bytes)."""
    out = set()
    for lead in range(first, last + 1):
        for trail in range(0xA1, 0xFF):
            try:
                out.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def project_characters() -> set[str]:
    files = [*ROOT.glob("catalog/**/*.yaml"), *ROOT.glob("rules/*.yaml"), *ROOT.glob("checker/**/*.py"),
             *ROOT.glob("data/samples/*.csv")]
    return {c for f in files for c in f.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x7F}


def characters() -> set[str]:
    return gb2312(0xA1, 0xA9) | gb2312(0xB0, 0xD7) | project_characters()


def load(source: str) -> TTFont:
    if source.lower().endswith((".ttc", ".otc")):
        collection = TTCollection(source, lazy=True)
        for number, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1) == FAMILY:
                return TTFont(source, fontNumber=number)
        raise SystemExit(f"{source}: no {FAMILY} in this collection")
    return TTFont(source)


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    font = load(source)
    cmap = font.getBestCmap()
    wanted = characters()
    missing = sorted(c for c in wanted if ord(c) not in cmap and not c.isspace())
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in wanted if ord(c) in cmap))
    subsetter.subset(font)
    font.flavor = "woff2"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(wanted) - len(missing)} characters, {OUT.stat().st_size:,} bytes"
          + (f"; not in the font: {''.join(missing)}" if missing else ""))


if __name__ == "__main__":
    main()
