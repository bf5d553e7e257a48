"""`svccheck match`: each procurement line against the sector lists its department may buy from.

One primary verdict per line, the first that applies in VERDICTS order; every line may
carry several findings. Scoring is batched: each distinct (item, sector lists) pair is
scored once, with rapidfuzz's cdist per group of lines that share their sector lists.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from . import codes, paths, rules, textmatch, yamlio
from .catalog import Catalog, cache_dir, prune_cache
from .departments import DepartmentIndex
from .intake import InputRow, InputTable
from .wording import Wording, code_in_item, without_own_name

CHUNK = 20_000  # rows decided together: large enough for batched scoring, small enough for memory
REMEMBERED_DECISIONS = 25_000  # decisions kept for reuse by later lines with the same structure
CACHE_LIMIT = 16_384  # per-text caches are cleared when they reach this: memory stays flat on long inputs


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


PARALLEL_FROM = 5_000  # rows: shorter inputs are decided faster in one process than sent to workers
PARALLEL_CHUNK = 10_000  # rows sent to the workers at a time: one chunk is read while the one before is decided
# How many of the best entries by words are read for the people they serve: the choice and its
# runner-up are among them.
PEOPLE_READ = 64
LOCAL_SHARE = 0.3  # of the decisions, made by the main process itself at two jobs
WORKER_BATCH_CELLS = 500_000  # score matrices of each worker: smaller, as several processes hold them at once
_WORKER_ENGINE: "Engine | None" = None  # the engine a forked worker process inherits


def _start_worker() -> None:
    textmatch.SCORER_THREADS = 1  # the cores are shared among the workers already
    textmatch.BATCH_CELLS = WORKER_BATCH_CELLS


def _structures_in_worker(items: list[str]) -> list[str]:
    assert _WORKER_ENGINE is not None
    return [_WORKER_ENGINE.wording.shape(item) for item in items]


def _decide_in_worker(probes: list[tuple]) -> list[tuple]:
    assert _WORKER_ENGINE is not None
    return _WORKER_ENGINE.decide_probes(probes)


class _Workers:
    """The main process and jobs - 1 worker processes forked from its built engine, so that
    nothing of the engine is sent to them: only lines' texts go out, and their structures, then
    their decisions, come back as plain data.

    The main process reads and writes every line, so it takes a smaller share of the decisions
    (LOCAL_SHARE at two jobs), made while the workers make theirs. A text goes to the same
    process for its structure and for its decision, where the structure is already known. A
    worker that dies (killed for memory, say) costs time, not results: its part is done here,
    and so is everything after it."""

    def __init__(self, engine: "Engine", jobs: int):
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER_ENGINE
        _WORKER_ENGINE = engine
        self.engine = engine
        self.broken = False
        self.local_share = int(1000 * max(0.0, 1 / jobs - (0.5 - LOCAL_SHARE)))  # per mille
        # The engine's objects are only read by the workers: kept out of the collector, their
        # pages stay shared with this process instead of being copied on the first collection.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        self.pools = [ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker)
                      for _ in range(jobs - 1)]

    @staticmethod
    def available() -> bool:
        import multiprocessing
        import sys

        # fork shares the built engine for free; where it is missing or unsafe (Windows, macOS), run in one process.
        return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()

    def _slot(self, text: str) -> int:
        """0 for this process, else 1 + the worker's number."""
        h = hash(text)
        return 0 if h % 1000 < self.local_share else 1 + h % len(self.pools)

    def _spread(self, remote, local, tasks: list, text_of) -> "_Joined":
        parts: list[list] = [[] for _ in range(len(self.pools) + 1)]
        where = []
        for task in tasks:
            slot = self._slot(text_of(task))
            where.append((slot, len(parts[slot])))
            parts[slot].append(task)
        pending = [None] + [self._submit(pool, remote, part) if part else None
                            for pool, part in zip(self.pools, parts[1:])]
        return _Joined(self, pending, parts, local, where)

    def _submit(self, pool, remote, part):
        from concurrent.futures.process import BrokenProcessPool

        if self.broken:
            return None
        try:
            return pool.submit(remote, part)
        except BrokenProcessPool:
            self.broken = True
            return None

    def structures(self, items: list[str]) -> "_Joined":
        shape = self.engine.wording.shape
        return self._spread(_structures_in_worker, lambda part: [shape(i) for i in part], items, lambda i: i)

    def decide(self, probes: list[tuple]) -> "_Joined":
        return self._spread(_decide_in_worker, self.engine.decide_probes, probes, lambda probe: probe[0])

    def close(self) -> None:
        import gc

        global _WORKER_ENGINE
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_ENGINE = None
        gc.unfreeze()


class _Joined:
    """A call's answers, in the order of its tasks: this process's part is worked out when they
    are asked for (the workers work on theirs meanwhile), then the workers' parts are collected."""

    def __init__(self, workers: _Workers, pending: list, parts: list[list], local, where: list[tuple[int, int]]):
        self.workers, self.pending, self.parts, self.local, self.where = workers, pending, parts, local, where

    def get(self) -> list:
        from concurrent.futures.process import BrokenProcessPool

        answers: list[list] = []
        for slot, (future, part) in enumerate(zip(self.pending, self.parts)):
            if not part:
                answers.append([])
                continue
            if slot == 0:
                answers.append(self.local(part))
                continue
            try:
                if future is None:
                    raise BrokenProcessPool
                answers.append(future.result())
            except BrokenProcessPool:
                self.workers.broken = True
                answers.append(self.local(part))
        return [answers[slot][i] for slot, i in self.where]


VERDICTS = (
    "unreadable", "total", "blank", "not_a_service", "malformed_code", "unknown_code", "code_not_allowed", "code_mismatch",
    "other_department", "outside_catalogue", "ok",
)
# Rows kept at their place in every output but not budget lines: a 合计/小计 row sums lines, a
# blank row (a spacer between a table's parts) holds none; neither is counted, summed or decided.
NOT_LINES = ("total", "blank")
_CLAUSES = re.compile("[,，;；。]")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
SEVERITY_NAMES = {rank: name for name, rank in SEVERITY_RANK.items()}
_UNSET = object()
# Findings about a row itself (its cells, department, amount), never copied to another line
# that shares its decision.
ROW_RULES = ("MT00", "MT10", "MT11", "MT16", "MT17", "MT18", "MT22", "MT23")
UNUSABLE = ("unreadable", "undecodable", "unclosed-quote")  # findings about the row itself, not its decision

REASONS = {
    "missing-a": ("缺少前导字母 A", "missing the leading A"),
    "lower-case": ("字母 a 应大写", "lower-case a"),
    "full-width": ("含全角字符", "full-width characters"),
    "separator": ("含空格或连字符", "spaces or hyphens"),
    "lookalike": ("数字写成了相似的字母", "letters for look-alike digits"),
    "double-a": ("字母 A 重复", "doubled A"),
    "wrong-letter": ("首字母不是 A", "the first letter is not A"),
    "length": ("位数不对", "wrong number of digits"),
}
AMOUNT_PROBLEMS = {
    "amount-negative": ("为负数", "is negative"),
    "amount-absurd": ("超过 1 亿万元，不可能是一行预算，已从合计中剔除", "exceeds 10^8 万元, impossible for one line; left out of every sum"),
    "amount-date": ("是日期格式的单元格，不是金额", "is a date-formatted cell, not an amount"),
    "amount-formula": ("是没有保存计算结果的公式（文件由程序生成）；在 Excel 或 WPS 中打开并保存后再核对",
                       "is a formula saved without its result (a file written by a program); open and save it in "
                       "Excel or WPS, then check again"),
}
INPUT_PROBLEMS = {
    "unreadable": ("无法解析：{detail}", "cannot be parsed: {detail}"),
    "ragged": ("列数为 {found}，表头为 {expected} 列", "{found} cells where the header has {expected}"),
    "undecodable": ("含无法解码的字节", "contains bytes that could not be decoded"),
    "no-item": ("没有项目名称", "no item text"),
    "unclosed-quote": ("此行的引号没有闭合（“{text}”），后面的行已单独读取；请检查该行",
                       'a quote opened on this line never closes ("{text}"); the lines after it were read on their own'),
}


@dataclass(frozen=True)
class Finding:
    """One finding on a line: a rule and the facts it was raised with.

    The message is rendered from the rule's template when it is shown, in the language
    asked for; the facts (`args`) are the same whatever the language.
    """

    rule: str
    name: str
    severity: str
    args: tuple[tuple[str, object], ...]
    template: "rules.Rule" = field(repr=False, compare=False)
    lang: str = "zh"

    def render(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the language the run was asked for)."""
        return self.template.message(lang or self.lang, **dict(self.args))

    @property
    def message(self) -> str:
        return self.render()

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    def to_dict(self, lang: str | None = None) -> dict:
        return {"rule": self.rule, "name": self.name, "severity": self.severity, "message": self.render(lang),
                "args": dict(self.args)}

    @property
    def as_dict(self) -> dict:
        return self.to_dict()


@dataclass
class Result:
    """What match says about one input row."""

    row: int
    department: str
    item: str
    given_code: str
    amount_wan: Decimal | None
    cells: dict
    verdict: str = "ok"
    sectors: tuple[str, ...] = ()
    code: str | None = None
    sector: str | None = None
    entry_name: str | None = None
    score: float | None = None
    alternatives: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    explain: dict | None = None  # with --explain: the text as compared and the top candidates
    sheet_row: int | None = None  # the row number a person sees in the file (Excel row or CSV line)
    # The line as the checker reads it: the item without the department's own name in front
    # (泽州县应急管理局安全生产应急救援演练 is read as 安全生产应急救援演练); `item` stays as written.
    text: str = ""
    _severity: object = field(default=_UNSET, repr=False, compare=False)
    _same_as: "Result | None" = field(default=None, repr=False, compare=False)
    _decision: dict | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.item or ""

    def copy_decision(self, other: "Result") -> None:
        """Take another line's decision (same lists, item and code), keeping this line's own input findings."""
        own_input = [f for f in self.findings if f.rule in ROW_RULES]
        other_input = [f for f in other.findings if f.rule in ROW_RULES]
        self.verdict, self.code, self.sector = other.verdict, other.code, other.sector
        # Copies get their own lists: one line's result can change without touching another's.
        self.entry_name, self.score, self.alternatives = other.entry_name, other.score, list(other.alternatives)
        self.explain = other.explain
        if own_input or other_input:
            self.findings = own_input + [f for f in other.findings if f.rule not in ROW_RULES]
        else:
            self.findings = list(other.findings)
            self._same_as = other

    def snapshot(self) -> "Result":
        """The decision alone, for later lines to copy: no cells, row or input findings, so that the
        decisions remembered across chunks do not keep their rows alive."""
        kept = Result(0, "", self.item, self.given_code, None, {}, self.verdict, self.sectors, self.code, self.sector,
                      self.entry_name, self.score, list(self.alternatives),
                      [f for f in self.findings if f.rule not in ROW_RULES], self.explain)
        kept.settle()
        return kept

    @property
    def severity(self) -> str | None:
        """The highest severity among the findings (kept once the line is decided)."""
        if isinstance(self._severity, str) or self._severity is None:
            return self._severity
        return self._worst()

    def _worst(self) -> str | None:
        return SEVERITY_NAMES[max(f.rank for f in self.findings)] if self.findings else None

    def settle(self) -> None:
        """Freeze the severity: findings do not change after the decision."""
        self._severity = self._worst()

    def decision_dict(self) -> dict:
        """The decided part of the JSON record, built once for all lines that share it."""
        if self._same_as is not None:
            return self._same_as.decision_dict()
        if self._decision is None:
            self._decision = {
                "verdict": self.verdict, "sectors": list(self.sectors), "code": self.code, "sector": self.sector,
                "entry": self.entry_name, "score": self.score, "severity": self.severity,
                "alternatives": self.alternatives, "findings": [f.as_dict for f in self.findings],
            }
        return self._decision

    def to_dict(self) -> dict:
        """The JSON record of the line (the design's `match` contract)."""
        record: dict = {
            "row": self.row, "sheet_row": self.sheet_row, "department": self.department, "item": self.item, "given_code": self.given_code or None,
            "amount_wan": float(self.amount_wan) if self.amount_wan is not None else None,
        }
        record.update(self.decision_dict())
        if self.explain is not None:
            record["explain"] = self.explain
        return record


@dataclass(frozen=True)
class _Group:
    kind: str
    kind_zh: str
    source: str
    terms: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]


