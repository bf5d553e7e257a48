"""Scoring item text against catalogue entries: the only module that imports rapidfuzz.

An item and an entry are normalised (NFKC, clerks' synonyms, noise words removed) and
scored 0-100 as a blend of three views of the same strings:
  - rapidfuzz `ratio`: overall edit similarity;
  - rapidfuzz `partial_ratio`: the shorter string found inside the longer one;
  - a character-bigram overlap weighted by rarity in the catalogue (IDF-weighted
    Dice), so that 舆情 or 托养 count for more than 服务 or 管理.
`ratio` is computed in batches with `process.cdist` and the bigram score as a sparse
matrix product (items × bigrams × entry texts), so no Python loop runs per pair; the
costlier `partial_ratio` only for each item's shortlist, with `process.cpdist`.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from . import yamlio
from .wording import CACHE_LIMIT, Wording, fold  # noqa: F401  (fold: the one folding, shared)

TOP_K = 8
SHORTLIST = 48  # candidates per item, ranked by the bigram product, that get the character-sequence scores
BETA = 1.5
WEIGHTS = (0.40, 0.20, 0.40)  # ratio, partial_ratio, weighted bigram F-beta
# A gloss is a short phrase: sharing a generic word with it (保洁, 绩效, 健康体检) says nothing,
# so a gloss counts only when the line holds nearly all of it (rarity-weighted bigram recall).
GLOSS_RECALL = 0.75
GLOSS_MIN_CHARS = 3
BATCH_CELLS = 2_000_000
# Threads for rapidfuzz's scorers: every core in one process; 1 where worker processes share the cores.
SCORER_THREADS = -1


# A group the rules write to say "one of these" need not be kept: only whole matches are read
# (search, sub, findall of words). Capturing groups make Python's matcher save and restore
# positions at every try: in the negative list's one alternation of ~50 terms they cost three
# times the search itself.
_CAPTURING_GROUP = re.compile(r"(?<!\\)\((?!\?)")


def _kept_after(word: str):
    """A replacement that puts `word` before what a variant's `keep` group held."""
    def replace(m: re.Match) -> str:
        return word + (m.group("keep") or "")
    return replace


def compile_rule(pattern: str) -> re.Pattern:
    """A rule table's pattern with its plain groups made non-capturing (a `(` inside a character
    class becomes `(?:` too, which only widens that class)."""
    return re.compile(_CAPTURING_GROUP.sub("(?:", pattern))


@dataclass(frozen=True)
class Tables:
    """Normalisation tables and thresholds of one rule set (rules/matching.yaml)."""

    noise: tuple[re.Pattern, ...]
    org_words: re.Pattern | None
    class_terms: tuple[tuple[str, re.Pattern], ...]  # (level-3 code, words naming that class)
    synonyms: tuple[tuple[str | None, re.Pattern | None, str], ...]  # (literal, pattern, canonical)
    thresholds: dict[str, float]
    # The plain-word variants as one alternation (longest first) and their canonical words;
    # the regular-expression variants one by one.
    literal_variants: re.Pattern | None = None
    literal_canonical: dict[str, str] = field(default_factory=dict)
    pattern_variants: tuple[tuple[re.Pattern, str], ...] = ()
    heads: re.Pattern | None = None  # the activity a line buys (培训, 考试 …), as a name would end on it
    served: re.Pattern | None = None  # the people a service is for (儿童, 老人 …), as names say them
    about: re.Pattern | None = None  # work about a field (标准, 规划 …) that a line names when it buys it
    work_alike: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 培训 is named by 人才培养 too

    @classmethod
    def load(cls, rules_dir: Path) -> "Tables":
        """Read matching.yaml of a rule set."""
        data = yamlio.load(rules_dir / "matching.yaml")
        # One alternation instead of a regex run per noise pattern; stripping runs it until
        # nothing changes, which also removes words uncovered by an earlier removal (项目服务费).
        noise = (compile_rule("|".join(f"(?:{p})" for p in data["noise"])),)
        synonyms: list[tuple[str | None, re.Pattern | None, str]] = []
        for canonical, variants in data["synonyms"].items():
            for variant in variants:
                # Most variants are plain words: a substring test is far cheaper than a regex run.
                literal = variant if re.escape(variant) == variant else None
                synonyms.append((literal, None if literal else compile_rule(variant), str(canonical)))
        org_words = data.get("org_words") or []
        org = compile_rule("|".join(f"(?:{p})" for p in org_words)) if org_words else None
        classes = tuple((str(code), compile_rule("|".join(terms)))
                        for code, terms in (data.get("class_terms") or {}).items())
        thresholds = {k: float(v) for k, v in data["thresholds"].items()}
        missing = sorted(set(THRESHOLDS) - set(thresholds))
        if missing:
            raise ValueError(f"{rules_dir / 'matching.yaml'}: thresholds missing: {', '.join(missing)}")
        literal = {lit: canonical for lit, _, canonical in synonyms if lit is not None}
        alternation = re.compile("|".join(re.escape(v) for v in sorted(literal, key=len, reverse=True))) \
            if literal else None
        patterns = tuple((p, canonical) for lit, p, canonical in synonyms if p is not None)
        heads, served, about = (compile_rule("|".join(sorted(data[key], key=len, reverse=True))) if data.get(key)
                                else None for key in ("heads", "served", "about"))
        work_alike = {str(k): tuple(map(str, v)) for k, v in (data.get("work_alike") or {}).items()}
        return cls(noise, org, classes, tuple(synonyms), thresholds, alternation, literal, patterns, heads, served,
                   about, work_alike)


