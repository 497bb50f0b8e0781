"""Deterministic, stratified train/dev/test splits that keep near-duplicates together.

Newspapers print the same story twice (page 1 and page 4), and a round-up may repeat a report nearly
word for word; if one copy lands in train and the other in test, the test score is a memory test. So
documents are first grouped by shared character 5-grams (union-find over pairs whose overlap is high)
and whole groups are assigned to one side. Assignment is by a seeded hash of the group's ids, per
``type x level`` stratum, so the same labels always give the same split on any machine.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence

from classify.corpus.record import Record

_NON_TEXT = re.compile(r"\s+")
SPLITS = ("train", "dev", "test")


def _shingles(text: str, n: int = 5, keep_one_in: int = 4) -> set[int]:
    """Hashed character n-grams, sampled by hash value so that all documents keep the same subset."""
    text = _NON_TEXT.sub("", text)
    out = set()
    for i in range(len(text) - n + 1):
        h = zlib.crc32(text[i : i + n].encode("utf-8"))  # stable across processes, unlike hash()
        if h % keep_one_in == 0:
            out.add(h)
    return out


def near_duplicate_groups(texts: Sequence[str], *, threshold: float = 0.85) -> list[int]:
    """Group id per text: texts whose sampled 5-gram overlap coefficient (shared / smaller set) is at
    least ``threshold`` share a group, transitively. Linear in the corpus via an inverted index."""
    sets = [_shingles(t) for t in texts]
    index: dict[int, list[int]] = defaultdict(list)
    for doc, shingles in enumerate(sets):
        for s in shingles:
            index[s].append(doc)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in index.values():
        if 1 < len(docs) <= 50:  # boilerplate shingles shared by many documents say nothing
            for i, a in enumerate(docs):
                for b in docs[i + 1 :]:
                    shared[(a, b)] += 1
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), count in shared.items():
        smaller = min(len(sets[a]), len(sets[b]))
        if smaller and count / smaller >= threshold:
            parent[find(a)] = find(b)
    return [find(i) for i in range(len(texts))]


def _order_key(seed: int, ids: list[str]) -> str:
    return hashlib.sha256(f"{seed}:{min(ids)}".encode()).hexdigest()


def _stratified_groups(records: Sequence[Record], stratify: Sequence[str], seed: int) -> list[list[list[int]]]:
    """Near-duplicate groups (lists of record positions) per stratum: strata in sorted label order,
    groups within each in a seeded order; a group's stratum is that of its member with the smallest id."""
    groups = near_duplicate_groups([f"{r.title or ''}\n{r.text}" for r in records])
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    strata: dict[tuple, list[list[int]]] = defaultdict(list)
    for docs in members.values():
        first = min(docs, key=lambda i: records[i].id)
        strata[tuple(records[first].labels.get(name, "") for name in stratify)].append(docs)
    return [
        sorted(strata[key], key=lambda docs: _order_key(seed, [records[i].id for i in docs])) for key in sorted(strata)
    ]


def split_records(
    records: Sequence[Record],
    *,
    dev: float = 0.15,
    test: float = 0.2,
    seed: int = 13,
    stratify: Sequence[str] = ("type", "level"),
) -> dict[str, list[Record]]:
    """Split into ``train``/``dev``/``test``: disjoint, deterministic, stratified by ``stratify`` labels,
    near-duplicates on one side. Small strata still put one group in test (2+ groups) and one in dev
    (3+ groups) so that rare classes are measured."""
    strata = _stratified_groups(records, stratify, seed)

    assignment: dict[int, str] = {}
    for stratum in strata:
        total = sum(len(d) for d in stratum)
        want_test = max(round(total * test), 1 if len(stratum) >= 2 else 0)
        want_dev = max(round(total * dev), 1 if len(stratum) >= 3 else 0)
        got = Counter()
        for docs in stratum:
            if got["test"] < want_test:
                side = "test"
            elif got["dev"] < want_dev:
                side = "dev"
            else:
                side = "train"
            got[side] += len(docs)
            for i in docs:
                assignment[i] = side
    out: dict[str, list[Record]] = {name: [] for name in SPLITS}
    for i, record in enumerate(records):
        out[assignment[i]].append(record)
    return out


def kfold_assignments(
    records: Sequence[Record], *, k: int = 5, seed: int = 13, stratify: Sequence[str] = ("type", "level")
) -> list[int]:
    """Fold number (0..k-1) per record for cross-validation: near-duplicates share a fold, and each
    stratum's groups are dealt round-robin in a seeded order, so every fold sees every common class."""
    strata = _stratified_groups(records, stratify, seed)
    folds = [0] * len(records)
    offset = 0
    for stratum in strata:
        for j, docs in enumerate(stratum):
            for i in docs:
                folds[i] = (offset + j) % k
        offset += len(stratum)  # rare strata start where the last one stopped: folds stay balanced
    return folds