def _negative_list(rules_dir: Path) -> tuple[_Group, ...]:
    data = yamlio.load(rules_dir / "not-a-service.yaml")
    return tuple(
        _Group(g["kind"], g["kind_zh"], g["source"], tuple(textmatch.compile_rule(t) for t in g["terms"]),
               tuple(textmatch.compile_rule(u) for u in g.get("unless", [])))
        for g in data["groups"]
    )


def _support_groups(rules_dir: Path) -> tuple[tuple[str, str, re.Pattern, re.Pattern | None], ...]:
    # As in the negative list, `unless` clears a group's terms again (a lawyer for every village).
    data = yamlio.load(rules_dir / "support-services.yaml")
    return tuple((g["kind"], g["kind_en"], textmatch.compile_rule("|".join(f"(?:{t})" for t in g["terms"])),
                  textmatch.compile_rule("|".join(f"(?:{u})" for u in g["unless"])) if g.get("unless") else None)
                 for g in data["groups"])


def _verdicts(rules_dir: Path) -> tuple[str, ...]:
    """The verdicts in precedence order (rules/match.yaml `verdicts`): when several apply, the first wins."""
    data = yamlio.load(rules_dir / "match.yaml")
    order = tuple(str(v["id"]) for v in data.get("verdicts") or [])
    if set(order) != set(VERDICTS) or len(order) != len(VERDICTS):
        raise ValueError(f"{rules_dir / 'match.yaml'}: `verdicts` must list each of {', '.join(VERDICTS)} once")
    return order


def _load_aliases(aliases: list, entry_pos: dict, normalise) -> dict[str, list[int]]:
    """rules/aliases.yaml as normalised item → entry indexes (entries no longer in the catalogue are skipped)."""
    out: dict[str, list[int]] = {}
    for alias in aliases:
        entry = entry_pos.get((str(alias.get("sector")), str(alias.get("code"))))
        if entry is not None and alias.get("item"):
            out.setdefault(normalise(str(alias["item"])), []).append(entry)
    return out


def _load_glosses(edition_dir: Path | None, entries: list, entry_pos: dict,
                  keys: tuple[str, ...] = ("glosses", "terms", "sentences")) -> dict[str, dict[int, list[str]]]:
    """Mappings of an edition's glosses/*.yaml, by sector and code, as entry index → strings:
    `glosses` (the phrasings clerks use for an entry), `terms` (the words a clerk's description
    of it contains) and `sentences` (descriptions of the work in plain words). A code no longer
    in the sector's list is skipped (lint names it)."""
    import yaml

    out: dict[str, dict[int, list[str]]] = {key: {} for key in keys}
    folder = Path(edition_dir) / "glosses" if edition_dir else None
    if folder is None or not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if not isinstance(doc, dict):
            continue
        sector = str(doc.get("sector", ""))
        for key in keys:
            if not isinstance(doc.get(key), dict):
                continue
            for code, phrasings in doc[key].items():
                entry = entry_pos.get((sector, str(code)))
                if entry is not None and isinstance(phrasings, list):
                    out[key].setdefault(entry, []).extend(str(p) for p in phrasings if p)
    # An entry printed with the same name in several lists (政府法律顾问服务) is the same service:
    # what clerks call it in one list they call it in all.
    by_name: dict[str, list[int]] = {}
    for i, entry_ in enumerate(entries):
        by_name.setdefault(entry_.name, []).append(i)
    for mapping in out.values():
        for same in by_name.values():
            shared = list(dict.fromkeys(p for i in same for p in mapping.get(i, ())))
            if shared:
                for i in same:
                    mapping[i] = shared
    return out


class RuleSet:
    """The rules one edition is checked with: rule metadata, matching tables, negative list, aliases.

    An edition folder may carry its own `rules/`; otherwise the bundled rules apply. Nothing
    is cached at module level, so two editions can be checked side by side in one process.
    """

    def __init__(self, rules_dir: Path):
        self.dir = rules_dir
        self.match = rules.load_family(rules_dir, "match")
        self.tables = textmatch.Tables.load(rules_dir)
        self.negative = _negative_list(rules_dir)
        self.support = _support_groups(rules_dir)
        self.aliases = (yamlio.load(rules_dir / "aliases.yaml") or {}).get("aliases") or []
        self.verdicts = _verdicts(rules_dir)

    @classmethod
    def for_edition(cls, catalog_dir: Path | None) -> "RuleSet":
        own = Path(catalog_dir) / "rules" if catalog_dir else None
        return cls(own if own is not None and own.is_dir() else paths.rules_dir())


class Classifier:
    """The negative list and the class-B list over a line's structure (places and notes removed)."""

    def __init__(self, ruleset: RuleSet, wording):
        self.negative = ruleset.negative
        self.support = ruleset.support
        self.wording = wording
        self._negative: dict[str, tuple[_Group, str] | None] = {}
        # Most lines hit no term at all: one search over every term says so at once.
        terms = [t.pattern for g in self.negative for t in g.terms]
        try:
            self._any_negative: re.Pattern | None = re.compile("|".join(f"(?:{t})" for t in terms)) if terms else None
        except re.error:  # terms that cannot be joined (a repeated group name) are tried one by one
            self._any_negative = None
        self._support: dict[str, tuple[str, str] | None] = {}

    def not_a_service(self, item: str) -> tuple[_Group, str] | None:
        """The negative-list group an item falls in, and the term that matched.

        Read twice when a procurement register's words wrap the line: with them (执法记录仪采购中标
        结果公告 is goods by its 采购) and without (…抚恤金框架协议 is a transfer by its end)."""
        if item in self._negative:
            return self._negative[item]
        found = None
        for text in dict.fromkeys((self.wording.as_written(item), self.wording.structure(item))):
            found = self._classify(text)
            if found:
                break
        if len(self._negative) > CACHE_LIMIT:
            self._negative.clear()
        self._negative[item] = found
        return found

    def _classify(self, text: str) -> tuple[_Group, str] | None:
        for group in self.negative if self._any_negative is None or self._any_negative.search(text) else ():
            for term in group.terms:
                hit = term.search(text)
                if hit and not any(u.search(text) for u in group.unless):
                    return group, hit.group(0)
        return None

    def support_service(self, item: str) -> tuple[str, str] | None:
        """(kind, kind_en) when an item looks like a class-B support service."""
        if item in self._support:
            return self._support[item]
        text = self.wording.structure(item)
        found = next(((kind, kind_en) for kind, kind_en, terms, unless in self.support
                      if terms.search(text) and not (unless and unless.search(text))), None)
        if len(self._support) > CACHE_LIMIT:
            self._support.clear()
        self._support[item] = found
        return found


KIND_EN = {"goods": "goods", "works": "works", "bundled-works": "works bundled with services",
           "financing": "financing", "transfer": "a transfer to individuals", "hiring": "hiring or labour dispatch",
           "own-duty": "a duty the government performs itself"}


# What an engine builds from an edition's files and its rules (the wording, the name and term
# indexes, the words index: about a second) is the same for every engine of the process built
# from the same files: the web page's checks and a test suite's hundred commands build it once.
_PREPARED: dict[str, tuple] = {}


def _prepared_key(catalog: Catalog, ruleset: RuleSet) -> str | None:
    if not catalog.signature:
        return None  # an edition built in memory: nothing says two of them are the same
    rules = sorted(Path(ruleset.dir).glob("*.yaml"))
    stamps = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in rules)
    return f"{catalog.signature}|{Path(ruleset.dir).resolve()}|{stamps}"


# Building them takes 1.5 s of a command's 2 s on a small file; unpickling takes 0.1 s. They are
# kept beside the compiled catalogue, named by everything they are built from: the edition's
# and the rules' files, and the code and libraries that build and read them.
def _stored_indexes_path(key: str) -> Path | None:
    import hashlib
    import sys

    import rapidfuzz
    import scipy

    code = [Path(str(m.__file__)) for m in (textmatch, sys.modules[Wording.__module__], sys.modules[__name__])]
    try:
        stamps = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in code)
    except OSError:
        return None  # code that cannot be dated (a zipped install): built each time, never stored
    versions = f"{sys.version_info[:3]}|{np.__version__}|{scipy.__version__}|{rapidfuzz.__version__}"
    digest = hashlib.sha256(f"{key}|{stamps}|{versions}".encode()).hexdigest()[:24]
    return cache_dir() / f"indexes-{digest}.pickle"


def _stored_indexes(key: str, path: Path) -> tuple | None:
    import pickle

    try:
        with open(path, "rb") as f:
            stored_key, prepared = pickle.load(f)
        return prepared if stored_key == key else None
    except Exception:  # noqa: BLE001 - a missing, stale or damaged file is rebuilt, whatever broke it
        return None