THRESHOLDS = ("accept", "suggest", "weak", "other_department", "other_margin", "other_coverage", "own_class", "code_keep", "code_margin",
              "unrelated", "near_tie", "support_override", "paraphrase_floor", "paraphrase_gap", "paraphrase_clear",
              "terms_accept", "terms_margin", "terms_single", "terms_other", "words_accept", "words_margin",
              "words_other", "words_support", "words_mismatch", "words_yield", "words_core", "words_field")




def name_bigrams(names) -> frozenset[str]:
    """Every character bigram of some names: the vocabulary that a place is never cut out of."""
    return frozenset(n[i:i + 2] for n in map(fold, names) for i in range(len(n) - 1))


class Normaliser:
    """Item and entry text in the catalogue's vocabulary, for one rule set and one catalogue."""

    def __init__(self, tables: Tables, wording: Wording):
        self.tables = tables
        self.wording = wording
        self._items: dict[tuple[str, bool], str] = {}
        self._added: dict[str, list[str]] = {}

    def item(self, text: str, org_words: bool = True) -> str:
        """Item text without its structure (places, years, batches), in the catalogue's words, without noise
        (and without organisation names unless `org_words` is false)."""
        key = (text, org_words)
        cached = self._items.get(key)
        if cached is not None:
            return cached
        # structure() returns folded text, so the steps after it need not fold again.
        out = self._strip_noise_folded(self._synonyms_folded(self.wording.structure(text)), org_words)
        if len(self._items) >= CACHE_LIMIT:
            self._items.clear()  # long inputs of distinct lines: memory stays flat
        self._items[key] = out
        return out

    def _synonyms_folded(self, text: str) -> str:
        """Clerks' words replaced by the catalogue's (a variant stays when its canonical word is already there)."""
        tables = self.tables
        if tables.literal_variants is not None:
            text = tables.literal_variants.sub(
                lambda m: m.group(0) if tables.literal_canonical[m.group(0)] in text
                else tables.literal_canonical[m.group(0)], text)
        for pattern, canonical in tables.pattern_variants:
            if "keep" in pattern.groupindex:
                # 买些吃的送去化验: the sampling is said around its object, which stays (监督抽样些吃的).
                text = pattern.sub(_kept_after(canonical), text)
            elif canonical not in text:
                text = pattern.sub(canonical, text)
        return text

    def added_words(self, text: str) -> list[str]:
        """The catalogue's words that the phrase synonyms (the patterns) would bring into `text`
        (folded) and it does not hold: 走航监测车 for 带仪器的车. The words step reads them beside the
        clerk's own words. Plain-word variants (短视频, 社工站) bring nothing: the entries' glosses and
        terms already hold those words, and their canonical forms are whole entry names that would
        outweigh the rest of the line."""
        cached = self._added.get(text)
        if cached is not None:
            return cached
        found = [canonical for pattern, canonical in self.tables.pattern_variants if pattern.search(text)]
        out = [w for w in dict.fromkeys(found) if w not in text]
        if len(self._added) >= CACHE_LIMIT:
            self._added.clear()
        self._added[text] = out
        return out

    def strip_noise(self, text: str, org_words: bool = True) -> str:
        """Remove budget noise (项目, 服务费 …) and, unless told not to, organisation names."""
        return self._strip_noise_folded(fold(text), org_words)

    def _strip_noise_folded(self, text: str, org_words: bool = True) -> str:
        for pattern in self.tables.noise:
            previous = None
            while previous != text:
                previous, text = text, pattern.sub("", text)
        if not org_words or self.tables.org_words is None:
            return text
        return self.tables.org_words.sub("", text) or text


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams (a single character counts as itself)."""
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


class EntryIndex:
    """Normalised entry texts and bigram weights for a list of catalogue entries."""

    def __init__(self, entries, normaliser: Normaliser, keep_org_words: bool = False,
                 glosses: dict[int, list[str]] | None = None):
        # Within a department's own lists the organisation in an entry's name (政协宣传服务)
        # says nothing; across lists it is what ties the entry to its organisation, so an
        # index for searching other lists keeps it.
        self.entries = list(entries)
        texts: list[str] = []
        owner: list[int] = []
        # Which texts are glosses (the words clerks use for an entry), and as written, so that
        # a decision they carry can say which one.
        self.gloss_of: dict[int, str] = {}
        strip_org = not keep_org_words
        for i, entry in enumerate(self.entries):
            variants = {normaliser.strip_noise(entry.name, strip_org)}
            variants.update(normaliser.strip_noise(p, strip_org) for p in entry.parts)
            for v in sorted(variants):
                texts.append(v or fold(entry.name))
                owner.append(i)
            for gloss in (glosses or {}).get(i, ()):
                text = normaliser.item(gloss, org_words=strip_org)
                # A gloss that budget words reduce to a bare word or two (年度志愿服务项目 → 志愿)
                # no longer names anything in particular.
                if len(text) >= GLOSS_MIN_CHARS and text not in variants:
                    variants.add(text)
                    self.gloss_of[len(texts)] = gloss
                    texts.append(text)
                    owner.append(i)
        self.texts = texts
        self.owner = np.array(owner, dtype=np.int64)
        self.text_sector = np.array([self.entries[o].sector for o in owner])
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self._views: dict[bytes | None, tuple] = {}
        self.entry_texts: list[list[int]] = [[] for _ in self.entries]
        for text_index, entry in enumerate(owner):
            self.entry_texts[entry].append(text_index)
        self.text_grams = [bigrams(t) for t in texts]
        df = Counter(g for grams in {frozenset(g) for g in self.text_grams} for g in grams)
        n = len(self.entries) or 1
        self.idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}
        self.default_idf = math.log(n + 1) + 1.0
        self.text_weight = [self._weight(g) for g in self.text_grams]
        self.is_gloss = np.zeros(len(texts), dtype=bool)
        self.is_gloss[list(self.gloss_of)] = True
        self.entry_glosses: list[list[int]] = [[t for t in ts if t in self.gloss_of] for ts in self.entry_texts]
        self.text_weight_array = np.array(self.text_weight, dtype=np.float32)
        self.gram_id = {g: i for i, g in enumerate(sorted(self.idf))}
        from scipy import sparse

        rows = [self.gram_id[g] for grams in self.text_grams for g in grams]
        cols = [t for t, grams in enumerate(self.text_grams) for _ in grams]
        data = np.array([self.idf[g] for grams in self.text_grams for g in grams], dtype=np.float32)
        self.text_matrix = sparse.csc_matrix((data, (rows, cols)), shape=(len(self.gram_id), len(texts)))

    def _weight(self, grams) -> float:
        return sum(self.idf.get(g, self.default_idf) for g in grams)

    def dice(self, item_grams: frozenset[str], item_weight: float, text_index: int) -> float:
        """IDF-weighted F-beta of an item's bigrams against one entry text's, 0-100.

        Recall (how much of the entry the item evidences) counts BETA times as much as
        precision: clerks add qualifiers (履职风采, 城乡, 基层) that the entry never has.
        """
        shared = item_grams & self.text_grams[text_index]
        if not shared or not item_weight or not self.text_weight[text_index]:
            return 0.0
        common = sum(self.idf.get(g, self.default_idf) for g in shared)
        precision, recall = common / item_weight, common / self.text_weight[text_index]
        b2 = BETA * BETA
        return 100.0 * (1 + b2) * precision * recall / (b2 * precision + recall)

    def _recall(self, item_grams: frozenset[str], text_index: int) -> float:
        """How much of a text (rarity-weighted bigrams) the item holds, 0-1."""
        if not self.text_weight[text_index]:
            return 0.0
        shared = item_grams & self.text_grams[text_index]
        return sum(self.idf.get(g, self.default_idf) for g in shared) / self.text_weight[text_index]

    def mask(self, sectors: tuple[str, ...]) -> np.ndarray | None:
        """Which texts belong to these sector lists (None: every list)."""
        if not sectors:
            return None
        if sectors not in self._masks:
            self._masks[sectors] = np.isin(self.text_sector, list(sectors))
        return self._masks[sectors]

    def _view(self, allowed: np.ndarray | None) -> tuple:
        """The allowed texts' columns, texts, bigram matrix, weights, owners and gloss flags, cut once
        per mask: a long input asks for the same department's lists chunk after chunk."""
        key = None if allowed is None else allowed.tobytes()
        view = self._views.get(key)
        if view is None:
            cols = np.arange(len(self.texts)) if allowed is None else np.flatnonzero(allowed)
            view = (cols, [self.texts[c] for c in cols], self.text_matrix[:, cols], self.text_weight_array[cols],
                    self.owner[cols], self.is_gloss[cols])
            if len(self._views) >= 256:
                self._views.clear()
            self._views[key] = view
        return view

    def _item_matrix(self, items: list[str]):
        """Items as a sparse item × bigram incidence matrix, and each item's total bigram weight."""
        from scipy import sparse

        rows, cols, weights = [], [], np.empty(len(items), dtype=np.float32)
        for r, item in enumerate(items):
            grams = bigrams(item)
            weights[r] = self._weight(grams)
            for g in grams:
                c = self.gram_id.get(g)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(items), len(self.gram_id))), weights

    def best(self, items: list[str], allowed: np.ndarray | None = None, k: int = TOP_K, batch: int = 4096):
        """For each normalised item, the top-k (entry index, score) among allowed entry texts.

        `allowed` is a boolean mask over texts (None: all). Returns one list per item, best
        first. Every score is computed for every allowed text, in batches, as whole arrays.
        """
        if not items:
            return []
        cols, choices, text_matrix, text_weight, owner, gloss = self._view(allowed)
        if cols.size == 0:
            return [[] for _ in items]
        # Each batch holds a few item × text score matrices: sized by cells, not by rows, so that
        # scoring against every list (names and glosses, ~4,000 texts) stays as small as one list.
        batch = max(256, min(batch, BATCH_CELLS // cols.size))
        w_ratio, w_partial, w_dice = WEIGHTS
        b2 = BETA * BETA
        out = []
        for start in range(0, len(items), batch):
            chunk = items[start:start + batch]
            incidence, item_weight = self._item_matrix(chunk)
            common = (incidence @ text_matrix).toarray()
            with np.errstate(divide="ignore", invalid="ignore"):
                precision = common / item_weight[:, None]
                recall = common / text_weight[None, :]
                fbeta = np.nan_to_num(100.0 * (1 + b2) * precision * recall / (b2 * precision + recall))
            if gloss.any():
                unheld = gloss[None, :] & (np.nan_to_num(recall) < GLOSS_RECALL)
                fbeta[unheld] = -1.0
            # The character-sequence scores cost far more than the bigram product, and a text
            # sharing no rare bigram with the item cannot win: they are computed for the texts
            # the bigrams rank first only.
            short = min(SHORTLIST, cols.size)
            top = np.argpartition(-fbeta, short - 1, axis=1)[:, :short] if short < cols.size else np.tile(
                np.arange(cols.size), (len(chunk), 1))
            pairs_a = [chunk[r] for r in range(len(chunk)) for _ in range(top.shape[1])]
            pairs_b = [choices[c] for c in top.ravel().tolist()]
            ratio = process.cpdist(pairs_a, pairs_b, scorer=fuzz.ratio, dtype=np.float32, workers=SCORER_THREADS).reshape(top.shape)
            partial = process.cpdist(pairs_a, pairs_b, scorer=fuzz.partial_ratio, dtype=np.float32,
                                     workers=SCORER_THREADS).reshape(top.shape)
            top_fbeta = np.take_along_axis(fbeta, top, axis=1)
            top_scores = w_ratio * ratio + w_partial * partial + w_dice * np.maximum(top_fbeta, 0.0)
            top_scores[top_fbeta < 0] = 0.0  # a gloss the line does not hold
            order = np.argsort(-top_scores, axis=1, kind="stable")
            top, top_scores = np.take_along_axis(top, order, axis=1), np.take_along_axis(top_scores, order, axis=1)
            owners = owner[top].tolist()
            rounded = (np.floor(top_scores.astype(np.float64) * 10 + 0.5) / 10).tolist()
            for row_owners, row_scores in zip(owners, rounded):
                ranked, seen = [], set()
                for entry, value in zip(row_owners, row_scores):
                    if entry not in seen:
                        seen.add(entry)
                        ranked.append((entry, value))
                        if len(ranked) == k:
                            break
                out.append(ranked)
        return out

    def coverage(self, item: str, entries) -> float:
        """The largest share (0-1, weighted by rarity) of the item's bigrams that one of these entries holds."""
        grams = bigrams(item)
        weight = self._weight(grams)
        if not weight:
            return 0.0
        best = 0.0
        for entry in entries:
            for text_index in self.entry_texts[entry]:
                if self.is_gloss[text_index] and self._recall(grams, text_index) < GLOSS_RECALL:
                    continue
                shared = grams & self.text_grams[text_index]
                if shared:
                    best = max(best, sum(self.idf.get(g, self.default_idf) for g in shared) / weight)
        return best

    def pair(self, item: str, entry: int) -> float:
        """The score of one normalised item against one entry (its best text)."""
        return self.best_text(item, entry)[1]

    def held_glosses(self, item: str, entry: int) -> list[int]:
        """The entry's glosses that a normalised item holds nearly all of (the only ones that count)."""
        glosses = self.entry_glosses[entry]
        if not glosses:
            return []
        grams = bigrams(item)
        return [t for t in glosses if self._recall(grams, t) >= GLOSS_RECALL]

    def best_text(self, item: str, entry: int) -> tuple[int, float]:
        """The entry's text (name, part or gloss) that fits a normalised item best, and its score."""
        grams = bigrams(item)
        weight = self._weight(grams)
        w_ratio, w_partial, w_dice = WEIGHTS
        best, best_index = -1.0, self.entry_texts[entry][0]
        for text_index in self.entry_texts[entry]:
            if self.is_gloss[text_index] and self._recall(grams, text_index) < GLOSS_RECALL:
                continue
            text = self.texts[text_index]
            score = (w_ratio * fuzz.ratio(item, text) + w_partial * fuzz.partial_ratio(item, text)
                     + w_dice * self.dice(grams, weight, text_index))
            if score > best:
                best, best_index = score, text_index
        return best_index, round(max(best, 0.0), 1)


class TermIndex:
    """The terms of each entry (the words a clerk's description of the service contains:
    露宿街头, 救助站 for 流浪乞讨人员救助服务), weighted by rarity across entries.

    A sentence that describes a service in the clerk's own words shares few characters with
    the entry's name but many of its terms; the evidence for an entry is the summed weight of
    the terms the line contains (a term inside a longer one found at the same place counts as
    part of it).
    """

    def __init__(self, entries, terms: dict[int, list[str]]):
        self.entries = list(entries)
        self.by_term: dict[str, list[int]] = {}
        for entry, words in terms.items():
            for word in dict.fromkeys(fold(w) for w in words):
                if len(word) >= 2:
                    self.by_term.setdefault(word, []).append(entry)
        # Rarity among services, not entries: an entry printed in several lists is one service.
        services = len({e.name for e in self.entries}) or 1
        self.weight = {t: math.log((services + 1) / (len({self.entries[e].name for e in owners}) + 1)) + 1.0
                       for t, owners in self.by_term.items()}
        self.lengths = sorted({len(t) for t in self.by_term}, reverse=True)
        self._last: tuple[str | None, list] = (None, [])

    def __bool__(self) -> bool:
        return bool(self.by_term)

    def found(self, text: str) -> frozenset[str]:
        """The terms a text contains, longest first: a term inside a longer one found at the same
        place (农场 in 家庭农场) is part of it, not a term of its own."""
        spans = []
        n = len(text)
        for start in range(n - 1):
            for length in self.lengths:
                if start + length <= n and text[start:start + length] in self.by_term:
                    spans.append((start, start + length))
        return frozenset(text[a:b] for a, b in spans
                         if not any(c <= a and b <= d and d - c > b - a for c, d in spans))

    def evidence(self, text: str) -> list[tuple[int, float, tuple[str, ...]]]:
        """(entry, evidence, terms) for the entries whose terms the text contains, strongest first."""
        # A line's decision asks up to three times in a row; nothing later asks again. Read once
        # into a local: another thread (the web page's) may replace it meanwhile.
        last = self._last
        if last[0] == text:
            return last[1]
        evidence = self._evidence(text)
        self._last = (text, evidence)
        return evidence

    def _evidence(self, text: str) -> list[tuple[int, float, tuple[str, ...]]]:
        per_entry: dict[int, list[str]] = {}
        for term in self.found(text):
            for entry in self.by_term[term]:
                per_entry.setdefault(entry, []).append(term)
        ranked = []
        for entry, terms in per_entry.items():
            kept = tuple(sorted(terms))
            ranked.append((entry, round(sum(self.weight[t] for t in kept), 1), kept))
        ranked.sort(key=lambda r: (-r[1], r[0]))
        return ranked


_WORD_RUNS = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")


def _run_bigrams(text: str) -> list[str]:
    """The character bigrams inside runs of words (none across punctuation)."""
    grams: list[str] = []
    for run in _WORD_RUNS.findall(fold(text)):
        grams.extend(run[i:i + 2] for i in range(len(run) - 1))
    return grams


_FUNCTION_SPLIT = re.compile("[的给把了在对为和与及等请让被将向从于着过]")


class Retrieval:
    """Okapi BM25 over character bigrams, each entry's document being its name, glosses and
    terms together.

    The glosses and terms place a sentence when it holds one of them whole. A clerk's sentence
    often holds only pieces of several (照护 of 长期照护, 等级 of 等级评定, 能力 of the name):
    pooled, an entry's words still rank it first. The score is the usual BM25 sum over the
    query's distinct bigrams, with rarity counted among services (an entry printed in several
    lists is one service), so it grows with the evidence and is comparable between entries,
    not a proportion.
    """

    # The textbook length weight (0.75) and a term weight that saturates more slowly than 1.2:
    # a pooled document repeats its service's words across many sentences, and the entry that
    # repeats the line's words more is more likely the one (12 development lines right, 3 wrong,
    # against 1.2 / 0.5; the same on a development set written after the choice: 2 right).
    K1 = 1.6
    B = 0.75

    def __init__(self, entries, documents: dict[int, list[str]], core: dict[int, list[str]] | None = None):
        self.entries = list(entries)
        # One fold and one scan per document (its texts joined by a break), once per distinct
        # document: an entry printed in several lists shares its name, glosses and terms.
        by_document: dict[tuple, Counter] = {}
        counts = []
        for i, e in enumerate(self.entries):
            key = (e.name, *documents.get(i, ()))
            if key not in by_document:
                by_document[key] = Counter(_run_bigrams("|".join(key)))
            counts.append(by_document[key])
        services: dict[str, set[str]] = {}
        for i, e in enumerate(self.entries):
            services.setdefault(e.name, set()).update(counts[i])
        n = len(services) or 1
        df = Counter(g for grams in services.values() for g in grams)
        idf = {g: math.log((n - k + 0.5) / (k + 0.5) + 1.0) for g, k in df.items()}
        mean = sum(sum(c.values()) for c in counts) / max(len(counts), 1) or 1.0
        # Bigrams × entries as one sparse matrix of BM25 weights: a few hundred kilobytes, where
        # per-bigram lists of (entry, weight) pairs took ten megabytes.
        self.row: dict[str, int] = {g: r for r, g in enumerate(df)}
        self.row_idf = np.array([idf[g] for g in df], dtype=np.float32)
        # The bigrams (as rows) of what names an entry (its name, glosses and terms), without the
        # sentences that describe it: a sentence's frame (每天早晚接送…上下学) is shared by unrelated
        # services. Sorted row numbers per entry: a fraction of a megabyte.
        self.core = [np.array(sorted({self.row[g] for g in _run_bigrams("|".join((e.name, *(core or {}).get(i, ()))))
                                      if g in self.row}), dtype=np.int32) for i, e in enumerate(self.entries)]
        rows, cols, weights = [], [], []
        for i, c in enumerate(counts):
            norm = self.K1 * (1 - self.B + self.B * sum(c.values()) / mean)
            for g, tf in c.items():
                rows.append(self.row[g])
                cols.append(i)
                weights.append(idf[g] * tf * (self.K1 + 1) / (tf + norm))
        from scipy.sparse import csr_matrix

        self.matrix = csr_matrix((np.array(weights, dtype=np.float64), (np.array(rows, dtype=np.int32),
                                  np.array(cols, dtype=np.int32))), shape=(len(self.row), len(self.entries)))
        self._last: tuple[str | None, tuple[np.ndarray, np.ndarray]] = (None, (np.empty(0, dtype=np.int64), np.empty(0)))

    def __bool__(self) -> bool:
        return bool(self.row)

    def _rows(self, text: str) -> list[int]:
        return [self.row[g] for g in set(_run_bigrams(text)) if g in self.row]

    def ranked(self, text: str) -> list[tuple[int, float]]:
        """(entry, score) for every entry sharing a bigram with the text, best first."""
        entries, scores = self.arrays(text)
        return list(zip(entries.tolist(), scores.tolist()))

    def arrays(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The ranking as two arrays, entries and their scores (to a tenth), best first, ties by
        entry: what the decision steps filter and compare without a tuple per entry."""
        last = self._last  # a line's decision asks several times (own lists, all lists): one read (threads)
        if last[0] == text:
            return last[1]
        rows = self._rows(text)
        if rows:
            # The sum of the line's bigram rows, read straight from the CSR arrays: a sparse
            # row selection builds a matrix per line, ten times the cost.
            m = self.matrix
            spans = [(m.indptr[r], m.indptr[r + 1]) for r in rows]
            columns = np.concatenate([m.indices[a:b] for a, b in spans])
            weights = np.concatenate([m.data[a:b] for a, b in spans])
            scores = np.bincount(columns, weights=weights, minlength=m.shape[1])
            hit = np.flatnonzero(scores)
            rounded = np.round(scores[hit], 1)
            order = np.lexsort((hit, -rounded))
            found: tuple[np.ndarray, np.ndarray] = (hit[order], rounded[order])
        else:
            found = (np.empty(0, dtype=np.int64), np.empty(0))
        self._last = (text, found)
        return found

    def core_evidence(self, text: str, entry: int) -> float:
        """The rarity (idf) summed over the text's bigrams that the entry's name, glosses or terms
        hold: what the text shares with what names the entry, not only with its sentences."""
        rows = np.array(self._rows(text), dtype=np.int32)
        return float(self.row_idf[rows[np.isin(rows, self.core[entry])]].sum()) if rows.size else 0.0

    def shared_words(self, text: str, entry: int) -> list[str]:
        """The stretches of the text made of bigrams the entry's document holds, longest first
        (what a finding shows a person: 长期照护, 认知能力, not bigrams)."""
        m = self.matrix
        held = {g for g in set(_run_bigrams(text)) if g in self.row
                and entry in m.indices[m.indptr[self.row[g]]:m.indptr[self.row[g] + 1]]}
        spans: list[str] = []
        for run in _WORD_RUNS.findall(fold(text)):
            start = None
            for i in range(len(run)):
                inside = i + 1 < len(run) and run[i:i + 2] in held
                if inside and start is None:
                    start = i
                elif not inside and start is not None:
                    spans.append(run[start:i + 1])
                    start = None
        # A function character joins two held bigrams into one span (每周上门给独): a person reads
        # the words on either side, so spans are cut there and what is left of one character goes.
        words = [w for span in spans for w in _FUNCTION_SPLIT.split(span) if len(w) >= 2]
        return sorted(dict.fromkeys(words), key=lambda w: (-len(w), text.find(w)))[:6]
