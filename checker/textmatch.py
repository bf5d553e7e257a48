"""Scoring item text against catalogue entries: the only module that imports rapidfuzz.

An item and an entry are normalised (NFKC, clerks' synonyms, noise words removed) and
scored 0-100 as a blend of three views of the same strings:
  - rapidfuzz `ratio`: overall edit similarity;
  - rapidfuzz `partial_ratio`: the shorter string found inside the longer one;
  - a character-bigram overlap weighted by rarity in the catalogue (IDF-weighted
    Dice), so that 舆情 or 托养 count for more than 服务 or 管理.
The first two are computed in batches with `process.cdist`; the third only for the best
few candidates of each distinct item.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from . import paths, yamlio

TOP_K = 8
BETA = 1.5
WEIGHTS = (0.40, 0.20, 0.40)  # ratio, partial_ratio, weighted bigram F-beta  # ratio, partial_ratio, weighted bigram Dice


@dataclass(frozen=True)
class Tables:
    """Normalisation tables from rules/matching.yaml."""

    noise: tuple[re.Pattern, ...]
    org_words: tuple[re.Pattern, ...]
    synonyms: tuple[tuple[re.Pattern, str], ...]
    thresholds: dict[str, float]


@lru_cache(maxsize=None)
def tables() -> Tables:
    """Load rules/matching.yaml once."""
    data = yamlio.load(paths.rules_dir() / "matching.yaml")
    noise = tuple(re.compile(p) for p in data["noise"])
    synonyms = []
    for canonical, variants in data["synonyms"].items():
        for variant in variants:
            synonyms.append((re.compile(variant), str(canonical)))
    org = tuple(re.compile(p) for p in data.get("org_words", []))
    return Tables(noise, org, tuple(synonyms), {k: float(v) for k, v in data["thresholds"].items()})


def fold(text: str) -> str:
    """NFKC with Chinese parentheses kept comparable and spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def normalise_item(text: str) -> str:
    """Item text in the catalogue's vocabulary, without noise words."""
    t = tables()
    text = fold(text)
    for pattern, canonical in t.synonyms:
        if canonical not in text:
            text = pattern.sub(canonical, text)
    return strip_noise(text)


def strip_noise(text: str) -> str:
    """Remove budget and place noise (years, 泽州县, 项目, 服务费 …)."""
    text = fold(text)
    t = tables()
    for pattern in t.noise:
        text = pattern.sub("", text)
    stripped = text
    for pattern in t.org_words:
        stripped = pattern.sub("", stripped)
    return stripped or text


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams (a single character counts as itself)."""
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


class EntryIndex:
    """Normalised entry texts and bigram weights for a list of catalogue entries."""

    def __init__(self, entries):
        self.entries = list(entries)
        texts: list[str] = []
        owner: list[int] = []
        for i, entry in enumerate(self.entries):
            variants = {strip_noise(entry.name)}
            variants.update(strip_noise(p) for p in entry.parts)
            for v in sorted(variants):
                texts.append(v or fold(entry.name))
                owner.append(i)
        self.texts = texts
        self.owner = np.array(owner, dtype=np.int64)
        self.text_grams = [bigrams(t) for t in texts]
        df = Counter(g for grams in {frozenset(g) for g in self.text_grams} for g in grams)
        n = len(self.entries) or 1
        self.idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}
        self.default_idf = math.log(n + 1) + 1.0
        self.text_weight = [self._weight(g) for g in self.text_grams]

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

    def best(self, items: list[str], allowed: np.ndarray | None = None, k: int = TOP_K):
        """For each normalised item, the top-k (entry index, score) among allowed entry texts.

        `allowed` is a boolean mask over texts (None: all). Returns one list per item, best first.
        """
        if not items:
            return []
        cols = np.arange(len(self.texts)) if allowed is None else np.flatnonzero(allowed)
        if cols.size == 0:
            return [[] for _ in items]
        choices = [self.texts[c] for c in cols]
        ratio = process.cdist(items, choices, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
        partial = process.cdist(items, choices, scorer=fuzz.partial_ratio, dtype=np.uint8, workers=-1)
        coarse = ratio.astype(np.float32) * 0.6 + partial.astype(np.float32) * 0.4
        kk = min(k * 2, cols.size)
        top = np.argpartition(-coarse, kk - 1, axis=1)[:, :kk] if kk < cols.size else np.tile(
            np.arange(cols.size), (len(items), 1))
        out = []
        w_ratio, w_partial, w_dice = WEIGHTS
        for row, item in enumerate(items):
            grams = bigrams(item)
            weight = self._weight(grams)
            per_entry: dict[int, float] = {}
            for j in top[row]:
                text_index = int(cols[j])
                score = (w_ratio * ratio[row, j] + w_partial * partial[row, j]
                         + w_dice * self.dice(grams, weight, text_index))
                entry = int(self.owner[text_index])
                if score > per_entry.get(entry, -1.0):
                    per_entry[entry] = score
            ranked = sorted(per_entry.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
            out.append([(e, round(s, 1)) for e, s in ranked])
        return out

    def pair(self, item: str, entry: int) -> float:
        """The score of one normalised item against one entry (its best text)."""
        grams = bigrams(item)
        weight = self._weight(grams)
        w_ratio, w_partial, w_dice = WEIGHTS
        best = 0.0
        for text_index in np.flatnonzero(self.owner == entry):
            text = self.texts[text_index]
            score = (w_ratio * fuzz.ratio(item, text) + w_partial * fuzz.partial_ratio(item, text)
                     + w_dice * self.dice(grams, weight, int(text_index)))
            best = max(best, score)
        return round(best, 1)