def _store_indexes(key: str, path: Path, prepared: tuple) -> None:
    import os
    import pickle

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((key, prepared), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune_cache("indexes-*.pickle")
    except OSError:
        pass  # a read-only home still works, just without the stored indexes


_AREAS = frozenset({"农村", "城市"})  # `served` words that say where, not whom (城镇 is read as 城市)
# Names for the same people, as `served` finds them in lines and entry names: 残疾儿童 are 残疾人
# too; 五保 is the old name of 特困人员 (农村五保供养 became 特困人员救助供养 in 2014).
_SAME_PEOPLE = {"老年人": "老人", "残疾": "残疾人", "城镇": "城市", "五保老人": "特困人员", "五保户": "特困人员", "五保": "特困人员",
                "特困户": "特困人员", "低保户": "低保"}
# People words whose groups overlap without being one: a 学生 may be a 儿童 or a 青少年 (留守儿童家访
# for 爹妈在外打工的学生), so neither serves other people than the other.
_KIN_PEOPLE = (frozenset({"儿童", "未成年人", "青少年", "学生"}),)
_KIN = {p: group for group in _KIN_PEOPLE for p in group}


def _to_word_end(text: str, term: str) -> str:
    """The matched term as a reader should see it quoted: a word it cut short is finished (a rule
    matching up to 床 of 床垫 quotes 床垫), by up to two more characters of the line."""
    at = text.find(term)
    if at < 0:
        return term
    tail = re.match(r"[\u4e00-\u9fff]{0,2}", text[at + len(term):])
    return term + (tail.group(0) if tail else "")


class Engine:
    """Checks procurement tables against one catalogue."""

    def __init__(self, catalog: Catalog, lang: str = "zh", ruleset: RuleSet | None = None):
        self.catalog = catalog
        self.lang = lang
        self.ruleset = ruleset or RuleSet.for_edition(catalog.path)
        self.rules = self.ruleset.match
        self.departments = DepartmentIndex(catalog)
        self.entries = catalog.all_entries()
        self.tables = self.ruleset.tables
        self._entry_pos = {(e.sector, e.code): i for i, e in enumerate(self.entries)}
        key = _prepared_key(catalog, self.ruleset)
        stored = _stored_indexes_path(key) if key and key not in _PREPARED else None
        prepared = _PREPARED.get(key) or (_stored_indexes(key, stored) if stored else None) if key else None
        if prepared is None:
            self.wording = Wording(textmatch.name_bigrams([e.name for e in self.entries] + list(catalog.levels.values())))
            self.normaliser = textmatch.Normaliser(self.tables, self.wording)
            prepared = (self.wording, self.normaliser, self._build_indexes())
            if key and stored:
                _store_indexes(key, stored, prepared)
        if key:
            while len(_PREPARED) >= 4:
                _PREPARED.pop(next(iter(_PREPARED)))
            _PREPARED[key] = prepared
        self.wording, self.normaliser, (self.index, self.cross_index, self.terms, self.retrieval) = prepared
        self.classifier = Classifier(self.ruleset, self.wording)
        self.t = self.tables.thresholds
        self.precedence = {v: i for i, v in enumerate(self.ruleset.verdicts)}
        self._findings: dict[tuple, Finding] = {}
        self._alts: dict[tuple, dict] = {}
        self._sector_texts: dict[str, tuple[str, ...]] = {}
        self._explain = False
        self._by_sector: dict[str, list[int]] = {}
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self._entry_people: dict[int, set[str]] = {}
        self.aliases = _load_aliases(self.ruleset.aliases, self._entry_pos, self.normaliser.item)

    def _build_indexes(self) -> tuple[textmatch.EntryIndex, textmatch.EntryIndex, textmatch.TermIndex,
                                      textmatch.Retrieval]:
        loaded = _load_glosses(self.catalog.path, self.entries, self._entry_pos)
        glosses, terms, sentences = loaded["glosses"], loaded["terms"], loaded["sentences"]
        # The words step reads everything said of an entry; the sentences only there, since a
        # sentence is no name to compare a line with and too long to be held whole as a term.
        documents = {i: glosses.get(i, []) + terms.get(i, []) + sentences.get(i, [])
                     for i in set(glosses) | set(terms) | set(sentences)}
        return (textmatch.EntryIndex(self.entries, self.normaliser, glosses=glosses),
                textmatch.EntryIndex(self.entries, self.normaliser, keep_org_words=True, glosses=glosses),
                textmatch.TermIndex(self.entries, terms),
                textmatch.Retrieval(self.entries, documents,
                                    core={i: glosses.get(i, []) + terms.get(i, []) for i in set(glosses) | set(terms)}))

    # ------------------------------------------------------------------ helpers
    def finding(self, rule_id: str, **details) -> Finding:
        # Findings are immutable in practice and repeat across lines: build each distinct one once.
        key = (rule_id, tuple(details.items()))
        cached = self._findings.get(key)
        if cached is None:
            if len(self._findings) > CACHE_LIMIT:
                self._findings.clear()
            rule = self.rules[rule_id]
            cached = self._findings[key] = Finding(rule.id, rule.name, rule.severity, tuple(details.items()), rule,
                                                   self.lang)
        return cached

    def _alt(self, entry: int, score: float) -> dict:
        key = (entry, score)
        alt = self._alts.get(key)
        if alt is None:
            if len(self._alts) > CACHE_LIMIT:
                self._alts.clear()
            e = self.entries[entry]
            alt = self._alts[key] = {"sector": e.sector, "code": e.code, "name": e.name, "score": score}
        return alt

    # ------------------------------------------------------------------ run
    def run(self, table: InputTable, sector_override: str | None = None, explain: bool = False) -> list[Result]:
        """Check every row of a table; one Result per row, in input order.

        With `explain`, each result records the text as compared (places and notes off,
        synonyms applied) and the top candidates of its own lists and of all lists.
        """
        rows = table.rows if table.rows else table.stream
        return list(self.stream(rows, sector_override, explain))

    def stream(self, rows: Iterable[InputRow], sector_override: str | None = None, explain: bool = False,
               chunk: int = CHUNK, jobs: int = 1) -> Iterator[Result]:
        """Results one by one, in input order, deciding `chunk` rows at a time: memory stays bounded
        by the chunk and the decisions remembered for reuse, whatever the number of rows.

        With `jobs` > 1, on inputs of PARALLEL_FROM rows or more (where processes can be forked),
        jobs - 1 worker processes make most of the decisions while this one reads the next rows,
        makes its own share and writes the results; the results are the same, in the same order.
        """
        self._explain = explain
        override = self.departments.sector_names(sector_override) if sector_override else None
        batches = _batches(rows, PARALLEL_CHUNK if jobs > 1 else chunk)
        first = next(batches, None)
        if first is None:
            return
        if jobs > 1 and _Workers.available() and len(first) >= PARALLEL_FROM:
            yield from self._stream_parallel(itertools.chain([first], batches), override, jobs)
            return
        # Every decision reads the line's structure (places, years and notes off), never its
        # raw text, so lines with the same lists, structure and code get the same decision:
        # decide each once. A place added to a line cannot change its verdict by construction.
        decided: dict[tuple, Result] = {}
        shape = self.wording.shape
        for batch in itertools.chain([first], batches):
            if len(decided) > REMEMBERED_DECISIONS:
                decided.clear()
            results, leaders, leader_keys, leader_of = self._prepare(
                batch, override, decided, lambda r: (r.sectors, shape(r.text), r.given_code))
            self._decide_all(leaders)
            yield from self._finish(results, leaders, leader_keys, leader_of, decided=decided)

    def _stream_parallel(self, batches: Iterable[list[InputRow]], override, jobs: int) -> Iterator[Result]:
        """stream() with the structures and decisions made by worker processes, in a pipeline: while
        the workers decide one chunk, this process reads the next one and writes the one before."""
        decided: dict[tuple, Result] = {}
        pool = _Workers(self, jobs)
        previous: tuple[list, list, list, list, _Joined] | None = None  # a chunk whose decisions are being made
        try:
            for batch in batches:
                results = self._read_rows(batch, override)
                lines = [r for r in results if r.verdict != "unreadable" and r.verdict not in NOT_LINES]
                shapes = pool.structures([r.text for r in lines])
                if previous is not None:
                    yield from self._finish(*previous, decided=decided)
                if len(decided) > REMEMBERED_DECISIONS:
                    decided.clear()
                keys = {id(r): (r.sectors, shape, r.given_code) for r, shape in zip(lines, shapes.get())}
                _, leaders, leader_keys, leader_of = self._group(results, decided, lambda r: keys[id(r)])
                pending = pool.decide([(r.text, r.given_code, r.sectors) for r in leaders])
                previous = (results, leaders, leader_keys, leader_of, pending)
            if previous is not None:
                yield from self._finish(*previous, decided=decided)
        finally:
            pool.close()

    def _prepare(self, batch: list[InputRow], override, decided: dict, key_of) -> tuple:
        """A chunk's results with their rows read, and which of them need a decision of their own."""
        return self._group(self._read_rows(batch, override), decided, key_of)

    def _read_rows(self, batch: list[InputRow], override) -> list[Result]:
        results = []
        for row in batch:
            result = Result(row.row, row.department, row.item, row.code, row.amount_wan, row.cells,
                            sheet_row=row.sheet_row, text=without_own_name(row.item, row.department))
            if row.item and not (row.code or "").strip():
                written = code_in_item(result.text)
                if written is not None:
                    result.given_code, result.text = written
                    result.findings.append(self.finding("MT23", code=written[0]))
            self._read_row(row, result, override)
            results.append(result)
        return results

    @staticmethod
    def _group(results: list[Result], decided: dict, key_of) -> tuple:
        """The lines that need a decision of their own (the first of each key not yet decided), and
        for every line the one whose decision it takes."""
        leaders: list[Result] = []
        leader_keys: list[tuple] = []
        leader_of: list[Result | None] = []
        for result in results:
            if result.verdict == "unreadable" or result.verdict in NOT_LINES:
                leader_of.append(None)
                continue
            key = key_of(result)
            leader = decided.setdefault(key, result)
            leader_of.append(leader)
            if leader is result:
                leaders.append(result)
                leader_keys.append(key)
        return results, leaders, leader_keys, leader_of

    def _finish(self, results, leaders, leader_keys, leader_of, pending=None, *, decided: dict) -> list[Result]:
        if pending is not None:
            for leader, decision in zip(leaders, pending.get()):
                self._apply(leader, decision)
        for result, leader in zip(results, leader_of):
            if leader is not None and leader is not result:
                result.copy_decision(leader)
            result.settle()
        for key, leader in zip(leader_keys, leaders):
            decided[key] = leader.snapshot()
        return results

    def decide_probes(self, probes: list[tuple]) -> list[tuple]:
        """Decisions for (item, given code, sector lists) triples, as plain data: what a worker
        process sends back. Findings go as (rule, details), rebuilt by the receiving engine."""
        results = [Result(0, "", item, code, None, {}, sectors=sectors) for item, code, sectors in probes]
        self._decide_all(results)
        return [(r.verdict, r.code, r.sector, r.entry_name, r.score, r.alternatives,
                 [(f.rule, f.args) for f in r.findings], r.explain) for r in results]

    def _apply(self, result: Result, decision: tuple) -> None:
        (result.verdict, result.code, result.sector, result.entry_name, result.score, result.alternatives, found,
         result.explain) = decision
        result.findings.extend(self.finding(rule, **dict(args)) for rule, args in found)

    def _decide_all(self, leaders: list[Result]) -> None:
        """Score and decide lines that need their own decision."""
        items = [self.normaliser.item(r.text) for r in leaders]
        # Across lists the organisation named in a line (政协宣传) is what ties it to a list:
        # lines of an unknown department, checked against every list, and the search of
        # other lists keep it on both sides.
        def with_org(j: int) -> str:
            return self.normaliser.item(leaders[j].text, org_words=False)

        unknown = [j for j, r in enumerate(leaders) if not r.sectors]
        known = [j for j, r in enumerate(leaders) if r.sectors]
        own: list[list[tuple[int, float]]] = [[] for _ in leaders]
        for j, best in zip(known, self._score([leaders[j] for j in known], [items[j] for j in known],
                                              lambda r: r.sectors)):
            own[j] = best
        for j, best in zip(unknown, self._score([leaders[j] for j in unknown], [with_org(j) for j in unknown],
                                                lambda r: (), self.cross_index)):
            own[j] = best
        pending = [j for j, r in enumerate(leaders) if self._needs_all_lists(r, own[j])]
        everywhere = self._score([leaders[j] for j in pending], [with_org(j) for j in pending], lambda r: (),
                                 self.cross_index)
        all_best = dict(zip(pending, everywhere))
        for j, result in enumerate(leaders):
            self._decide(result, items[j], own[j], all_best.get(j, []))
            if self._explain:
                result.explain = self._explanation(result, items[j], own[j], all_best.get(j))

    def _explanation(self, result: Result, item: str, own: list, everywhere: list | None) -> dict:
        def named(candidates):
            return [{"sector": self.entries[e].sector, "code": self.entries[e].code, "name": self.entries[e].name,
                     "score": s} for e, s in candidates[:5]]
        structure = self.wording.structure(result.text)
        by_terms = [{"sector": self.entries[e].sector, "code": self.entries[e].code, "name": self.entries[e].name,
                     "evidence": w, "terms": list(terms)} for e, w, terms in self.terms.evidence(structure)[:5]]
        return {"structure": structure, "normalised": item,
                "own_lists": named(own), "all_lists": named(everywhere) if everywhere is not None else None,
                "by_terms": by_terms, "by_words": named(self.retrieval.ranked(self._words_text(result)))}

    def _sector_column(self, text: str) -> tuple[str, ...]:
        sectors = self._sector_texts.get(text)
        if sectors is None:
            sectors = self._sector_texts[text] = self.departments.sector_names(text)
        return sectors

    def _read_row(self, row: InputRow, result: Result, override) -> None:
        for key, details in row.problems:
            if key == "amount":
                result.findings.append(self.finding("MT11", **details))
            elif key.startswith("amount-"):
                zh, en = AMOUNT_PROBLEMS[key]
                result.findings.append(self.finding("MT16", amount=details["amount"], problem=key, why=zh, why_en=en))
            elif key == "total-mismatch":
                result.findings.append(self.finding("MT17", **details))
            elif key == "control":
                result.findings.append(self.finding("MT18"))
            else:
                zh, en = INPUT_PROBLEMS[key]
                # The row a person sees (the Excel row, the CSV line), as the table's 行 column shows it.
                result.findings.append(self.finding("MT00", row=row.sheet_row or row.row, problem=key,
                                                    detail=zh.format(**details), detail_en=en.format(**details)))
        if row.total:
            # A 合计/小计 row is kept at its place but is not a line: nothing to check but its sum.
            self._propose(result, "total")
            return
        if row.blank:
            # A spacer between a table's parts: kept at its place, with nothing to read or decide.
            self._propose(result, "blank")
            return
        unusable = bool(row.problems) and any(k in UNUSABLE for k, _ in row.problems)
        if not row.item or unusable:
            if not row.item and not unusable:
                zh, en = INPUT_PROBLEMS["no-item"]
                result.findings.append(self.finding("MT00", row=row.sheet_row or row.row, problem="no-item",
                                                    detail=zh, detail_en=en))
            self._propose(result, "unreadable")
            return
        if override:
            result.sectors = override
        elif row.sector:
            result.sectors = self._sector_column(row.sector)
        if not result.sectors:
            resolution = self.departments.resolve(row.department)
            result.sectors = resolution.sectors
            of_file = self.departments.resolve(row.department_of_file) if not resolution.sectors and \
                row.department_of_file else None
            # The finance bureau names itself over the summaries it compiles: its list is not its departments'.
            if of_file and of_file.sectors and of_file.sectors != ("财政",):
                # A unit the catalogue does not name (县社会福利院), in the table of a department it does.
                result.sectors = of_file.sectors
                result.findings.append(self.finding("MT22", department=row.department or "（空）",
                                                    of_file=row.department_of_file, sectors="、".join(of_file.sectors)))
            elif not resolution.sectors:
                result.findings.append(self.finding("MT10", department=row.department or "（空）"))

    def _needs_all_lists(self, result: Result, own_best) -> bool:
        if result.verdict == "unreadable":
            return False
        if not result.sectors:
            return False  # own already covers every list
        if result.given_code:
            return False
        # Other lists matter only where the department's own lists give no match.
        return not own_best or own_best[0][1] < self.t["accept"]

    def _score(self, results: list[Result], items: list[str], sectors_of, index=None) -> list[list[tuple[int, float]]]:
        """Top entries for each result's item within the lists `sectors_of` gives; distinct work done once."""
        out: list[list[tuple[int, float]]] = [[] for _ in results]
        groups: dict[tuple[str, ...], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, (result, item) in enumerate(zip(results, items)):
            if item and result.verdict != "unreadable":
                groups[tuple(sectors_of(result))][item].append(i)
        for sectors, by_item in groups.items():
            unique = list(by_item)
            index = index or self.index
            ranked = index.best(unique, index.mask(sectors))
            for item, best in zip(unique, ranked):
                for i in by_item[item]:
                    out[i] = best
        return out

    # ------------------------------------------------------------------ verdicts
    def _decide(self, result: Result, item: str, own: list, everywhere: list) -> None:
        t = self.t
        result.alternatives = [self._alt(e, s) for e, s in own[1:4] if s >= t["suggest"]]
        negative = self.classifier.not_a_service(result.text)
        if negative and own and own[0][1] >= t["accept"] and negative[1] in self.entries[own[0][0]].name:
            negative = None  # the catalogue's own entry uses the word (水利工程质量检测): not evidence against it
        if negative:
            result.alternatives = []
            group, term = negative
            self._propose(result, "not_a_service")
            result.findings.append(self.finding("MT01", kind=group.kind_zh, kind_en=KIND_EN.get(group.kind, group.kind),
                                                term=_to_word_end(self.wording.as_written(result.text), term),
                                                source=group.source))
            self._code_findings_only(result)
            return
        if result.given_code:
            self._decide_with_code(result, item, own)
            return
        self._decide_by_text(result, item, own, everywhere)
        self._say_gloss(result, item)
        if result.verdict == "outside_catalogue":  # the nearest entries, for the reviewer to weigh
            result.alternatives = [self._alt(e, s) for e, s in own[:3] if s >= t["suggest"]]

    def _propose(self, result: Result, verdict: str) -> None:
        """A verdict that applies to the line; of all that apply, the first in the rule set's precedence wins."""
        if self.precedence[verdict] < self.precedence[result.verdict]:
            result.verdict = verdict

    def _set_match(self, result: Result, entry: int, score: float) -> None:
        e = self.entries[entry]
        result.code, result.sector, result.entry_name, result.score = e.code, e.sector, e.name, score

    def _decide_by_text(self, result: Result, item: str, own: list, everywhere: list) -> None:
        t = self.t
        alias = next((e for e in self.aliases.get(item, ()) if not result.sectors
                      or self.entries[e].sector in result.sectors), None)
        if alias is not None:
            self._propose(result, "ok")
            self._set_match(result, alias, 100.0)
            return
        best_own = own[0] if own else None
        own_score = best_own[1] if best_own else 0.0
        support = self.classifier.support_service(result.text)
        if support and own_score < t["support_override"]:
            # A back-office word (记账, 运维) in a line whose words plainly make one of the
            # department's own entries (代理记账 for small firms, a 党建 platform) is that entry.
            by_words = self._by_retrieval(result, own_lists=True, least=t["words_support"],
                                          agree_with=best_own[0] if best_own else None)
            if by_words is None and best_own and own_score >= t["weak"]:
                # Names fit fairly and the words put the same entry first of all: 政务云租用 is the
                # department's own 政务云资源服务, whatever back-office word it holds.
                by_words = self._by_retrieval(result, own_lists=True, least=t["words_accept"], agree_with=best_own[0])
                by_words = by_words if by_words == best_own[0] else None
            if by_words is not None and not self._does_other_work(result, by_words) \
                    and not self._for_people_unnamed(result, by_words):
                self._place_by_words(result, own, by_words)
                return
            self._outside(result, support)
            return
        by_head = self._head_first(result, own) if best_own and own_score >= t["weak"] else None
        # An own entry for other people or another place (城市供水 for a countryside line) does not
        # keep the line by its name, however well the rest of the name fits.
        if by_head and own_score >= t["accept"] and not self._serves_others(self._served(result), by_head[0][0]):
            self._ok_by_head(result, own, by_head)
            return
        # Words before names of other lists: an own entry whose pooled words stand above every
        # entry of every list is the department's, however the names score elsewhere.
        by_words = None if support else self._by_retrieval(result, own_lists=True, above_all=True,
                                                           agree_with=best_own[0] if best_own else None)
        if by_words is not None and self._work_about_unnamed(result, own, by_words):
            by_words = None
        if by_words is not None:
            self._place_by_words(result, own, by_words)
            return
        if everywhere and result.sectors:
            other = next(((e, s) for e, s in everywhere if self.entries[e].sector not in result.sectors), None)
            # Buying from another list is an error, so it takes a clear case, judged relatively:
            # nothing of the department's own fits well, and another list's entry fits clearly
            # better (a paraphrase shares few characters with any name, so absolute scores
            # stay low even when the other list's entry is plainly the one).
            if (other and own_score < t["accept"] and other[1] >= t["other_department"]
                    and other[1] - own_score >= t["other_margin"] and self._other_says_more(result, item, other[0])
                    and not self._serves_others(self._served(result), other[0])
                    and not self._own_terms_as_strong(result, own, other[0])):
                self._other_department(result, *other, own)
                return
        by_words = None if support else self._by_retrieval(result, own_lists=True, below_others=t["words_yield"])
        if by_words is not None and self._work_about_unnamed(result, own, by_words):
            by_words = None
        if by_words is not None:
            self._place_by_words(result, own, by_words)
            return
        if (by_head and not self._names_another_activity(result, own)
                and not self._serves_others(self._served(result), by_head[0][0])):
            self._ok_by_head(result, own, by_head)
            result.findings.append(self.finding("MT14", score=result.score, best=result.code, best_name=result.entry_name))
            return
        by_terms = None if support else self._by_terms(result, self.t["terms_accept"])
        if by_terms and self._own_terms_hold(result, by_terms[0]):
            self._place_by_terms(result, own, *by_terms)
            return
        by_class = None if support else self._by_class(result, item, own)
        if by_class:
            self._propose(result, "ok")
            self._set_match(result, *by_class)
            result.findings.append(self.finding("MT14", score=by_class[1], best=result.code, best_name=result.entry_name))
            return
        elsewhere_by_words = None if support else self._by_retrieval(result, own_lists=False)
        if (elsewhere_by_words is not None and not self._own_names_the_activity(result, elsewhere_by_words)
                and not self._serves_others(self._served(result), elsewhere_by_words)
                and self.retrieval.core_evidence(self._words_text(result), elsewhere_by_words)
                >= t["words_core"]):
            self._other_department(result, elsewhere_by_words, self._name_score(result, elsewhere_by_words, everywhere), own)
            self._say_words(result, elsewhere_by_words)
            return
        if not support and self._stands_out(own) and not self._names_another_activity(result, own) \
                and not self._entry_work_unsaid(result, own[0][0]):
            # A paraphrase shares few characters with any entry name, so its absolute score is
            # low; when one entry of the department's own lists still stands clearly above
            # the rest, it is that entry, flagged as uncertain.
            self._ok(result, own)
            result.findings.append(self.finding("MT14", score=own[0][1], best=result.code, best_name=result.entry_name))
            return
        by_term = None if support else self._by_terms(result, self.t["terms_single"])
        if by_term and self._own_terms_hold(result, by_term[0]):
            self._place_by_terms(result, own, *by_term)
            return
        elsewhere = None if support else self._other_by_terms(result)
        if elsewhere and not self._serves_others(self._served(result), elsewhere[0]):
            entry, _, terms = elsewhere
            self._other_department(result, entry, self._name_score(result, entry, everywhere), own)
            e = self.entries[entry]
            result.findings.append(self.finding("MT20", terms="、".join(terms), code=e.code, name=e.name))
            return
        in_field = None if support else self._own_in_field_of_others(result, own)
        if in_field is not None:
            self._place_by_words(result, own, in_field)
            return
        self._outside(result, support)

    def _entry_work_unsaid(self, result: Result, entry: int) -> bool:
        """Whether the entry's name says an activity (演练, 培训 …) the line says nothing of, while
        the line names none: 城乡公交运营托管 is no 城市轨道交通运营突发事件应急演练 by its shared words."""
        heads = self.tables.heads
        structure = self.wording.structure(result.text)
        # Only a name-like line (one phrase): a sentence says its work in plain words (测测, 发问卷).
        if heads is None or self._activities(result) or _CLAUSES.search(structure):
            return False
        theirs = set(heads.findall(self.entries[entry].name))
        return bool(theirs) and not any(self._names_work(entry, a) for a in theirs if a in structure)

    def _own_terms_as_strong(self, result: Result, own: list, other: int) -> bool:
        """Whether an entry of the department's own lists holds the line's terms as strongly as
        another list's entry does: the own list holds the service too (科普大篷车 is 科技's 科普活动
        as much as 共青团's 科普进社区, whose glosses name it), so the line is not another's."""
        if not self.terms or not result.sectors:
            return False
        evidence = self.terms.evidence(self.wording.structure(result.text))
        theirs = next(((ev, set(terms)) for e, ev, terms in evidence if e == other), None)
        if theirs is None:
            return False
        served = self._served(result)
        # The same terms, not others that happen to weigh as much (集中托养 of 高龄老人 for 重度残疾人托养),
        # in an own entry for the people the line names.
        return any(self.entries[e].sector in result.sectors and ev >= theirs[0] and theirs[1] <= set(terms)
                   and not self._serves_others(served, e) for e, ev, terms in evidence)

    def _own_in_field_of_others(self, result: Result, own_by_name: list) -> int | None:
        """The department's own entry of the field that another list's entry, the first by words,
        belongs to (its level-3 class), when that own entry's words hold enough of the line.

        Other lists split the line between them (共青团's 残疾人康复训练, 民政's 儿童康复) and
        none stands clear; the department's own list holds the same service (残联's 残疾人
        康复): read the line as the department's own.
        """
        if not self.retrieval or not result.sectors:
            return None
        entries, scores = self.retrieval.arrays(self._words_text(result))
        if not entries.size:
            return None
        own = self._sector_mask(result.sectors)[entries]
        if own[0]:
            return None
        fields = [self.entries[int(entries[0])].code[:5]]
        if self.terms:
            # Terms point to a field too: 咨询报告 is every list's 行业咨询 (A1608).
            by_terms = self.terms.evidence(self.wording.structure(result.text))
            if by_terms and self.entries[by_terms[0][0]].sector not in result.sectors:
                fields.append(self.entries[by_terms[0][0]].code[:5])
        for field in dict.fromkeys(fields):
            for e, s, mine in zip(entries[:PEOPLE_READ], scores[:PEOPLE_READ], own[:PEOPLE_READ]):
                if mine and self.entries[int(e)].code.startswith(field):
                    if float(s) >= self.t["words_field"] and not self._work_about_unnamed(result, own_by_name, int(e)) \
                            and not self._serves_others(self._served(result), int(e)):
                        return int(e)
                    break
        return None

    def _by_retrieval(self, result: Result, own_lists: bool, least: float | None = None,
                      above_all: bool = False, below_others: float | None = None,
                      agree_with: int | None = None) -> int | None:
        """The entry whose name, glosses and terms, pooled, hold clearly the most of the line's
        words (textmatch.Retrieval). With `own_lists`, among the department's lists (with
        `above_all`, clear of every list's entries too); otherwise another list's entry, when
        nothing of the department's own comes near it."""
        if not self.retrieval or not result.sectors:
            return None
        entries, scores = self.retrieval.arrays(self._words_text(result))
        if not own_lists:
            # Another list's entry for other people than the line names (特困人员's self-care
            # assessment for 老人) is not what the line buys: the ranking goes on without it.
            served = self._served(result)
            if served:
                keep = np.ones(len(entries), dtype=bool)
                keep[:PEOPLE_READ] = [not self._serves_others(served, int(e)) for e in entries[:PEOPLE_READ]]
                entries, scores = entries[keep], scores[keep]
        own = self._sector_mask(result.sectors)[entries]
        chosen = own if own_lists else ~own
        least = least if least is not None else self.t["words_accept"] if own_lists else self.t["words_other"]
        if not chosen.any() or scores[chosen][0] < least:
            return None
        top, top_score = int(entries[chosen][0]), float(scores[chosen][0])
        if below_others is not None and float(scores[0]) - top_score >= below_others:
            return None  # another list's entry holds far more of the line's words: not the own one
        # Among the own lists, clearly above the other own entries; from another list, clearly
        # above everything, the department's own entries included.
        pool = zip(*((entries[chosen], scores[chosen]) if own_lists and not above_all else (entries, scores)))
        if agree_with is not None and top == agree_with and bool(own[0]) == own_lists:
            return top  # names and words put the same entry first of all: no margin to ask for
        name, sector = self.entries[top].name, self.entries[top].sector
        # Another list's entries near it in the same list make the line that list's all the same
        # (民政's 送医陪护 and 照料护理): it is measured against the other lists and the own.
        second = next((float(s) for e, s in pool if self.entries[e].name != name
                       and (own_lists or self.entries[e].sector != sector)), 0.0)
        return top if top_score - second >= self.t["words_margin"] else None

    def _own_terms_hold(self, result: Result, entry: int) -> bool:
        """Whether an own entry that terms place keeps the line: it serves the people the line
        names (not 服刑人员 for the prison's own staff) and no other list's entry is far above it by words."""
        return (not self._serves_others(self._served(result), entry) and not self._words_elsewhere_far_above(result, entry)
                and not self._does_other_work(result, entry))

    def _words_elsewhere_far_above(self, result: Result, entry: int) -> bool:
        """Whether another list's entry holds far more of the line's words than `entry` does
        (words_yield): an own entry that a term or two placed (低保 for 民政) yields to it."""
        entries, scores = self.retrieval.arrays(self._words_text(result))
        others = ~self._sector_mask(result.sectors)[entries]
        if not others.any():
            return False
        return float(scores[others][0]) - self._words_score(result, entry) >= self.t["words_yield"]

    def _sector_mask(self, sectors: tuple[str, ...]) -> np.ndarray:
        """Which entries belong to the given lists, as a boolean array over all entries."""
        mask = self._masks.get(sectors)
        if mask is None:
            mask = self._masks[sectors] = np.array([e.sector in sectors for e in self.entries])
        return mask

    def _ok_by_head(self, result: Result, own: list, by_head: list | None = None) -> None:
        """ok under the best entry by name, or under one naming the line's activity or people (the
        best by name then an alternative)."""
        by_head = by_head if by_head is not None else self._head_first(result, own)
        self._ok(result, by_head)
        if by_head is not own:
            self._others_as_alternatives(result, own, by_head[0][0])

    def _head_first(self, result: Result, own: list) -> list:
        """The candidates with one that names the line's activity or the people it serves first,
        when the best by name names another: 卫生健康行业从业人员技能培训 is the 培训 entry, not the
        考试 one that shares the rest of its words; 农村留守儿童关爱 is the children's entry, not
        农村留守老人关爱服务. Then the line's terms and words: an own entry both put first, far above
        the best by name by words, comes first; and of two that names tie, the one words favour."""
        if len(own) < 2:
            return own
        activity = self._activity(result)
        if activity is not None and activity not in self.entries[own[0][0]].name:
            named = next((c for c in own[1:5] if activity in self.entries[c[0]].name and c[1] >= self.t["weak"]), None)
            if named:
                return [named] + [c for c in own if c[0] != named[0]]
        served = self._served(result)
        if self._serves_others(served, own[0][0]):
            # The best entry serves other people than the line names: any that serves them and
            # fits enough to be suggested is nearer.
            named = next((c for c in own[1:5] if served & self._people(self.entries[c[0]].name)
                          and c[1] >= self.t["suggest"]), None)
            if named:
                return [named] + [c for c in own if c[0] != named[0]]
        by_terms = self._by_terms(result, self.t["terms_accept"])
        if by_terms and by_terms[0] != own[0][0] and self.retrieval:
            # Terms and words agree on another own entry, far above the best by name by words
            # (不动产登记大厅前台收件: 窗口受理, though 热线 shares more characters).
            chosen = next((c for c in own if c[0] == by_terms[0]), None)
            lead = self._words_score(result, by_terms[0]) - self._words_score(result, own[0][0])
            if chosen and self._own_words_first(result) == by_terms[0] and lead >= 2 * self.t["words_margin"]:
                return [chosen] + [c for c in own if c[0] != chosen[0]]
        if own[0][1] - own[1][1] < self.t["near_tie"] and self.retrieval:
            # Names cannot tell the two apart (不动产登记热线 and …窗口受理 for 不动产登记窗口外包):
            # the words of the line can.
            if self._words_score(result, own[1][0]) - self._words_score(result, own[0][0]) >= self.t["words_margin"]:
                return [own[1], own[0]] + own[2:]
        return own

    def _work_about_unnamed(self, result: Result, own: list, entry: int) -> bool:
        """Whether the words' entry does work about a field (its standards, plans: rules/matching.yaml
        `about`) that the line does not name, and is not the best own entry by name either; or
        names only other work than the line buys (_does_other_work), whatever names say."""
        about = self.tables.about
        if about is None or not own or own[0][0] == entry:
            return self._does_other_work(result, entry)
        work = set(about.findall(self.entries[entry].name))
        if work and not work & set(about.findall(self.wording.structure(result.text))):
            return True
        return self._does_other_work(result, entry)

    def _does_other_work(self, result: Result, entry: int) -> bool:
        """Whether the line buys one activity (培训, 评估 …) and the entry names only others
        (人大宣传服务 for a 人大代表 training: the people's words match, the work does not)."""
        named = set(self._activities(result))
        if not named:
            return False
        heads = self.tables.heads
        theirs = set(heads.findall(self.entries[entry].name)) if heads is not None else set()
        return bool(theirs) and not named & theirs and not any(self._names_work(entry, a) for a in named)

    def _own_naming_the_activity(self, result: Result, entry: int) -> int:
        """The entry words chose, or, when it names none of the line's activities (研学 …), the own
        entry next to it by words that names one (暑假去红色教育基地研学: 研学行活动, not 爱国教育)."""
        named = self._activities(result)
        if not named or any(self._names_work(entry, a) for a in named):
            return entry
        entries, scores = self.retrieval.arrays(self._words_text(result))
        own = self._sector_mask(result.sectors)[entries]
        least = max(self.t["words_accept"], self._words_score(result, entry) - self.t["words_margin"])
        for e, score, mine in zip(entries[:PEOPLE_READ], scores[:PEOPLE_READ], own[:PEOPLE_READ]):
            if float(score) < least:
                break
            if mine and int(e) != entry and any(self._names_work(int(e), a) for a in named) \
                    and not self._serves_others(self._served(result), int(e)):
                return int(e)
        return entry

    def _names_another_activity(self, result: Result, own: list) -> bool:
        """Whether the line names an activity (体检, 培训 …) that no own entry near it names: a weak
        name match on the rest (学生健康档案 for 大学生档案管理) is then no match."""
        named = set(self._activities(result))
        return bool(named) and not any(self._names_work(e, a) for e, _ in own[:5] for a in named)

    def _activities(self, result: Result) -> list[str]:
        """The activities a line names (rules/matching.yaml `heads`: 培训, 调查 …), in order."""
        heads = self.tables.heads
        return heads.findall(self.wording.structure(result.text)) if heads is not None else []

    def _served(self, result: Result) -> set[str]:
        """The people a line names as served (儿童, 老人 …: rules/matching.yaml `served`)."""
        return self._people(self.wording.structure(result.text))

    def _people(self, text: str) -> set[str]:
        served = self.tables.served
        return {_SAME_PEOPLE.get(p, p) for p in served.findall(text)} if served is not None else set()

    def _for_people_unnamed(self, result: Result, entry: int) -> bool:
        """Whether the entry is for people (社会组织, 老人 …) the line does not name at all: a
        back-office line (局机关文书档案整理) is not 社会组织档案整理 by its other words."""
        return bool(self._people_of(entry) - _AREAS) and not (self._served(result) - _AREAS)

    def _people_of(self, entry: int) -> set[str]:
        """The people (and 农村, 城市) an entry's name says it serves, read once."""
        named = self._entry_people.get(entry)
        if named is None:
            named = self._entry_people[entry] = self._people(self.entries[entry].name)
        return named

    def _serves_others(self, served: set[str], entry: int) -> bool:
        """Whether an entry serves other people than those the line names (both name some)."""
        if not served:
            return False  # most lines name no one: no entry name is read
        named = self._people_of(entry)
        # Whom and where are read apart: 农村留守老人 and 农村留守儿童 share the countryside, not the people.
        people, area = served - _AREAS, served & _AREAS
        their_people, their_area = named - _AREAS, named & _AREAS
        kin = {k for p in people for k in _KIN.get(p, (p,))}
        return bool(people and their_people and not kin & their_people) or \
            bool(area and their_area and not area & their_area)

    def _activity(self, result: Result) -> str | None:
        """The activity a line buys: the last of rules/matching.yaml's heads it names (培训, 调查 …)."""
        found = self._activities(result)
        return found[-1] if found else None

    def _place_by_words(self, result: Result, own: list, entry: int) -> None:
        entry = self._own_naming_the_activity(result, entry)
        self._propose(result, "ok")
        self._set_match(result, entry, self._name_score(result, entry, own))
        self._others_as_alternatives(result, own, entry)
        self._say_words(result, entry)

    def _others_as_alternatives(self, result: Result, own: list, entry: int) -> None:
        """When terms or words chose an entry other than the best by name, the best by name is an
        alternative and the chosen one is not."""
        result.alternatives = [self._alt(e, s) for e, s in own[:4] if e != entry and s >= self.t["suggest"]][:3]

    def _say_words(self, result: Result, entry: int) -> None:
        e = self.entries[entry]
        words = self.retrieval.shared_words(self._words_text(result), entry)
        result.findings.append(self.finding("MT21", words="、".join(words), code=e.code, name=e.name))

    def _other_department(self, result: Result, entry: int, score: float, own: list) -> None:
        self._propose(result, "other_department")
        self._set_match(result, entry, score)
        e = self.entries[entry]
        result.findings.append(self.finding("MT07", sector=e.sector, best=e.code, best_name=e.name))
        result.alternatives = [self._alt(*c) for c in own[:3] if c[1] >= self.t["suggest"]]

    def _other_by_terms(self, result: Result) -> tuple[int, float, tuple[str, ...]] | None:
        """Another list's entry whose terms a line holds plainly (several of them), when nothing of
        the department's own lists is evidenced at all."""
        if not self.terms or not result.sectors:
            return None
        ranked = self.terms.evidence(self.wording.structure(result.text))  # the same text as _by_terms: found once
        if not ranked or ranked[0][1] < self.t["terms_other"]:
            return None
        if any(self.entries[e].sector in result.sectors and evidence >= self.t["terms_single"]
               for e, evidence, _ in ranked):
            return None  # the line's words point into its own lists too: not plainly another's
        top = self.entries[ranked[0][0]]
        rivals = [r for r in ranked[1:] if self.entries[r[0]].name != top.name]
        second = rivals[0][1] if rivals else 0.0
        if ranked[0][1] - second < self.t["terms_margin"] or self._own_names_the_activity(result, ranked[0][0]):
            return None
        return ranked[0]

    def _own_names_the_activity(self, result: Result, other: int) -> bool:
        """Whether the line's activity (its last head word: 调查, 培训 …) is named by an entry of its
        own lists but not by the other list's entry that its objects point to (小微企业和个体户
        抽样调查 is 统计's survey, not 财政's bookkeeping for small firms)."""
        activity = self._activity(result)
        if activity is None or self._names_work(other, activity):
            return False
        return any(activity in self.entries[i].name for s in result.sectors for i in self._sector_entries(s))

    def _names_work(self, entry: int, activity: str) -> bool:
        """Whether an entry's name says the activity, in its own word or one alike (培养 for 培训)."""
        name = self.entries[entry].name
        return activity in name or any(w in name for w in self.tables.work_alike.get(activity, ()))

    def _place_by_terms(self, result: Result, own: list, entry: int, evidence: float, terms: tuple) -> None:
        by_words = self._own_words_first(result)
        words_score = self._words_score(result, by_words) if by_words is not None else 0.0
        if (by_words is not None and by_words != entry and words_score >= self.t["words_accept"]
                and words_score > self._words_score(result, entry)):
            # A term or two name a field (广场舞, 体检); the words of the whole line say which of the
            # field's entries it is (太极拳 taught every morning: 健身指导, not 活动推广).
            self._place_by_words(result, own, by_words)
            return
        self._propose(result, "ok")
        self._set_match(result, entry, self._name_score(result, entry, own))
        self._others_as_alternatives(result, own, entry)
        e = self.entries[entry]
        result.findings.append(self.finding("MT20", terms="、".join(terms), code=e.code, name=e.name))

    def _say_gloss(self, result: Result, item: str) -> None:
        """When the entry a line was placed under fits it by one of its glosses rather than its
        name, the finding names the phrasing that decided it."""
        if result.verdict not in ("ok", "other_department") or not result.code or not result.sector:
            return
        entry = self._entry_pos.get((result.sector, result.code))
        if entry is None:
            return
        index = self.index if result.verdict == "ok" and result.sectors else self.cross_index
        text = item if index is self.index else self.normaliser.item(result.text, org_words=False)
        if not index.held_glosses(text, entry):
            return  # the common case: placed by its name
        best, _ = index.best_text(text, entry)
        gloss = index.gloss_of.get(best)
        if gloss is not None:
            e = self.entries[entry]
            result.findings.append(self.finding("MT19", gloss=gloss, code=e.code, name=e.name))

    def _by_terms(self, result: Result, least: float) -> tuple[int, float, tuple[str, ...]] | None:
        """The own entry whose terms the line holds (at least `least` of them, by weight) clearly
        more of than any other own entry's."""
        if not self.terms or not result.sectors:
            return None
        ranked = [r for r in self.terms.evidence(self.wording.structure(result.text))
                  if self.entries[r[0]].sector in result.sectors]
        if not ranked or ranked[0][1] < least:
            return None
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return ranked[0] if ranked[0][1] - second >= self.t["terms_margin"] else None

    def _stands_out(self, own: list) -> bool:
        if not own or own[0][1] < self.t["paraphrase_floor"]:
            return False
        if own[0][1] >= self.t["paraphrase_clear"]:
            return True
        second = own[1][1] if len(own) > 1 else 0.0
        return own[0][1] - second >= self.t["paraphrase_gap"]

    def _other_says_more(self, result: Result, item: str, other: int) -> bool:
        """Whether another list's entry holds more of what the line says than any entry of its own lists.

        退役士兵职业技能培训 fits 人社's short 职业技能培训服务 best by score, but the department's
        own 退役军人职业技能培训… holds more of its words (退役): it stays the department's own.
        """
        own = [i for s in result.sectors for i in self._sector_entries(s)]
        with_org = self.normaliser.item(result.text, org_words=False)
        gap = self.cross_index.coverage(with_org, [other]) - self.index.coverage(item, own)
        if gap < self.t["other_coverage"]:
            return False
        # The shared classification as evidence: when the department's own lists hold the
        # same kind of service (the other entry's level-3 class) and one of them fits
        # fairly, the line is read as the department's own (残联's 残疾人康复 rather than
        # 共青团's 残疾人康复训练).
        level3 = self.entries[other].code[:5]
        same_class = [i for i in own if self.entries[i].code.startswith(level3)]
        if not same_class or max(self.index.pair(item, i) for i in same_class) >= self.t["own_class"]:
            return not same_class
        # Or its words hold the line well (残联's 残疾人康复 for a 康复训练 of disabled children).
        return max(self._words_score(result, i) for i in same_class) < self.t["words_accept"]

    def _sector_entries(self, sector: str) -> list[int]:
        entries = self._by_sector.get(sector)
        if entries is None:
            entries = self._by_sector[sector] = [i for i, e in enumerate(self.entries) if e.sector == sector]
        return entries

    def _by_class(self, result: Result, item: str, own: list) -> tuple[int, float] | None:
        """The best entry of the department's lists in a class the item names (宣传, 舆情, 热线 …)."""
        text = self.wording.structure(result.text) + " " + item  # as written, and after synonyms (专题片 → 宣传)
        served = self._served(result)
        for level3, terms in self.tables.class_terms:
            if not terms.search(text):
                continue
            members = [i for s in result.sectors for i in self._sector_entries(s)
                       if self.entries[i].code.startswith(level3) and not self._serves_others(served, i)]
            if members:
                best = max(((i, self.index.pair(item, i)) for i in members), key=lambda c: c[1])
                # An own entry of another class that names the same work and fits clearly better by
                # name is the line's (全民安全宣传教育进基层 for 安全宣传进村入户, not 新闻宣传).
                named = [(e, sc) for e, sc in own[:3]
                         if e not in members and terms.search(self.entries[e].name)
                         and sc - best[1] >= self.t["paraphrase_gap"]]
                return named[0] if named else best
        return None

    def _ok(self, result: Result, own: list) -> None:
        self._propose(result, "ok")
        self._set_match(result, *own[0])
        self._near_tie(result, own)

    def _near_tie(self, result: Result, own: list) -> None:
        if len(own) > 1 and own[0][1] - own[1][1] < self.t["near_tie"]:
            a, b = self.entries[own[0][0]], self.entries[own[1][0]]
            if (a.sector, a.code) != (b.sector, b.code):
                result.findings.append(self.finding("MT12", best=f"{a.sector} {a.code}", best_name=a.name,
                                                    second=f"{b.sector} {b.code}", second_name=b.name,
                                                    score=own[0][1], second_score=own[1][1]))

    def _outside(self, result: Result, support) -> None:
        self._propose(result, "outside_catalogue")
        result.code = result.sector = result.entry_name = None
        result.score = None
        result.findings.append(self.finding("MT08"))
        if support:
            result.findings.append(self.finding("MT09", kind=support[0], kind_en=support[1]))

    def _code_findings_only(self, result: Result) -> None:
        """A not-a-service line still learns what is wrong with its code, without changing the verdict."""
        if not result.given_code:
            return
        check = codes.check_code(result.given_code)
        if not check.well_formed:
            reason = self._reasons(check)
            result.findings.append(self.finding("MT02", code=result.given_code, reason=reason[0], reason_en=reason[1],
                                                suggestion="", suggestion_en=""))
            self._propose(result, "malformed_code")

    def _reasons(self, check: codes.CodeCheck) -> tuple[str, str]:
        zh = "、".join(REASONS[r][0] for r in check.reasons if r in REASONS) or REASONS["length"][0]
        en = ", ".join(REASONS[r][1] for r in check.reasons if r in REASONS) or REASONS["length"][1]
        return zh, en

    def _own_entries_with(self, result: Result, code: str) -> list[int]:
        return [self._entry_pos[(s, code)] for s in result.sectors if (s, code) in self._entry_pos] if result.sectors \
            else [i for i, e in enumerate(self.entries) if e.code == code]

    def _decide_with_code(self, result: Result, item: str, own: list) -> None:
        t = self.t
        check = codes.check_code(result.given_code)
        printed = result.given_code.strip()
        if not check.well_formed:
            self._malformed(result, item, check, own)
            return
        code = self._apply_misprint(result, printed)
        level = codes.level_of(code)
        holders = self.catalog.sectors_with_code.get(code, [])
        own_holders = [s for s in holders if not result.sectors or s in result.sectors]
        if not holders:
            self._propose(result, "unknown_code")
            near = self._transposed(result, item, code)
            suggestion = suggestion_en = ""
            if near is not None:
                self._set_match(result, *near)
                suggestion = f"，是否应为“{result.code} {result.entry_name}”（两位数字颠倒）？"
                suggestion_en = f'; did you mean "{result.code} {result.entry_name}" (two digits swapped)?'
            result.findings.append(self.finding("MT04", code=code, suggestion=suggestion, suggestion_en=suggestion_en))
            return
        if level != 4:
            self._decide_partial_code(result, code, level or 0, own, own_holders)
            return
        if not own_holders:
            self._not_allowed(result, code, own)
            return
        known = dict(own)
        candidates = [(e, known[e] if e in known else self.index.pair(item, e))
                      for e in self._own_entries_with(result, code)]
        entry, code_score = max(candidates, key=lambda c: c[1])
        best = own[0] if own else None
        if (best and self.entries[best[0]].code != code and self._other_entry_fits_better(code_score, best[1])
                and not (best[1] < t["accept"] and self._words_prefer(result, entry, best[0]))
                and not self._terms_name_the_code(result, entry, best[0])):
            self._code_mismatch(result, code, entry, *best)
            return
        by_words = self._words_say_otherwise(result, item, code, code_score)
        if by_words is not None:
            self._code_mismatch(result, code, entry, by_words, known.get(by_words, 0.0))
            self._say_words(result, by_words)
            return
        self._propose(result, "ok")
        self._set_match(result, entry, code_score)
        if code_score < t["unrelated"]:
            result.findings.append(self.finding("MT15", code=code, code_name=self.entries[entry].name))

    def _not_allowed(self, result: Result, code: str, own: list, least: float | None = None) -> None:
        """A level-4 code that only other lists hold: not the department's to buy under; the
        nearest entry of its own lists (by name at `least`, else by words) is named and taken
        as the line's entry when one fits."""
        self._propose(result, "code_not_allowed")
        least = self.t["suggest"] if least is None else least
        # A name that fits outright is the entry; otherwise the whole decision by the text, as if no code.
        best = own[0] if own and own[0][1] >= self.t["accept"] else self._entry_without_code(result, own)
        if best is None:
            best = own[0] if own and own[0][1] >= least else None
        if best is None:  # a sentence fits no name: the own entry its words plainly make, if any
            by_words = self._by_retrieval(result, own_lists=True)
            best = (by_words, dict(own).get(by_words, 0.0)) if by_words is not None else None
        suggestion = suggestion_en = ""
        if best:
            self._set_match(result, *best)
            suggestion = f"；本部门目录中最接近的是“{result.code} {result.entry_name}”"
            suggestion_en = f'; the closest entry of its own lists is "{result.code} {result.entry_name}"'
        result.findings.append(self.finding("MT05", code=code, sectors="、".join(result.sectors),
                                            holders="、".join(self.catalog.sectors_with_code.get(code, [])),
                                            suggestion=suggestion, suggestion_en=suggestion_en))

    def _entry_without_code(self, result: Result, own: list) -> tuple[int, float] | None:
        """The own entry the line would be given had it no code (the whole decision by its text:
        names, heads, terms, words, classes), or None when it would be another's or none."""
        if (not own or own[0][1] < self.t["paraphrase_floor"]) and self.retrieval and result.sectors:
            # Nothing of the department's own fits by name: unless its words or terms hold the line,
            # no decision by the text would place it there (most lines of another list's code).
            entries, scores = self.retrieval.arrays(self._words_text(result))
            mine = self._sector_mask(result.sectors)[entries]
            words = float(scores[mine][0]) if mine.any() else 0.0
            evidence = self.terms.evidence(self.wording.structure(result.text)) if self.terms else []
            if words < self.t["words_accept"] and not any(self.entries[e].sector in result.sectors
                                                          for e, _, _ in evidence):
                return None
        shadow = Result(result.row, result.department, result.item, "", None, {}, sheet_row=result.sheet_row,
                        text=result.text)
        shadow.sectors = result.sectors
        self._decide_by_text(shadow, self.normaliser.item(result.text), own, [])
        if shadow.verdict != "ok" or shadow.code is None or shadow.sector not in result.sectors:
            return None
        entry = self._entry_pos.get((shadow.sector, shadow.code))
        return (entry, shadow.score or 0.0) if entry is not None else None

    def _terms_name_the_code(self, result: Result, written: int, other: int) -> bool:
        """Whether the line names what the written code's entry is about (its terms: 反电诈 for
        公安's 反诈宣传) and nothing of the entry that names fit better (新媒体制作, by 短视频)."""
        if not self.terms:
            return False
        evidence = {e: ev for e, ev, _ in self.terms.evidence(self.wording.structure(result.text))}
        return evidence.get(written, 0.0) >= self.t["terms_single"] and not evidence.get(other)

    def _words_prefer(self, result: Result, written: int, other: int) -> bool:
        """Whether the line's words favour the entry of the code written over another entry that
        names fit only weakly better (体育职业技能培训 by 体育…指导 for 请指导员到广场上教太极)."""
        return self._words_score(result, written) > self._words_score(result, other)

    def _words_score(self, result: Result, entry: int) -> float:
        """What an entry's words score for the line (0 when they share nothing)."""
        entries, scores = self.retrieval.arrays(self._words_text(result))
        mine = scores[entries == entry]
        return float(mine[0]) if mine.size else 0.0

    def _code_mismatch(self, result: Result, code: str, written: int, better: int, score: float) -> None:
        self._propose(result, "code_mismatch")
        self._set_match(result, better, score)
        result.findings.append(self.finding("MT06", code=code, code_name=self.entries[written].name, best=result.code,
                                            best_name=result.entry_name))

    def _words_say_otherwise(self, result: Result, item: str, code: str, code_score: float) -> int | None:
        """A sentence shares too little with any name for names to judge its code. When its words
        plainly make another own entry (clear of every other own entry) and hardly the code's,
        the code is the wrong one: the entry the words make, or None."""
        if code_score >= self.t["code_keep"] or not self.retrieval:
            return None
        entries, scores = self.retrieval.arrays(self._words_text(result))
        own = self._sector_mask(result.sectors)[entries]
        if not own.any() or scores[own][0] < self.t["words_mismatch"]:
            return None
        # The own entry the words rank first, however near the next: the code is judged against it,
        # and a near second (特种设备作业人员考核 beside 特种设备检验) only makes the suggestion less sure.
        entry = int(entries[own][0])
        if self.entries[entry].code == code:
            return None
        named = set(self._activities(result))
        if any(a in self.entries[e].name and a not in self.entries[entry].name
               for a in named for e in self._own_entries_with(result, code)):
            return None  # the code's entry names what the line does (体检), the words' entry does not
        of_code = scores[np.isin(entries, self._own_entries_with(result, code))]
        written = float(of_code.max()) if of_code.size else 0.0
        top = float(scores[entries == entry][0])
        if top - written >= 2 * self.t["words_margin"]:
            return entry
        # Half the gap, when names also put that entry above the code's (评个星级 with the code of
        # 养老机构责任保险: names and words both say 养老机构等级评定).
        if top - written >= self.t["words_margin"] and self.index.pair(item, entry) > code_score:
            return entry
        return None

    def _other_entry_fits_better(self, code_score: float, best_score: float) -> bool:
        """Whether the department's best entry beats the entry of the code it wrote, by enough to say so.

        The comparison is relative: a code whose entry fits fairly (50) still loses to an
        entry that fits far better (85), and a code whose entry shares nothing with the
        item loses to any entry that fits at all.
        """
        t = self.t
        gap = best_score - code_score
        if gap < t["code_margin"]:
            return False
        return (best_score >= t["accept"] or (best_score >= t["weak"] and code_score < t["code_keep"])
                or (code_score < t["unrelated"] and best_score >= t["suggest"]))

    def _malformed(self, result: Result, item: str, check: codes.CodeCheck, own: list) -> None:
        """A code that is not `A` + 2, 4 or 6 digits: malformed, whatever its origin, with the code it stands for."""
        reason = self._reasons(check)
        self._propose(result, "malformed_code")
        target = self._resolve_malformed(result, item, check, own)
        suggestion = f"，应为“{target[0]}”" if target else ""
        suggestion_en = f'; expected "{target[0]}"' if target else ""
        result.findings.append(self.finding("MT02", code=result.given_code, reason=reason[0], reason_en=reason[1],
                                            suggestion=suggestion, suggestion_en=suggestion_en))
        # A misprint copied from the published text (160601) is still malformed, but the
        # department followed the official print: say which erratum corrects it.
        misprint = self._misprint_for(result, result.given_code.strip())
        if misprint is not None:
            result.findings.append(self.finding("MT03", code=misprint.printed, erratum=misprint.erratum,
                                                line=misprint.line, corrected=misprint.corrected))
        if target:
            result.code, result.sector, result.entry_name, result.score = target
            if target[1] is None and result.sectors and target[0] in self.catalog.sectors_with_code:
                # The code it stands for is another list's (A15O102 → A150102 for 民政): the verdict stays
                # malformed, and the line learns too that the code is not its own, and which own entry
                # it is when one fits fairly (a shared 校园 makes no 高雅艺术进校园 of 校园安保).
                self._not_allowed(result, target[0], own, least=self.t["weak"])

    def _transposed(self, result: Result, item: str, code: str) -> tuple[int, float] | None:
        """The entry of the line's lists one digit swap away from an unknown code, best fitting the item."""
        near = [e for c in codes.transpositions(code) for e in self._own_entries_with(result, c)]
        if not near:
            return None
        return max(((e, self.index.pair(item, e)) for e in near), key=lambda c: c[1])

    def _misprint_for(self, result: Result, code: str):
        """The erratum that corrects `code` as printed in one of the line's lists, if any."""
        return next((m for m in self.catalog.misprints.get(code, ())
                     if not result.sectors or m.sector in result.sectors), None)

    def _apply_misprint(self, result: Result, code: str) -> str:
        """The corrected code when `code` is a known misprint of the line's lists (with a warning)."""
        m = self._misprint_for(result, code)
        if m is None:
            return code
        result.findings.append(self.finding("MT03", code=code, erratum=m.erratum, line=m.line, corrected=m.corrected))
        return m.corrected

    def _decide_partial_code(self, result: Result, code: str, level: int, own: list, own_holders) -> None:
        under = [(e, s) for e, s in own if self.entries[e].code.startswith(code)]
        pick = under[0] if under else (own[0] if own else None)
        suggestion = suggestion_en = ""
        if pick:
            e = self.entries[pick[0]]
            suggestion, suggestion_en = f"，如“{e.code} {e.name}”", f', e.g. "{e.code} {e.name}"'
        result.findings.append(self.finding("MT13", code=code, level=level, suggestion=suggestion,
                                            suggestion_en=suggestion_en))
        if not own_holders:
            self._propose(result, "code_not_allowed")
            result.findings.append(self.finding("MT05", code=code, sectors="、".join(result.sectors),
                                                holders="、".join(self.catalog.sectors_with_code[code]),
                                                suggestion="", suggestion_en=""))
        elif under:
            self._propose(result, "ok")
        else:
            self._propose(result, "code_mismatch")
        if pick:
            self._set_match(result, *pick)

    def _resolve_malformed(self, result: Result, item: str, check: codes.CodeCheck, own: list):
        """The code a malformed one most likely stands for: (code, sector, name, score) or None."""
        if check.corrected:
            misprint = self._misprint_for(result, result.given_code.strip()) or self._misprint_for(
                result, check.corrected)
            corrected = misprint.corrected if misprint else check.corrected
            in_own = self._own_entries_with(result, corrected)
            if in_own:
                scored = max(((e, self.index.pair(item, e)) for e in in_own), key=lambda c: c[1])
                e = self.entries[scored[0]]
                return e.code, e.sector, e.name, scored[1]
            if corrected in self.catalog.sectors_with_code or not own:
                return corrected, None, None, None
        digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", result.given_code))
        prefixed = [(e, s) for e, s in own if digits and self.entries[e].code[1:].startswith(digits[:5])]
        if not prefixed and len(digits) in (5, 7):
            # A digit dropped or doubled in copying (A16023 for A160203, A1402020 for A140202).
            known = dict(own)
            prefixed = [(e, known.get(e) or self.index.pair(item, e)) for sector in result.sectors
                        for e in self._sector_entries(sector) if codes.one_digit_off(digits, self.entries[e].code[1:])]
        pick = (self._best_by_words(result, prefixed) if prefixed
                else own[0] if own and own[0][1] >= self.t["weak"] else None)
        if pick:
            e = self.entries[pick[0]]
            return e.code, e.sector, e.name, pick[1]
        return None

    def _name_score(self, result: Result, entry: int, ranked: list) -> float:
        """How the entry's name and glosses score against the line (shown with a placement by terms
        or words): from the ranking when it is there, else scored on its own, not shown as 0."""
        score = dict(ranked).get(entry)
        if score is not None:
            return score
        if self.entries[entry].sector in result.sectors:
            return round(self.index.pair(self.normaliser.item(result.text), entry), 1)
        # Another list's entry is scored as the other lists are, organisation names kept.
        return round(self.cross_index.pair(self.normaliser.item(result.text, org_words=False), entry), 1)

    def _words_text(self, result: Result) -> str:
        """The line as the words step reads it: its structure, and the catalogue's words its synonyms bring."""
        structure = self.wording.structure(result.text)
        added = self.normaliser.added_words(structure)
        return structure + " " + " ".join(added) if added else structure

    def _own_words_first(self, result: Result) -> int | None:
        """The department's own entry whose words hold most of the line's, if any shares one."""
        if not self.retrieval or not result.sectors:
            return None
        entries, _ = self.retrieval.arrays(self._words_text(result))
        own = entries[self._sector_mask(result.sectors)[entries]]
        return int(own[0]) if own.size else None

    def _best_by_words(self, result: Result, candidates: list) -> tuple[int, float]:
        """Of candidates (entry, name score) the one whose words hold most of the line's, else the
        best by name: a code cut short (A04070) stands for one of six entries, and a sentence
        (请律师在大厅当面解答) shares few characters with any of their names."""
        if len(candidates) < 2 or not self.retrieval:
            return candidates[0]
        best = max(candidates, key=lambda c: self._words_score(result, c[0]))
        return best if self._words_score(result, best[0]) > 0 else candidates[0]


class Summary:
    """Counts and amounts by verdict, severities and departments, kept as results stream past."""

    def __init__(self):
        self.rows = 0
        self.by_verdict: dict[str, int] = {v: 0 for v in VERDICTS}
        self.amount: dict[str, Decimal] = defaultdict(Decimal)
        self.errors = self.warnings = 0
        self.worst = -1
        self.by_department: dict[str, Counter] = defaultdict(Counter)

    def add(self, r: Result) -> None:
        self.rows += 1
        self.by_verdict[r.verdict] += 1
        if r.amount_wan is not None and r.verdict not in NOT_LINES:  # a total would count its lines twice
            self.amount[r.verdict] += r.amount_wan
        severity = r.severity
        if severity == "error":
            self.errors += 1
        elif severity == "warning":
            self.warnings += 1
        self.worst = max(self.worst, SEVERITY_RANK.get(severity or "", -1))
        if r.verdict not in NOT_LINES:  # a total or blank row is not a department's line
            self.by_department[r.department or "-"][r.verdict] += 1

    def tap(self, results: Iterable[Result]) -> Iterator[Result]:
        """Pass results through, counting each."""
        for r in results:
            self.add(r)
            yield r

    def to_dict(self) -> dict:
        return {
            "rows": self.rows,
            "by_verdict": {k: v for k, v in self.by_verdict.items() if v},
            "amount_wan_by_verdict": {k: float(v) for k, v in self.amount.items()},
            "errors": self.errors,
            "warnings": self.warnings,
        }

    @classmethod
    def of(cls, results: Iterable[Result]) -> "Summary":
        summary = cls()
        for r in results:
            summary.add(r)
        return summary

    def exit_code(self, fail_on: str) -> int:
        """1 when any line had a finding at or above `fail_on` (error|warning), else 0."""
        return 1 if self.worst >= SEVERITY_RANK[fail_on] else 0
