"""Safe YAML loading that keeps line numbers and refuses what the catalogue never needs.

PyYAML's own loaders silently keep the last of two duplicate keys, construct Python
objects for `!!python/...` tags (unsafe loaders) and expand aliases without limit. The
catalogue needs none of that, so this loader refuses aliases, deep nesting and
duplicate keys, and builds only plain mappings, lists and scalars that remember where
they stood.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass(frozen=True)
class YamlIssue:
    """A problem found while reading a YAML file, at 1-based line and column."""

    kind: str  # syntax | duplicate-key | alias | depth | tag | encoding | size | missing
    line: int
    column: int
    message: str


class YamlError(Exception):
    """A YAML file that cannot be read at all."""

    def __init__(self, path: Path, issue: YamlIssue):
        super().__init__(f"{path}:{issue.line}:{issue.column}: {issue.message}")
        self.path = path
        self.issue = issue


class LineDict(dict):
    """A mapping that remembers its own position and each key's position."""

    line: int = 0
    column: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_pos: dict[str, tuple[int, int]] = {}

    def pos(self, key: str) -> tuple[int, int]:
        """Line and column of `key`, or of the mapping itself when the key is absent."""
        return self.key_pos.get(key, (self.line, self.column))


class LineList(list):
    """A sequence that remembers its own position and each item's."""

    line: int = 0
    column: int = 0
    item_pos: tuple[tuple[int, int], ...] = ()

    def pos(self, index: int) -> tuple[int, int]:
        """Line and column of the item at `index`, or of the sequence itself."""
        return self.item_pos[index] if 0 <= index < len(self.item_pos) else (self.line, self.column)


# libyaml's parser when pyyaml has it (wheels do): the same events and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _event_position(event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, raising YamlError for a missing, huge or non-UTF-8 file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise YamlError(path, YamlIssue("missing", 0, 0, "file not found")) from None
    except OSError as exc:
        raise YamlError(path, YamlIssue("missing", 0, 0, f"cannot read: {exc.strerror}")) from None
    if len(data) > MAX_BYTES:
        raise YamlError(path, YamlIssue("size", 0, 0, f"file is larger than {MAX_BYTES} bytes"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(
            path, YamlIssue("encoding", line, 1, f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})")
        ) from None


def _prescan(text: str, path: Path, loader=_LOADER) -> None:
    """Refuse aliases and deep nesting before anything is built."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = _event_position(event)
                    raise YamlError(path, YamlIssue("depth", line, col, f"nesting deeper than {MAX_DEPTH} levels"))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line, col = _event_position(event)
                raise YamlError(path, YamlIssue("alias", line, col, "anchors and aliases are not allowed here"))
    except yaml.MarkedYAMLError as exc:
        if loader is not yaml.SafeLoader:
            # libyaml's wording of a syntax error is terser ("did not find expected ','"): the
            # pure-Python parser, which says what it got instead, reports it.
            return _prescan(text, path, yaml.SafeLoader)
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlError(path, YamlIssue("syntax", line, col, f"YAML syntax error: {exc.problem}")) from None


def parse(text: str, path: Path, duplicates: list[YamlIssue] | None = None):
    """Parse YAML text into LineDict/LineList/scalars.

    Duplicate keys are appended to `duplicates` when given (lint reports them and goes
    on); otherwise the first one raises YamlError.
    """
    _prescan(text, path)
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlError(path, YamlIssue("syntax", line, col, f"YAML syntax error: {exc.problem}")) from None
    finally:
        loader.dispose()

    def build(node):
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
            line, col = _mark(node)
            raise YamlError(path, YamlIssue("tag", line, col, f"unsupported tag {node.tag!r}"))
        if isinstance(node, yaml.MappingNode):
            out = LineDict()
            out.line, out.column = _mark(node)
            for key_node, value_node in node.value:
                key = build(key_node)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    line, col = _mark(key_node)
                    raise YamlError(path, YamlIssue("syntax", line, col, "mapping keys must be plain scalars"))
                if key in out:
                    line, col = _mark(key_node)
                    issue = YamlIssue(
                        "duplicate-key", line, col,
                        f'duplicate key "{key}" (first at line {out.key_pos[key][0]}); YAML keeps only the last',
                    )
                    if duplicates is None:
                        raise YamlError(path, issue)
                    duplicates.append(issue)
                out[key] = build(value_node)
                out.key_pos.setdefault(key, _mark(key_node))
            return out
        if isinstance(node, yaml.SequenceNode):
            out = LineList(build(item) for item in node.value)
            out.line, out.column = _mark(node)
            out.item_pos = tuple(_mark(item) for item in node.value)
            return out
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            line, col = _mark(node)
            raise YamlError(path, YamlIssue("tag", line, col, f"unsupported tag {node.tag!r}: {exc.problem}")) from None

    constructor = yaml.SafeLoader("")
    if root is None:
        return None
    return build(root)


def load(path: Path, duplicates: list[YamlIssue] | None = None):
    """Read and parse a YAML file (see `parse`)."""
    return parse(read_text(path), path, duplicates)


class _Dumper(yaml.SafeDumper):
    """Block style, Chinese kept readable, lists indented under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def dump(data, header: str = "") -> str:
    """Serialise plain data as readable YAML (UTF-8, no key sorting)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


_Dumper.add_representer(LineDict, lambda dumper, data: dumper.represent_dict(data.items()))
_Dumper.add_representer(LineList, lambda dumper, data: dumper.represent_list(data))
