"""Candidate features for the issuer extractor, and a linear ranker over them applied with numpy.

:func:`features` describes each candidate organisation of a report (where its mentions stand, what
the sentences around them say, the pattern that found it, the level its name implies, how it relates
to the other candidates, and the hand-written rules' score). :class:`Ranker` scores candidates with
weights read from ``resources/issuer_ranker.json`` (fitted by :mod:`classify.training.issuer_ranker`, a
logistic regression over these features, and written by ``scripts/train_issuer_ranker.py --write``; no
scikit-learn at predict time).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from classify.issuer.candidates import Candidate as _Candidate
    from classify.issuer.knowledge import Knowledge

LEVELS = ("central", "group", "subsidiary", "branch", "local")
REASONS = (
    "convenes",
    "subject of the sentence",
    "opens its clause",
    "a person's affiliation",
    "attends or speaks",
    "a place visited or addressed",
)
ORIGINS = ("known", "central pattern", "subject", "repeated subject")
ZONES = ("title", "subtitle", "first sentence", "lead")


def features(kb: Knowledge, text: str, zones: list, cands: list[_Candidate]) -> None:
    """Fill ``cand.features`` for every candidate of one report (in place)."""
    if not cands:
        return
    top = max(c.total for c in cands)
    top_cand = max(cands, key=lambda c: (c.total, -c.first))
    heads = tuple(kb.heads(*kb.rules["heads"]))
    names = [c.best.name for c in cands]
    n = max(len(text), 1)
    for cand in cands:
        f: dict[str, float] = {}
        f["rule_total"] = cand.total
        f["rule_best"] = cand.best.score
        f["rule_gap"] = top - cand.total
        f["rule_top"] = float(cand is top_cand)
        count = len(cand.group)
        f["log_count"] = math.log1p(count)
        f["first_pos"] = cand.first / n
        f["log_first"] = math.log1p(cand.first) / 8
        in_zone = {z: 0.0 for z in ZONES}
        for m in cand.group:
            zone = next((z[2] for z in zones if z[0] <= m.start < z[1]), "body")
            if zone in in_zone:
                in_zone[zone] += 1.0
        for z in ZONES:
            f[f"zone_{z}"] = float(in_zone[z] > 0)
        f["title_count"] = min(in_zone["title"], 3.0)
        f["body_only"] = float(not any(in_zone.values()))
        reasons = {r for m in cand.group for r in m.reasons}
        best_reasons = set(cand.best.reasons)
        for r in REASONS:
            f[f"any_{r}"] = float(r in reasons)
            f[f"best_{r}"] = float(r in best_reasons)
        for o in ORIGINS:
            f[f"origin_{o}"] = float(cand.best.origin == o)
        name = cand.best.name
        level = kb.level_of(name).level
        for lv in LEVELS:
            f[f"level_{lv}"] = float(level == lv)
        f["level_none"] = float(level is None)
        f["bare_place"] = float(0 < kb.place_prefix(name) == len(name))
        f["has_head"] = float(name.endswith(heads))
        f["known_prefix"] = float(kb.longest_prefix(name) is not None)
        f["length"] = min(len(name), 30) / 10
        f["prefix_of_other"] = float(any(o != name and o.startswith(name) for o in names))
        f["inside_other"] = float(any(o != name and name in o for o in names))
        f["contains_other"] = float(any(o != name and o in name for o in names))
        f["central_word"] = float(bool(re.search(r"中央|国务院|全国", name)))
        cand.features = f


class Ranker:
    """A linear score over standardised candidate features: ``w . (x - mean) / scale``."""

    def __init__(self, data: dict) -> None:
        self.names: list[str] = data["features"]
        self.mean = np.asarray(data["mean"], dtype=float)
        self.scale = np.asarray(data["scale"], dtype=float)
        self.weights = np.asarray(data["weights"], dtype=float)
        self.meta = {k: v for k, v in data.items() if k not in ("features", "mean", "scale", "weights")}

    def matrix(self, cands: list[_Candidate]) -> np.ndarray:
        return np.array([[c.features.get(k, 0.0) for k in self.names] for c in cands], dtype=float)

    def scores(self, cands: list[_Candidate]) -> np.ndarray:
        if not cands:
            return np.zeros(0)
        return ((self.matrix(cands) - self.mean) / self.scale) @ self.weights

    def choose(self, cands: list[_Candidate]) -> _Candidate | None:
        if not cands:
            return None
        scores = self.scores(cands)
        return max(zip(scores, cands, strict=True), key=lambda sc: (sc[0], -sc[1].first))[1]


@lru_cache(maxsize=1)
def packaged_ranker() -> Ranker | None:
    """The ranker shipped in ``resources/issuer_ranker.json``, or ``None`` when there is none."""
    path = files("classify.resources").joinpath("issuer_ranker.json")
    if not path.is_file():
        return None
    return Ranker(json.loads(path.read_text(encoding="utf-8")))
